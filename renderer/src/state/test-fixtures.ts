/** Small projects for the store tests. */
import type { Project, Segment, Take } from '../../../shared/model/project';

export function take(hash: string, seconds = 2): Take {
  return {
    hash: hash.padEnd(16, '0'),
    durationSamples: seconds * 24_000,
    sampleRate: 24_000,
    createdAtMs: 1,
  };
}

export function segment(id: string, speakerId: string, text: string, extra: Partial<Segment> = {}): Segment {
  return { id, speakerId, text, gapBeforeMs: 300, takeHistory: [], locked: false, ...extra };
}

export function sampleProject(): Project {
  return {
    schemaVersion: 3,
    title: 'Test episode',
    sampleRate: 24_000,
    speakers: [
      {
        id: 'a',
        name: 'Ada',
        color: '#4fb3ff',
        voice: { engine: 'espeak', voice: 'en', params: { ratePercent: 100, pitchSemitones: 0 } },
        gainDb: 0,
      },
      {
        id: 'b',
        name: 'Bo',
        color: '#ffb457',
        voice: { engine: 'espeak', voice: 'de', params: { ratePercent: 100, pitchSemitones: 0 } },
        gainDb: 0,
      },
    ],
    segments: [
      segment('s1', 'a', 'Hello there.', { gapBeforeMs: 0, take: take('aa01') }),
      segment('s2', 'b', 'Hi, Ada.', { take: take('bb02', 1) }),
      segment('s3', 'a', 'Shall we begin?'),
    ],
    chapters: [{ id: 'c1', title: 'Intro', startSegmentId: 's1' }],
    settings: { defaultGapMs: 350, loudnessTargetLufs: -16, pronunciations: [] },
  };
}
