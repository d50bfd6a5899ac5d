/** SHA-256 of files, computed while streaming (never the whole file in memory). */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface HashedFile {
  sha256: string;
  bytes: number;
}

/** Called with the bytes of each chunk as it is hashed (progress of imports and verifies). */
export type OnHashedBytes = (bytes: number) => void;

export async function hashFile(file: string, onBytes?: OnHashedBytes): Promise<HashedFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    onBytes?.((chunk as Buffer).length);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Copies `source` to a new file `target` (fails if it exists), hashing the bytes on the way, then fsyncs. */
export async function copyWithHash(
  source: string,
  target: string,
  onBytes?: OnHashedBytes,
): Promise<HashedFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes?.(chunk.length);
      done(null, chunk);
    },
  });
  await pipeline(createReadStream(source), tap, createWriteStream(target, { flags: 'wx' }));
  const handle = await fs.open(target, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest('hex'), bytes };
}
