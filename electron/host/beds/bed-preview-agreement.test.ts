/**
 * The studio's preview and the export agree on a bed's gain: the export's mix (a DC bed, so its gain reads
 * straight off the output) against the preview's curve from the same speech's peaks (as getPeaks gives
 * them) at the control rate, over fades, ducking, a pause within a turn and the release after it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Bed } from '../../../shared/model/beds';
import { placeBed } from '../../../shared/model/bed-placement';
import {
  bedGainCurve,
  curveGainAt,
  PREVIEW_CONTROL_RATE,
  speechKeyFromPeaks,
  type KeyTurn,
} from '../../../shared/model/bed-preview';
import type { Project } from '../../../shared/model/project';
import { computePeaks } from '../audio/peaks';
import { WavWriter } from '../audio/wav-writer';
import { SAMPLES_PER_PEAK } from '../render/take-store';
import { mixBeds } from './bed-mixer';
import { BedStore } from './bed-store';

const RATE = 24_000;
const LEVEL = 0.25;
const SECONDS = 8;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bedpreview-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const store = new BedStore(dir);

/** Two turns of "speech" (a 220 Hz tone): [1.0, 2.6) s with a 600 ms pause at 1.5 s, and [4.0, 4.9) s. */
const turns = [
  { startMs: 1000, durationMs: 1600, sound: (ms: number) => ms < 500 || ms >= 1100 },
  { startMs: 4000, durationMs: 900, sound: () => true },
];

function takeOf(turn: (typeof turns)[number]): Float32Array {
  const pcm = new Float32Array(Math.round((turn.durationMs * RATE) / 1000));
  for (let i = 0; i < pcm.length; i++) {
    if (turn.sound((i * 1000) / RATE)) pcm[i] = 0.4 * Math.sin((2 * Math.PI * 220 * i) / RATE);
  }
  return pcm;
}

function speechBus(): Float32Array {
  const bus = new Float32Array(SECONDS * RATE);
  for (const turn of turns) bus.set(takeOf(turn), Math.round((turn.startMs * RATE) / 1000));
  return bus;
}

async function dcBed(): Promise<Bed['audio']> {
  const file = path.join(dir, 'dc.wav');
  const writer = await WavWriter.create(file, { sampleRate: RATE, channels: 1, bitDepth: 24 });
  await writer.write(new Float32Array(SECONDS * RATE).fill(LEVEL));
  await writer.close();
  return store.importFile(file);
}

