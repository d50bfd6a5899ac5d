/** `--pronunciations <file>`: a pronunciation list file (shared/text/pronunciation-list.ts) for a render. */
import fs from 'node:fs/promises';
import { decodeScriptBytes } from '../../shared/script/decode-script';
import { readPronunciationList } from '../../shared/text/pronunciation-list';
import type { Pronunciation } from '../../shared/text/pronunciations';
import { UserError } from './cli-io';

const MAX_FILE_BYTES = 1024 * 1024;

export async function readPronunciationFile(file: string): Promise<Pronunciation[]> {
  let bytes: Buffer;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new UserError(`--pronunciations "${file}" is not a file`);
    if (stat.size > MAX_FILE_BYTES)
      throw new UserError(
        `--pronunciations "${file}" is larger than 1 MB`,
        'a pronunciation list is a few words per line',
      );
    bytes = await fs.readFile(file);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      `cannot read the pronunciations "${file}": ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  return parsePronunciations(decodeScriptBytes(bytes).text, file);
}

/** The entries of a pronunciation file's text; a UserError listing every problem with its line. */
export function parsePronunciations(text: string, name: string): Pronunciation[] {
  const reading = readPronunciationList(text, name);
  if (reading.ok) return reading.entries;
  const { problems } = reading;
  throw new UserError(
    `the pronunciation list has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n  ${problems.slice(0, 20).join('\n  ')}`,
    'write one word per line as `written = said as`, e.g. `SQL = sequel`',
  );
}
