import { describe, expect, it } from 'vitest';
import { ProjectSchema, type Project, type Segment } from './project';
import { buildTimeline } from './timeline';
import { applyClipFades, signedGapMs } from './clip';

const RATE = 24_000;

function turn(id: string, ms: number, extra: Partial<Segment> = {}): Segment {
  return {
    id,
    speakerId: 'a',
    text: 'words',
    gapBeforeMs: 0,
    take: {
      hash: id.charCodeAt(1).toString(16).padStart(16, '0'),
      durationSamples: (ms * RATE) / 1000,
      sampleRate: RATE,
      createdAtMs: 0,
    },
    takeHistory: [],
    locked: false,
    ...extra,
  };
}

function project(segments: Segment[]): Project {
  const voice = { engine: 'test', voice: 'v', params: { ratePercent: 100, pitchSemitones: 0 } };
  return {
    schemaVersion: 3,
    title: 'Clips',
    sampleRate: RATE,
    speakers: [{ id: 'a', name: 'A', color: '#112233', voice, gainDb: 0 }],
    segments,
    chapters: [],
    settings: { defaultGapMs: 350, loudnessTargetLufs: null, pronunciations: [] },
  };
}

describe('the timeline with clip edits', () => {
  it('places a gap after the latest end and an overlap before it, never before the turn ahead', () => {
    const timeline = buildTimeline(
      project([
        turn('s1', 2000),
        turn('s2', 500, { overlapMs: 800 }), // inside s1
        turn('s3', 1000, { gapBeforeMs: 300 }), // after s1's end, not s2's
        turn('s4', 1000, { overlapMs: 5000 }), // can not start before s3
      ]),
    );
    const ms = (samples: number) => (samples * 1000) / RATE;
    const starts = timeline.entries.map((e) => ms(e.startSample));
    expect(starts).toEqual([0, 1200, 2300, 2300]);
    expect(timeline.entries.map((e) => ms(e.gapStartSample))).toEqual([0, 1200, 2000, 2300]);
    expect(ms(timeline.totalSamples)).toBe(3300);
  });

  it('shortens a turn by its trims (clamped to the take) and keeps integer samples', () => {
    const timeline = buildTimeline(
      project([
        turn('s1', 1000, { trimStartMs: 100, trimEndMs: 250 }),
        turn('s2', 400, { trimStartMs: 600_000 }),
      ]),
    );
    const [first, second] = timeline.entries;
    expect(first!.endSample - first!.startSample).toBe(0.65 * RATE);
    expect(second!.endSample - second!.startSample).toBe(0);
  });

  it('is valid only with a gap or an overlap, not both, within the limits', () => {
    expect(
      ProjectSchema.safeParse(project([turn('s1', 100, { gapBeforeMs: 10, overlapMs: 5 })])).success,
    ).toBe(false);
    expect(ProjectSchema.safeParse(project([turn('s1', 100, { overlapMs: 1.5 })])).success).toBe(false);
    expect(ProjectSchema.safeParse(project([turn('s1', 100, { fadeInMs: -1 })])).success).toBe(false);
    expect(
      ProjectSchema.safeParse(project([turn('s1', 100, { overlapMs: 500, fadeOutMs: 200 })])).success,
    ).toBe(true);
    expect(signedGapMs({ gapBeforeMs: 0, overlapMs: 500 })).toBe(-500);
    expect(signedGapMs({ gapBeforeMs: 120 })).toBe(120);
  });

  it('fades with a raised cosine: half way at the middle of the fade, untouched after it', () => {
    const pcm = applyClipFades(
      new Float32Array(1000).fill(1),
      turn('s', 0, { fadeInMs: 10, fadeOutMs: 5 }),
      10_000,
    );
    expect(pcm[0]).toBe(0);
    expect(pcm[50]).toBeCloseTo(0.5, 6);
    expect(pcm[100]).toBe(1);
    expect(pcm[999]).toBe(0);
    expect(pcm[999 - 25]).toBeCloseTo(0.5, 6);
    expect(pcm[500]).toBe(1);
  });
});
