/**
 * A pack's side file (tokenizer, bundle) checked before anything is copied: read within the size limit every
 * side file has, then parsed; a missing or unreadable file is a ModelPackError naming it, with what to do.
 */
import path from 'node:path';
import { ModelPackError } from './model-pack-error';
import { MAX_TEXT_FILE_BYTES, readLimited } from './pack-recognition';

export async function checkSideFile(
  file: string,
  code: 'vocab-missing' | 'config-invalid',
  parse: (bytes: Buffer) => unknown,
  hint: string,
): Promise<void> {
  try {
    parse(await readLimited(file, MAX_TEXT_FILE_BYTES, `a ${path.basename(file)}`));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ModelPackError(
      code,
      missing
        ? `${path.dirname(file)} has no ${path.basename(file)}`
        : `${path.basename(file)}: ${(error as Error).message}`,
      hint,
      file,
    );
  }
}
