import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExportPhaseKey } from './export-eta';
import {
  DEFAULT_EXPORT_SPEEDS,
  estimateExportMs,
  ExportEta,
  ExportSpeedStore,
  phaseOverheadMs,
} from './export-eta';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-export-eta-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface ActualPhase {
  key: ExportPhaseKey;
  ms: number;
}

/**
 * Runs an export's phases on a fake clock (each reporting progress in 20 steps) and returns every ETA
 * given with the time that was actually left then.
 */
function simulate(
  audioMs: number,
  actual: readonly ActualPhase[],
  speed: (key: ExportPhaseKey) => number,
  planned: readonly ExportPhaseKey[] = actual.map((phase) => phase.key),
) {
  let now = 0;
  const eta = new ExportEta(
    planned.map((key) => ({ key, audioMs })),
    speed,
    () => now,
  );
  const total = actual.reduce((sum, phase) => sum + phase.ms, 0);
  const samples: { atMs: number; etaMs: number; leftMs: number; fraction: number }[] = [];
  for (const phase of actual) {
    eta.start(phase.key, audioMs);
    for (let step = 1; step <= 20; step++) {
      now += phase.ms / 20;
      eta.progress(step / 20);
      samples.push({ atMs: now, etaMs: eta.etaMs() ?? -1, leftMs: total - now, fraction: eta.fraction() });
    }
  }
  eta.finish();
  return { samples, eta };
}

/** Within 2× of the time actually left (the last second is allowed to be off by a second). */
function withinTwice(sample: { etaMs: number; leftMs: number }): boolean {
  if (sample.leftMs <= 1_000) return sample.etaMs <= 2_000;
  return sample.etaMs >= sample.leftMs / 2 && sample.etaMs <= sample.leftMs * 2;
}

/** Speeds guessed before calibration, far off for the export below (the defaults of the lamejs era). */
const GUESSED: Readonly<Record<ExportPhaseKey, number>> = {
  measure: 150,
  'encode-wav': 30,
  'encode-flac': 25,
  'encode-mp3': 15,
  finish: 2_000,
};

// The export: 43 s, of which measuring 3 s, encoding 39.5 s, transcripts and report 0.5 s.
const MINUTES_10 = 600_000;
const EXPORT_43S: ActualPhase[] = [
  { key: 'measure', ms: 3_000 },
  { key: 'encode-mp3', ms: 39_500 },
  { key: 'finish', ms: 500 },
];

