/**
 * A voice cache file (a clip's encoded voice) written by the worker as every file the app writes is: to a
 * temporary name of its own (`<file>.roundtable-<pid>-<12 hex>.tmp`, the host's convention, so its stale-file
 * sweep knows it), then renamed over the target. The temporary file is removed on any failure (a full disk
 * while writing as much as a failed rename), so a failed write leaves nothing behind.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';

export async function writeVoiceCacheFile(file: string, bytes: Uint8Array): Promise<void> {
  const temp = `${file}.roundtable-${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temp, bytes);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