describe('bed preview curve', () => {
  it('matches the export mix: level, fades and ducking at given times', async () => {
    const audio = await dcBed();
    const bed: Bed = {
      id: 'b',
      audio,
      anchor: { kind: 'start' },
      offsetMs: 200,
      durationMs: 7500,
      loop: false,
      fadeInMs: 500,
      fadeOutMs: 700,
      gainDb: -3,
      duck: { depthDb: -15, attackMs: 300, releaseMs: 600 },
    };
    const project = { segments: [], beds: [bed] } as unknown as Project;
    const timeline = { sampleRate: RATE, entries: [], totalSamples: SECONDS * RATE };

    // The export: the mixer over the speech bus.
    const bus = speechBus();
    const exported = new Float32Array(bus.length);
    let at = 0;
    async function* blocks() {
      for (let i = 0; i < bus.length; i += 5000) yield bus.slice(i, i + 5000);
    }
    for await (const block of mixBeds(blocks(), {
      placed: [placeBed(bed, project, timeline, RATE)],
      store,
      sampleRate: RATE,
      channels: 1,
      totalFrames: bus.length,
    })) {
      exported.set(block, at);
      at += block.length;
    }
    const exportGain = (ms: number) => {
      const i = Math.round((ms * RATE) / 1000);
      return ((exported[i] as number) - (bus[i] as number)) / LEVEL;
    };

    // The preview: peaks of each take as getPeaks gives them, at the control rate.
    const keyTurns: KeyTurn[] = turns.map((turn) => ({
      startMs: turn.startMs,
      durationMs: turn.durationMs,
      trimStartMs: 0,
      gainAt: () => 1,
      peaks: {
        sampleRate: RATE,
        samplesPerPeak: SAMPLES_PER_PEAK,
        peaks: computePeaks(takeOf(turn), SAMPLES_PER_PEAK),
      },
    }));
    const rate = PREVIEW_CONTROL_RATE;
    const key = speechKeyFromPeaks(keyTurns, rate, SECONDS * rate);
    const curve = bedGainCurve(placeBed(bed, project, timeline, rate), key, rate);
    const previewGain = (ms: number) => curveGainAt(curve, ms);
    const db = (gain: number) => 20 * Math.log10(gain);

    // Steady points agree to a hundredth of a dB.
    for (const ms of [100, 1200, 2000, 4500, 7000]) {
      expect(Math.abs(previewGain(ms) - exportGain(ms)), `at ${ms} ms`).toBeLessThan(0.002);
    }
    expect(previewGain(100)).toBe(0); // before the bed
    expect(db(previewGain(2000))).toBeCloseTo(-18, 1); // level -3 dB, ducked -15 dB
    expect(db(previewGain(7000))).toBeCloseTo(-3, 1); // released
    // Ramps (fades, attack, release, the pause within the first turn) agree within a control frame and a
    // peak block: the export's gain at t is one the preview has within that much of t, except where a
    // release turns into an attack (the pause): both edges move by up to that much, so ~0.5 dB there.
    const slackMs = 1000 / rate + (SAMPLES_PER_PEAK / RATE) * 1000;
    let worstDb = 0;
    for (let ms = 200; ms < 7700; ms += 5) {
      const e = exportGain(ms);
      if (e < 0.05) continue; // the first and last frames of the fades: dB says nothing there
      let best = Number.POSITIVE_INFINITY;
      for (let near = ms - slackMs; near <= ms + slackMs; near += 1) {
        const p = previewGain(near);
        if (p > 0) best = Math.min(best, Math.abs(db(p) - db(e)));
      }
      worstDb = Math.max(worstDb, best);
    }
    expect(worstDb).toBeLessThan(0.6);
    // The pause inside the first turn (600 ms) is longer than the hold and the attack: both come up in it.
    const highest = (gain: (ms: number) => number) =>
      Math.max(...Array.from({ length: 21 }, (_, k) => db(gain(1700 + 10 * k))));
    expect(highest(exportGain)).toBeGreaterThan(-17.5);
    expect(highest(previewGain)).toBeGreaterThan(-18 + 0.2);
  });

  it('counts a turn whose peaks are unknown as speech from end to end', () => {
    const key = speechKeyFromPeaks(
      [{ startMs: 1000, durationMs: 500, trimStartMs: 0, gainAt: () => 1, peaks: null }],
      100,
      300,
    );
    expect(key.indexOf(1)).toBe(100);
    expect(key.lastIndexOf(1)).toBe(149);
  });

  it('hears a trimmed take from its trim and a turn at its level', () => {
    const pcm = new Float32Array(RATE); // 1 s: loud in its first half only
    for (let i = 0; i < RATE / 2; i++) pcm[i] = 0.3;
    const peaks = {
      sampleRate: RATE,
      samplesPerPeak: SAMPLES_PER_PEAK,
      peaks: computePeaks(pcm, SAMPLES_PER_PEAK),
    };
    const trimmed = speechKeyFromPeaks(
      [{ startMs: 0, durationMs: 400, trimStartMs: 300, gainAt: () => 1, peaks }],
      100,
      100,
    );
    expect(trimmed.lastIndexOf(1)).toBe(20); // 200 ms of loud audio heard from 300 ms into the take
    const quiet = speechKeyFromPeaks(
      [{ startMs: 0, durationMs: 1000, trimStartMs: 0, gainAt: () => 0.001, peaks }],
      100,
      100,
    );
    expect(quiet.indexOf(1)).toBe(-1); // at -60 dB the speech is under the threshold
  });
});
