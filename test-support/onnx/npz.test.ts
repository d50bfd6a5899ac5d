/**
 * The .npz reader against archives written by this suite's writer (stored, deflated, ZIP64 local headers)
 * and, where Python with NumPy is installed, against real `numpy.savez` / `savez_compressed` output.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { npzVoiceIds, styleRow, voicesFromNpz } from '../../electron/worker/engines/kokoro/kokoro-voices';
import { extractZipEntry, readZipEntries } from '../../electron/worker/engines/kokoro/zip-archive';
import { makeTempDir } from './test-helpers';
import { writeNpyFloat32, writeZip } from './zip-writer';

const temp = makeTempDir('npz');
afterAll(() => temp.cleanup());

function hasNumpy(): boolean {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function voice(seed: number, rows = 510): Float32Array {
  return Float32Array.from({ length: rows * 256 }, (_, i) => Math.sin(seed + i * 0.01));
}

describe('npz voice archives', () => {
  for (const compression of ['stored', 'deflate'] as const) {
    it(`reads ${compression} members with ZIP64 local headers, as numpy writes them`, () => {
      const archive = writeZip(
        [
          { name: 'af_one.npy', data: writeNpyFloat32([510, 1, 256], voice(1)) },
          { name: 'bm_two.npy', data: writeNpyFloat32([510, 256], voice(2)) },
        ],
        { compression },
      );
      expect(npzVoiceIds(archive)).toEqual(['af_one', 'bm_two']);
      const voices = voicesFromNpz(archive);
      expect(voices.map((v) => [v.id, v.rows])).toEqual([
        ['af_one', 510],
        ['bm_two', 510],
      ]);
      expect(Array.from(styleRow(voices[1]!, 7))).toEqual(Array.from(voice(2).slice(7 * 256, 8 * 256)));
    });
  }

  it('detects damage: a flipped byte fails the CRC, a truncated file has no directory', () => {
    const archive = writeZip([{ name: 'af_one.npy', data: writeNpyFloat32([2, 1, 256], voice(1, 2)) }], {
      compression: 'stored',
    });
    const damaged = Buffer.from(archive);
    const entry = readZipEntries(damaged)[0]!;
    damaged[entry.localHeaderOffset + 30 + 'af_one.npy'.length + 20 + 200]! ^= 0xff;
    expect(() => extractZipEntry(damaged, entry)).toThrow(/CRC/);
    expect(() => voicesFromNpz(archive.subarray(0, archive.length - 30))).toThrow(/voices\.npz/);
  });

  it.skipIf(!hasNumpy())('reads real numpy.savez and savez_compressed archives', () => {
    const script = [
      'import numpy as np, sys',
      'a = np.sin(np.arange(510*256, dtype=np.float32) * 0.01 + 1).reshape(510, 1, 256).astype(np.float32)',
      'b = np.cos(np.arange(510*256, dtype=np.float32) * 0.02).reshape(510, 1, 256).astype(np.float32)',
      'np.savez(sys.argv[1], af_heart=a, bm_lewis=b)',
      'np.savez_compressed(sys.argv[2], af_heart=a, bm_lewis=b)',
    ].join('\n');
    const stored = path.join(temp.dir, 'voices.npz');
    const compressed = path.join(temp.dir, 'voices-compressed.npz');
    execFileSync('python3', ['-c', script, stored, compressed]);
    for (const file of [stored, compressed]) {
      const voices = voicesFromNpz(fs.readFileSync(file), file);
      expect(voices.map((v) => v.id)).toEqual(['af_heart', 'bm_lewis']);
      const row = styleRow(voices[0]!, 3);
      expect(row[5]).toBeCloseTo(Math.sin((3 * 256 + 5) * 0.01 + 1), 5);
    }
  });
});
