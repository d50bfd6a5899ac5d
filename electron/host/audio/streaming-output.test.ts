import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AudioArgumentError, AudioClosedError } from './audio-errors';
import { StreamingOutput, wholeFrames } from './streaming-output';
import { tempFilesOf } from '../files/testing/temp-files-of';

const dir = mkdtempSync(path.join(os.tmpdir(), 'streaming-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const names = { writer: 'The test writer', writeCall: 'TestWriter.write()' };

describe('StreamingOutput', () => {
  it('writes under a temp name of its own and commits under the real name', async () => {
    const file = path.join(dir, 'ok.bin');
    const output = await StreamingOutput.open(file, names, async (o) => o);
    await output.write(() => output.file.append(new Uint8Array([1, 2])));
    expect(tempFilesOf(file)).toHaveLength(1);
    await output.finish(() => output.file.append(new Uint8Array([3])));
    expect([...readFileSync(file)]).toEqual([1, 2, 3]);
    expect(tempFilesOf(file)).toEqual([]);
  });

  it('refuses a write while the previous one runs, and any call after finish', async () => {
    const file = path.join(dir, 'busy.bin');
    const output = await StreamingOutput.open(file, names, async (o) => o);
    let release = (): void => undefined;
    const first = output.write(() => new Promise<void>((resolve) => (release = resolve)));
    await expect(output.write(async () => undefined)).rejects.toThrow(
      'TestWriter.write() was called before the previous write finished; await each call.',
    );
    await expect(output.finish(async () => undefined)).rejects.toBeInstanceOf(AudioArgumentError);
    release();
    await first;
    await output.finish(async () => undefined);
    await expect(output.write(async () => undefined)).rejects.toThrow(
      `The test writer for ${file} is already closed`,
    );
    await expect(output.finish(async () => undefined)).rejects.toBeInstanceOf(AudioClosedError);
  });

  it('discards the partial file when the header or the trailer cannot be written', async () => {
    const header = path.join(dir, 'header.bin');
    await expect(
      StreamingOutput.open(header, names, async () => {
        throw new Error('no header');
      }),
    ).rejects.toThrow('no header');
    expect(tempFilesOf(header)).toEqual([]);

    const trailer = path.join(dir, 'trailer.bin');
    const output = await StreamingOutput.open(trailer, names, async (o) => o);
    await expect(
      output.finish(async () => {
        throw new Error('no trailer');
      }),
    ).rejects.toThrow('no trailer');
    expect(tempFilesOf(trailer)).toEqual([]);
    expect(existsSync(trailer)).toBe(false);
    await output.abort();
  });

  it('counts whole frames and refuses a block that is not', () => {
    expect(wholeFrames(new Float32Array(6), 2)).toBe(3);
    expect(() => wholeFrames(new Float32Array(5), 2)).toThrow(
      'A 2-channel block must hold whole frames; got 5 samples.',
    );
  });
});