describe('ExportEta', () => {
  it('with this machine’s speeds, every time left is within 2× of the actual (a 43 s export)', () => {
    // Speeds as a previous export of the same kind measured them.
    const calibrated = (key: ExportPhaseKey) =>
      MINUTES_10 / (EXPORT_43S.find((phase) => phase.key === key)!.ms - phaseOverheadMs(key));
    const { samples } = simulate(MINUTES_10, EXPORT_43S, calibrated);
    for (const sample of samples) expect(withinTwice(sample), JSON.stringify(sample)).toBe(true);
  });

  it('never says "3 s left" once measuring is done: encoding is still ahead (uncalibrated defaults)', () => {
    const { samples } = simulate(MINUTES_10, EXPORT_43S, (key) => GUESSED[key]);
    const endOfMeasuring = samples[19]!;
    expect(endOfMeasuring.leftMs).toBe(40_000);
    expect(endOfMeasuring.etaMs).toBeGreaterThan(20_000);
    // Nor does the bar stand at half way after the short measuring pass.
    expect(endOfMeasuring.fraction).toBeLessThan(0.25);
  });

  it('corrects a default that is 3× too optimistic by the pace of the phases so far', () => {
    const slow = EXPORT_43S.map((phase) => ({ ...phase, ms: phase.ms * 3 }));
    const { samples } = simulate(MINUTES_10, slow, (key) => GUESSED[key]);
    // From a twentieth into encoding on, the pace is known.
    const encoding = samples.slice(21);
    for (const sample of encoding) expect(withinTwice(sample), JSON.stringify(sample)).toBe(true);
  });

  it('a slow start (the thread starting, a cold JIT) does not inflate the time left', () => {
    // A 10-minute WAV export of 2.4 s: its first tenth takes 800 ms, the rest 1600 ms evenly. The speeds
    // this machine remembers expect 2.2 s.
    let now = 0;
    const eta = new ExportEta(
      [{ key: 'encode-wav', audioMs: MINUTES_10 }],
      () => MINUTES_10 / 2000,
      () => now,
    );
    eta.start('encode-wav');
    const steps = [{ atMs: 800, fraction: 0.1 }];
    for (let i = 1; i <= 18; i++) steps.push({ atMs: 800 + (1600 * i) / 18, fraction: 0.1 + (0.9 * i) / 18 });
    const said: { fraction: number; etaMs: number; leftMs: number }[] = [];
    for (const step of steps) {
      now = step.atMs;
      eta.progress(step.fraction);
      said.push({ fraction: step.fraction, etaMs: eta.etaMs()!, leftMs: 2400 - now });
    }
    for (const sample of said) expect(withinTwice(sample), JSON.stringify(sample)).toBe(true);
    // At a tenth it goes by the remembered speed (2 s and the phase's start-up, nine tenths of it to go):
    // its own pace from that start would say ~7 s.
    expect(said[0]!.etaMs).toBe((2000 + phaseOverheadMs('encode-wav')) * 0.9);
    // Settled, the recent half has the steady pace: 1600 ms for 0.9 of the phase.
    const late = said.at(-4)!;
    expect(Math.abs(late.etaMs - (1 - late.fraction) * (1600 / 0.9))).toBeLessThanOrEqual(0.5); // rounded to ms
  });

  it('a second encode pass adds its time, and the bar never goes backwards', () => {
    const actual: ActualPhase[] = [
      { key: 'measure', ms: 3_000 },
      { key: 'encode-mp3', ms: 39_500 },
      { key: 'encode-mp3', ms: 39_500 },
      { key: 'finish', ms: 500 },
    ];
    const calibrated = (key: ExportPhaseKey) =>
      MINUTES_10 / (EXPORT_43S.find((phase) => phase.key === key)!.ms - phaseOverheadMs(key));
    const { samples } = simulate(MINUTES_10, actual, calibrated, ['measure', 'encode-mp3', 'finish']);
    for (let i = 1; i < samples.length; i++)
      expect(samples[i]!.fraction).toBeGreaterThanOrEqual(samples[i - 1]!.fraction);
    // Once the second pass has started, its time is in the estimate.
    for (const sample of samples.slice(40)) expect(withinTwice(sample), JSON.stringify(sample)).toBe(true);
    expect(samples.at(-1)!.fraction).toBe(1);
  });

  it('a phase not needed (measured while rendering) takes no share of the bar', () => {
    const actual = EXPORT_43S.slice(1);
    const { samples } = simulate(MINUTES_10, actual, (key) => GUESSED[key]);
    expect(samples[0]!.fraction).toBeGreaterThan(0);
    expect(samples.at(-1)!.fraction).toBe(1);
  });

  it('reports what each phase measured, × real time', () => {
    const { eta } = simulate(MINUTES_10, EXPORT_43S, (key) => GUESSED[key]);
    const speeds = Object.fromEntries(eta.observedSpeeds().map(({ key, speed }) => [key, Math.round(speed)]));
    expect(speeds).toEqual({
      measure: Math.round(600_000 / (3_000 - phaseOverheadMs('measure'))),
      'encode-mp3': Math.round(600_000 / (39_500 - phaseOverheadMs('encode-mp3'))),
      finish: Math.round(600_000 / (500 - phaseOverheadMs('finish'))),
    });
  });
});

describe('ExportSpeedStore', () => {
  it('remembers this machine’s speeds across runs (median of the recent ones), defaults before', async () => {
    const file = path.join(dir, 'speeds.json');
    const first = await ExportSpeedStore.open(file);
    expect(first.speed('encode-mp3')).toBe(DEFAULT_EXPORT_SPEEDS['encode-mp3']);
    await first.record([{ key: 'encode-mp3', speed: 10 }]);
    await first.record([
      { key: 'encode-mp3', speed: 30 },
      { key: 'measure', speed: 200 },
    ]);
    await first.record([{ key: 'encode-mp3', speed: 12 }]);
    const again = await ExportSpeedStore.open(file);
    expect(again.speed('encode-mp3')).toBe(12);
    expect(again.speed('measure')).toBe(200);
    expect(again.speed('encode-wav')).toBe(DEFAULT_EXPORT_SPEEDS['encode-wav']);
  });

  it('sets a damaged file aside and starts from the defaults', async () => {
    const file = path.join(dir, 'damaged.json');
    fs.writeFileSync(file, '{ not json');
    const store = await ExportSpeedStore.open(file);
    expect(store.speed('measure')).toBe(DEFAULT_EXPORT_SPEEDS.measure);
    expect(fs.existsSync(`${file}.corrupt`)).toBe(true);
  });
});

describe('estimateExportMs', () => {
  it('adds up the phases at this machine’s speeds (no measuring pass when the render measured)', () => {
    const speed = (key: ExportPhaseKey) =>
      ({ measure: 100, 'encode-mp3': 10, finish: 1_000 })[key as string] ?? 1;
    const overheads = phaseOverheadMs('measure') + phaseOverheadMs('encode-mp3') + phaseOverheadMs('finish');
    expect(estimateExportMs(600_000, 'mp3', true, speed)).toBe(6_000 + 60_000 + 600 + overheads);
    expect(estimateExportMs(600_000, 'mp3', false, speed)).toBe(
      60_000 + 600 + overheads - phaseOverheadMs('measure'),
    );
  });
});
