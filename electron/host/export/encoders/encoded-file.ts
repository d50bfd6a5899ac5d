/** What a finished encoder reports: its own totals plus the size of the file on disk. */
import { stat } from 'node:fs/promises';
import type { EncodedFile } from './audio-encoder';

export async function encodedFile(file: Omit<EncodedFile, 'bytes'>): Promise<EncodedFile> {
  return { ...file, bytes: (await stat(file.path)).size };
}
