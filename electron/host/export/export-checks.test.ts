import { describe, expect, it } from 'vitest';
import type { EpisodeTimeline, TimelineEntry } from '../../../shared/model/timeline';
import { seededRandom } from '../../../test-support/seeded-random';
import { randomSplits } from '../audio/testing/oracle';
import { ExportChecker } from './export-checks';

const RATE = 8_000;

/** Turns of speech-level noise with gaps between them; `gapNoise` puts a click in one gap. */
function episode(channels: 1 | 2, seed: number) {
  const random = seededRandom(seed);
  const entries: TimelineEntry[] = [];
  let at = 0;
  for (let i = 0; i < 6; i++) {
    const gap = Math.round(RATE * (0.3 + random()));
    const length = Math.round(RATE * (0.5 + random()));
    entries.push({
      segmentId: `t${i + 1}`,
      speakerId: 's',
      gapStartSample: at,
      startSample: at + gap,
      endSample: at + gap + length,
      estimated: false,
    });
    at += gap + length;
  }
  const timeline: EpisodeTimeline = { sampleRate: RATE, entries, totalSamples: at };
  const pcm = new Float32Array(at * channels);
  for (const [index, entry] of entries.entries()) {
    // Turn 3 is silent (inaudible), turn 5 clips once.
    const level = index === 2 ? 0 : 0.3;
    for (let f = entry.startSample; f < entry.endSample; f++) {
      for (let c = 0; c < channels; c++) pcm[f * channels + c] = (random() * 2 - 1) * level;
    }
  }
  const five = entries[4] as TimelineEntry;
  pcm[(five.startSample + 100) * channels] = 1;
  const second = entries[1] as TimelineEntry;
  pcm[Math.round((second.gapStartSample + second.startSample) / 2) * channels] = 0.2;
  return { timeline, pcm };
}

function check(timeline: EpisodeTimeline, pcm: Float32Array, channels: 1 | 2, splits: number[]) {
  const checker = new ExportChecker(timeline, RATE, channels);
  let at = 0;
  for (const frames of splits) {
    checker.push(pcm.subarray(at, at + frames * channels));
    at += frames * channels;
  }
  return checker.report();
}

describe('ExportChecker', () => {
  for (const channels of [1, 2] as const) {
    it(`finds the silent turn, the noisy gap and the clipped sample, however the blocks fall (${channels} ch)`, () => {
      const { timeline, pcm } = episode(channels, channels);
      const whole = check(timeline, pcm, channels, [timeline.totalSamples]);
      expect(whole).toEqual({
        turnsChecked: 6,
        inaudibleTurns: ['t3'],
        noisyGaps: ['t2'],
        clippedSamples: 1,
        ok: false,
      });
      for (const seed of [1, 2, 3]) {
        const splits = randomSplits(timeline.totalSamples, 700, seed);
        expect(check(timeline, pcm, channels, splits)).toEqual(whole);
      }
      expect(check(timeline, pcm, channels, new Array<number>(timeline.totalSamples).fill(1))).toEqual(whole);
    });
  }

  it('passes a clean episode and counts clipping outside turns too', () => {
    const { timeline, pcm } = episode(1, 9);
    const clean = pcm.map((v) => (Math.abs(v) >= 0.25 && Math.abs(v) < 1 ? v : v === 0 ? 0 : 0.3));
    const second = timeline.entries[1] as TimelineEntry;
    clean[Math.round((second.gapStartSample + second.startSample) / 2)] = 0;
    const fifth = timeline.entries[4] as TimelineEntry;
    clean[fifth.startSample + 100] = 0.3;
    const third = timeline.entries[2] as TimelineEntry;
    for (let f = third.startSample; f < third.endSample; f++) clean[f] = 0.3;
    expect(check(timeline, clean, 1, [timeline.totalSamples]).ok).toBe(true);
    // A full-scale sample in the guard band at the very start of a gap is still clipping.
    clean[0] = -1;
    expect(check(timeline, clean, 1, randomSplits(timeline.totalSamples, 500, 4))).toMatchObject({
      clippedSamples: 1,
      ok: false,
    });
  });
});
