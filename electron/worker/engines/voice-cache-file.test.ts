import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeVoiceCacheFile } from './voice-cache-file';

let dir = '';
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('writeVoiceCacheFile', () => {
  it('writes the bytes under the name, with no temporary file beside it', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-voice-cache-'));
    const file = path.join(dir, 'a.emb');
    await writeVoiceCacheFile(file, Uint8Array.of(1, 2, 3));
    expect([...fs.readFileSync(file)]).toEqual([1, 2, 3]);
    expect(fs.readdirSync(dir)).toEqual(['a.emb']);
  });

  it('leaves nothing behind when the rename fails', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-voice-cache-'));
    const file = path.join(dir, 'taken');
    fs.mkdirSync(path.join(file, 'inside'), { recursive: true }); // a non-empty folder: rename over it fails
    await expect(writeVoiceCacheFile(file, Uint8Array.of(1))).rejects.toThrow();
    expect(fs.readdirSync(dir)).toEqual(['taken']);
  });
});
