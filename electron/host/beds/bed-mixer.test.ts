/** The bed mix in numbers: a DC bed (so its gain reads straight off the output) under a burst of "speech". */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Bed } from '../../../shared/model/beds';
import type { PlacedBed } from '../../../shared/model/bed-placement';
import { placeBed, programFrames } from '../../../shared/model/bed-placement';
import type { Project } from '../../../shared/model/project';
import { WavWriter } from '../audio/wav-writer';
import { DUCK_HOLD_MS } from '../../../shared/model/bed-envelope';
import { mixBeds } from './bed-mixer';
import { BedStore } from './bed-store';

const RATE = 8000;
const LEVEL = 0.25;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bedmix-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const store = new BedStore(dir);

async function dcBed(seconds: number, channels: 1 | 2 = 1, rate = RATE): Promise<Bed['audio']> {
  const file = path.join(dir, `dc-${seconds}-${channels}-${rate}.wav`);
  const writer = await WavWriter.create(file, { sampleRate: rate, channels, bitDepth: 24 });
  await writer.write(new Float32Array(seconds * rate * channels).fill(LEVEL));
  await writer.close();
  return store.importFile(file);
}

function bedOf(audio: Bed['audio'], extra: Partial<Bed> = {}): Bed {
  return {
    id: 'b',
    audio,
    anchor: { kind: 'start' },
    offsetMs: 0,
    loop: false,
    fadeInMs: 0,
    fadeOutMs: 0,
    gainDb: 0,
    ...extra,
  };
}

/** Speech: silence with a full-scale-ish burst over [fromS, toS). */
function speech(seconds: number, fromS: number, toS: number): Float32Array {
  const pcm = new Float32Array(seconds * RATE);
  for (let i = fromS * RATE; i < toS * RATE; i++) pcm[i] = i % 2 === 0 ? 0.5 : -0.5;
  return pcm;
}

async function mix(
  pcm: Float32Array,
  placed: PlacedBed[],
  total: number,
  pieces = [4096],
): Promise<Float32Array> {
  async function* blocks() {
    let at = 0;
    for (let i = 0; at < pcm.length; i++) {
      const size = pieces[i % pieces.length] as number;
      yield pcm.slice(at, at + size);
      at += size;
    }
  }
  const out = new Float32Array(total);
  let at = 0;
  for await (const block of mixBeds(blocks(), {
    placed,
    store,
    sampleRate: RATE,
    channels: 1,
    totalFrames: total,
  })) {
    out.set(block, at);
    at += block.length;
  }
  expect(at).toBe(total);
  return out;
}

const placedAt = (bed: Bed, frames: number, startFrame = 0): PlacedBed => ({
  bed,
  startFrame,
  frames,
  fileFrames: bed.audio.durationSamples,
});
const db = (value: number) => 20 * Math.log10(value / LEVEL);

