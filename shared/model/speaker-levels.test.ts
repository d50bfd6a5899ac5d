import { describe, expect, it } from 'vitest';
import { SpeakerSchema } from './project';
import { dbToFactor, formatGainDb, matchedGains, toGainStep } from './speaker-levels';

describe('matchedGains', () => {
  it('brings every measured speaker to the median speaker, in half-dB steps', () => {
    const gains = matchedGains([
      { speakerId: 'host', loudnessLufs: -20, measuredMs: 30_000 },
      { speakerId: 'guest', loudnessLufs: -23.2, measuredMs: 20_000 },
      { speakerId: 'caller', loudnessLufs: -18.9, measuredMs: 5_000 },
    ]);
    expect(gains).toEqual([
      { speakerId: 'host', gainDb: 0 },
      { speakerId: 'guest', gainDb: 3 },
      { speakerId: 'caller', gainDb: -1 },
    ]);
  });

  it('takes the middle of the two middle speakers when their number is even', () => {
    const gains = matchedGains([
      { speakerId: 'a', loudnessLufs: -20, measuredMs: 2_000 },
      { speakerId: 'b', loudnessLufs: -24, measuredMs: 2_000 },
    ]);
    expect(gains).toEqual([
      { speakerId: 'a', gainDb: -2 },
      { speakerId: 'b', gainDb: 2 },
    ]);
  });

  it('leaves out speakers with nothing audible or under a second rendered, and needs two to match', () => {
    expect(
      matchedGains([
        { speakerId: 'a', loudnessLufs: -20, measuredMs: 9_000 },
        { speakerId: 'b', loudnessLufs: null, measuredMs: 4_000 },
        { speakerId: 'c', loudnessLufs: -30, measuredMs: 999 },
      ]),
    ).toEqual([]);
  });

  it('keeps gains within the level limits', () => {
    const gains = matchedGains([
      { speakerId: 'a', loudnessLufs: -10, measuredMs: 2_000 },
      { speakerId: 'b', loudnessLufs: -20, measuredMs: 2_000 },
      { speakerId: 'c', loudnessLufs: -60, measuredMs: 2_000 },
    ]);
    expect(gains.map((gain) => gain.gainDb)).toEqual([-10, 0, 12]);
  });
});

describe('speaker level values', () => {
  it('rounds to the level scale without a negative zero', () => {
    expect(toGainStep(1.26)).toBe(1.5);
    expect(toGainStep(-0.2)).toBe(0);
    expect(Object.is(toGainStep(-0.2), 0)).toBe(true);
    expect(toGainStep(-99)).toBe(-24);
  });

  it('converts and formats levels', () => {
    expect(dbToFactor(-6)).toBeCloseTo(0.501, 3);
    expect(dbToFactor(0)).toBe(1);
    expect(formatGainDb(1.5)).toBe('+1.5 dB');
    expect(formatGainDb(-3)).toBe('−3 dB');
    expect(formatGainDb(0)).toBe('0 dB');
  });

  it('reads projects saved before speakers had levels at 0 dB, and refuses levels off the scale', () => {
    const speaker = {
      id: 'a',
      name: 'A',
      color: '#123456',
      voice: { engine: 'espeak', voice: 'en-us' },
    };
    expect(SpeakerSchema.parse(speaker).gainDb).toBe(0);
    expect(SpeakerSchema.safeParse({ ...speaker, gainDb: 1.25 }).success).toBe(false);
    const tooLoud = SpeakerSchema.safeParse({ ...speaker, gainDb: 13 });
    expect(tooLoud.success).toBe(false);
    expect(tooLoud.error?.issues[0]?.message).toMatch(/between -24 and \+12 dB/);
  });
});
