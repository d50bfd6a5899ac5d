/**
 * An export at another rate than the project's (the desktop app's projects are 24 kHz, exports 44.1 kHz by
 * default) resamples each take once, from its own rate straight to the export's: turns at their places,
 * sample for sample a single resampling of the take (ffmpeg decodes the file).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTimeline } from '../../../shared/model/timeline';
import { resample } from '../audio/resampler';
import { ffmpegDecode } from '../audio/testing/oracle';
import { fadeEdges } from '../render/edge-fades';
import { TakeStore } from '../render/take-store';
import { exportProject } from './export-service';
import { burst, projectWithTakes, wavExportOptions } from './testing/episode-fixture';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('export at a rate other than the project rate', () => {
  it('resamples each take once, straight from its own rate, and keeps the turns at their places', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-export-rate-'));
    dirs.push(dir);
    const store = new TakeStore(path.join(dir, 'takes'));
    // Peaks well under the clip guard, so without normalisation the export is the assembled source.
    const project = {
      ...(await projectWithTakes(store, { 2: burst(0.94, 22_050, 3, 0.5) })),
      sampleRate: 24_000,
    };
    const options = { ...wavExportOptions(null), bitDepth: 24 as const };
    await exportProject({ project, store, basePath: path.join(dir, 'ep'), options });

    const bytes = ffmpegDecode(path.join(dir, 'ep.wav'), 's32le');
    const decoded = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    const atExportRate = buildTimeline({ ...project, sampleRate: 44_100 });
    expect(decoded.length).toBe(atExportRate.totalSamples);

    let worstOnce = 0;
    let worstTwice = 0;
    for (const [index, segment] of project.segments.entries()) {
      const entry = atExportRate.entries[index]!;
      const take = await store.read(segment.take!.hash);
      const faded = fadeEdges(take.pcm, take.sampleRate);
      const once = resample(faded, take.sampleRate, 44_100);
      const twice = resample(resample(faded, take.sampleRate, 24_000), 24_000, 44_100);
      expect(entry.endSample - entry.startSample).toBe(once.length);
      for (let i = entry.gapStartSample; i < entry.startSample; i++) expect(decoded[i]).toBe(0);
      for (let i = 0; i < once.length; i++) {
        const got = (decoded[entry.startSample + i] as number) / 2 ** 31;
        worstOnce = Math.max(worstOnce, Math.abs(got - (once[i] as number)));
        if (i < twice.length) worstTwice = Math.max(worstTwice, Math.abs(got - (twice[i] as number)));
      }
    }
    // 24-bit quantisation is 2^-24 at most; going through 24 kHz would differ far more.
    expect(worstOnce).toBeLessThanOrEqual(2 ** -23);
    expect(worstTwice).toBeGreaterThan(1e-4);
  });
});
