import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTimeline } from '../../../shared/model/timeline';
import { collectFloat32 as collect } from '../../../test-support/float32';
import { ffmpegDecode, ffmpegEbur128 } from '../audio/testing/oracle';
import { TakeStore } from '../render/take-store';
import { exportProject } from './export-service';
import { CLIP_GUARD_DBTP } from './loudness/gain';
import { exportSource } from './export-source';

/** `<dir>/<folder>/ep`, with the folder made (an export writes only into folders that exist). */
function outBase(dir: string, folder: string): string {
  fs.mkdirSync(path.join(dir, folder), { recursive: true });
  return path.join(dir, folder, 'ep');
}
import { projectWithTakes, wavExportOptions } from './testing/episode-fixture';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A full-scale square wave: at full scale in the take, over it once resampled (the filter rings). */
function fullScaleSquare(seconds: number, sampleRate: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(i / 9) % 2 === 0 ? 32_767 / 32_768 : -1;
  return out;
}

describe('export without loudness normalisation', () => {
  it('holds true peaks under the clip guard where a take would clip, and leaves the rest as it was', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-clip-guard-'));
    dirs.push(dir);
    const store = new TakeStore(path.join(dir, 'takes'));
    const project = await projectWithTakes(store, { 0: fullScaleSquare(0.5, 22_050) });
    const source = await collect(exportSource(project, store, 44_100, 1));
    const firstTurn = buildTimeline(project).entries[0]!;
    const overs = source.subarray(0, firstTurn.endSample).filter((v) => Math.abs(v) >= 1).length;
    expect(overs).toBeGreaterThan(100); // without the guard, these would be clipped samples

    const options = wavExportOptions(null);
    const result = await exportProject({ project, store, basePath: outBase(dir, 'out'), options });
    expect(result.checks).toMatchObject({ clippedSamples: 0, ok: true });
    const wav = path.join(dir, 'out', 'ep.wav');
    expect(ffmpegEbur128(wav).truePeakDbtp).toBeLessThanOrEqual(CLIP_GUARD_DBTP + 0.1);
    expect(fs.readFileSync(`${wav.slice(0, -4)}.report.txt`, 'utf8')).toContain(
      `true peaks held under ${CLIP_GUARD_DBTP} dBTP`,
    );

    // Turns that stay under the guard are the source, quantised: bit for bit once the limiter has
    // recovered (turns 3-5, a second and more after the square); turn 2, 190 ms after it, still gets the
    // tail of the release (under 0.25 dB, fading).
    const decoded = new Int16Array(new Uint8Array(ffmpegDecode(wav, 's16le')).buffer);
    expect(decoded.length).toBe(source.length);
    const entries = buildTimeline(project).entries;
    const quantised = (i: number) =>
      Math.max(-32_768, Math.min(32_767, Math.round((source[i] as number) * 32_768)));
    let compared = 0;
    let differing = 0;
    for (const entry of entries.slice(2)) {
      for (let i = entry.startSample; i < entry.endSample; i++) {
        if (decoded[i] !== quantised(i)) differing++;
        compared++;
      }
    }
    const second = entries[1]!;
    for (let i = second.startSample; i < second.endSample; i++) {
      expect(Math.abs((decoded[i] as number) - quantised(i))).toBeLessThanOrEqual(
        Math.abs(quantised(i)) * 0.03 + 1,
      );
    }
    expect(compared).toBeGreaterThan(44_100);
    expect(differing).toBe(0);
  });
});
