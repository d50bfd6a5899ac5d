/**
 * Exports follow the timeline exactly: a trimmed, faded take, a turn overlapping it (cross-talk, summed) and
 * a turn after a gap land where the timeline says, sample for sample. The expected signal is computed here
 * from the tones the takes were made of (not by the assembler), and ffmpeg decodes the exported WAV.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Project, Segment } from '../../../shared/model/project';
import { runTool } from '../audio/testing/oracle';
import { TakeStore } from '../render/take-store';
import { exportProject } from './export-service';
import { wavExportOptions } from './testing/episode-fixture';

const RATE = 24_000;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A tone: `amplitude(i)` times a sine of `hz`, `ms` long at RATE. */
function tone(ms: number, hz: number, amplitude: (i: number) => number): Float32Array {
  const out = new Float32Array((ms * RATE) / 1000);
  for (let i = 0; i < out.length; i++) out[i] = amplitude(i) * Math.sin((2 * Math.PI * hz * i) / RATE);
  return out;
}

const at = (ms: number) => (ms * RATE) / 1000;
/** The documented fade: raised cosine over `length` samples. */
const rise = (i: number, length: number) => (i >= length ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * i) / length));

describe('an export with trims, fades and an overlap', () => {
  it('places, trims, fades and sums the turns as the timeline shows them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-clip-export-'));
    dirs.push(dir);
    const store = new TakeStore(path.join(dir, 'takes'));
    // A: 1000 ms at 0.3, except a loud 0.8 first 200 ms and last 100 ms that the trims cut away.
    const a = tone(1000, 440, (i) => (i < at(200) || i >= at(900) ? 0.8 : 0.3));
    const b = tone(600, 660, () => 0.25);
    const c = tone(400, 550, () => 0.3);
    const voice = { engine: 'test', voice: 'v', params: { ratePercent: 100, pitchSemitones: 0 } };
    const segments: Segment[] = [];
    for (const [index, [pcm, extra]] of (
      [
        [a, { trimStartMs: 200, trimEndMs: 100, fadeInMs: 100 }],
        [b, { overlapMs: 300 }],
        [c, { gapBeforeMs: 500, fadeOutMs: 200 }],
      ] as const
    ).entries()) {
      const hash = `${index + 1}`.padStart(16, '0');
      const meta = await store.put(hash, pcm, RATE, { engine: 'test', voice: 'v', text: `t${index}` });
      segments.push({
        id: `s${index}`,
        speakerId: index === 1 ? 'b' : 'a',
        text: `t${index}`,
        gapBeforeMs: 0,
        take: { hash, durationSamples: meta.durationSamples, sampleRate: RATE, createdAtMs: 0 },
        takeHistory: [],
        locked: false,
        ...extra,
      });
    }
    const project: Project = {
      schemaVersion: 3,
      title: 'Clips',
      sampleRate: RATE,
      speakers: [
        { id: 'a', name: 'A', color: '#112233', voice, gainDb: 0 },
        { id: 'b', name: 'B', color: '#445566', voice, gainDb: 0 },
      ],
      segments,
      chapters: [],
      settings: { defaultGapMs: 350, loudnessTargetLufs: null, pronunciations: [] },
    };
    const options = { ...wavExportOptions(null), sampleRate: 24_000 as const, bitDepth: 24 as const };
    await exportProject({ project, store, basePath: path.join(dir, 'ep'), options });

    const raw = runTool('ffmpeg', ['-v', 'error', '-i', path.join(dir, 'ep.wav'), '-f', 's32le', '-']).stdout;
    const pcm = new Int32Array(raw.buffer, raw.byteOffset, raw.length / 4);
    const got = (i: number) => (pcm[i] as number) / 2 ** 31;

    // The timeline by hand: A 0–700 ms (trimmed 1000 − 200 − 100), B 400–1000 ms (300 ms before A's end),
    // a 500 ms gap, C 1500–1900 ms.
    expect(pcm.length).toBe(at(1900));
    const edge = at(5); // the 5 ms click guard at every clip edge (edge-fades.ts)
    const aAt = (n: number) => (n < 0 || n >= at(700) ? 0 : (a[n + at(200)] as number) * rise(n, at(100)));
    const bAt = (n: number) => (n < at(400) || n >= at(1000) ? 0 : (b[n - at(400)] as number));
    const cAt = (n: number) => {
      if (n < at(1500) || n >= at(1900)) return 0;
      const k = n - at(1500);
      return (c[k] as number) * rise(at(400) - 1 - k, at(200));
    };
    let worst = 0;
    const check = (from: number, to: number, expected: (n: number) => number) => {
      for (let n = from; n < to; n++) worst = Math.max(worst, Math.abs(got(n) - expected(n)));
    };
    check(edge, at(400), aAt); // A alone, faded in, the loud trimmed-away start nowhere
    check(at(400) + edge, at(700) - edge, (n) => aAt(n) + bAt(n)); // the overlap is the sum
    check(at(700) + edge, at(1000) - edge, bAt); // B alone after A ends
    check(at(1000), at(1500), () => 0); // the gap is digital silence
    check(at(1500) + edge, at(1900) - edge, cAt); // C, faded out
    expect(worst).toBeLessThan(1e-4); // takes are stored as 16-bit WAV; one sample off would be ~0.04

    // The fades have their shape: half way at their middles (the sample against the take's own tone).
    const middle = at(50) + 3;
    expect(got(middle) / (0.3 * Math.sin((2 * Math.PI * 440 * (middle + at(200))) / RATE))).toBeCloseTo(
      rise(middle, at(100)),
      3,
    );
    expect(rise(middle, at(100))).toBeCloseTo(0.5, 2);
    // Nothing of the loud parts the trims removed (0.8) is in the file.
    let peak = 0;
    for (let n = 0; n < at(400); n++) peak = Math.max(peak, Math.abs(got(n)));
    expect(peak).toBeLessThan(0.31);
  });
});