describe('mixBeds', () => {
  it('ducks by the depth: down by the speech onset (attack looks ahead), back up after hold and release', async () => {
    const audio = await dcBed(4);
    const bed = bedOf(audio, { duck: { depthDb: -15, attackMs: 200, releaseMs: 400 } });
    const pcm = speech(4, 1, 2);
    const out = await mix(pcm, [placedAt(bed, 4 * RATE)], 4 * RATE);
    const bedAt = (seconds: number) =>
      (out[Math.round(seconds * RATE)] as number) - (pcm[Math.round(seconds * RATE)] as number);
    expect(db(bedAt(0.5))).toBeCloseTo(0, 3); // before the attack
    expect(db(bedAt(0.9))).toBeCloseTo(-7.5, 1); // half-way down the 200 ms attack
    expect(db(bedAt(1.0))).toBeCloseTo(-15, 3); // full depth as the speech starts
    expect(db(bedAt(1.5))).toBeCloseTo(-15, 3);
    const releaseStart = 2 + DUCK_HOLD_MS / 1000;
    expect(db(bedAt(releaseStart - 0.01))).toBeCloseTo(-15, 3); // held through the hold
    expect(db(bedAt(releaseStart + 0.2))).toBeCloseTo(-7.5, 1); // half-way up the 400 ms release
    expect(db(bedAt(releaseStart + 0.45))).toBeCloseTo(0, 3);
  });

  it('gives the same samples however the speech arrives in blocks', async () => {
    const audio = await dcBed(4);
    const bed = bedOf(audio, {
      duck: { depthDb: -20, attackMs: 300, releaseMs: 100 },
      fadeInMs: 500,
      fadeOutMs: 700,
    });
    const pcm = speech(4, 1.2, 2.1);
    const whole = await mix(pcm, [placedAt(bed, 4 * RATE)], 4 * RATE, [1 << 20]);
    const pieces = await mix(pcm, [placedAt(bed, 4 * RATE)], 4 * RATE, [1, 7, 333, 4096, 17_000]);
    expect(pieces).toEqual(whole);
  });

  it('fades in and out with raised cosines, at its gain, and loops to its length', async () => {
    const audio = await dcBed(0.3);
    const bed = bedOf(audio, { loop: true, fadeInMs: 400, fadeOutMs: 800, gainDb: -6 });
    const total = 3 * RATE;
    const out = await mix(new Float32Array(total), [placedAt(bed, total)], total);
    const gain = 10 ** (-6 / 20);
    expect(out[0]).toBeCloseTo(0, 6);
    expect((out[0.2 * RATE] as number) / (LEVEL * gain)).toBeCloseTo(0.5, 3); // half-way through the fade-in
    expect((out[1.5 * RATE] as number) / (LEVEL * gain)).toBeCloseTo(1, 4); // looped: the file is 0.3 s
    expect((out[total - 0.4 * RATE - 1] as number) / (LEVEL * gain)).toBeCloseTo(0.5, 3);
    expect(out[total - 1]).toBeCloseTo(0, 6);
  });

  it('places an outro after the speech and makes the programme that much longer', async () => {
    const audio = await dcBed(2);
    const project = { segments: [], beds: [] } as unknown as Project;
    const timeline = { sampleRate: RATE, entries: [], totalSamples: 3 * RATE };
    const placed = placeBed(
      bedOf(audio, { anchor: { kind: 'end' }, offsetMs: -500 }),
      project,
      timeline,
      RATE,
    );
    expect(placed.startFrame).toBe(2.5 * RATE);
    expect(programFrames(timeline, [placed], RATE)).toBe(4.5 * RATE);
    const out = await mix(new Float32Array(3 * RATE), [placed], 4.5 * RATE);
    expect(out[2.5 * RATE - 1]).toBe(0);
    expect(out[2.5 * RATE] as number).toBeCloseTo(LEVEL, 5);
    expect(out[4.5 * RATE - 1] as number).toBeCloseTo(LEVEL, 5);
  });

  it('spreads a mono bed to stereo and mixes a stereo bed down to mono', async () => {
    const stereo = await dcBed(1, 2);
    expect(stereo.channels).toBe(2);
    const out = await mix(new Float32Array(RATE), [placedAt(bedOf(stereo), RATE)], RATE);
    expect(out[100] as number).toBeCloseTo(LEVEL, 5);
  });

  it('resamples a bed of another rate once, into a copy beside it, and plays it at its level', async () => {
    const audio = await dcBed(1, 1, 16_000);
    const out = await mix(
      new Float32Array(3 * RATE),
      [placedAt(bedOf(audio, { loop: true }), 3 * RATE)],
      3 * RATE,
    );
    expect(out[Math.round(1.5 * RATE)] as number).toBeCloseTo(LEVEL, 4);
    expect(fs.existsSync(path.join(dir, `${audio.hash}.${RATE}.wav`))).toBe(true);
  });
});
