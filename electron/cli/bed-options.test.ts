import { describe, expect, it } from 'vitest';
import { DEFAULT_DUCK } from '../../shared/model/beds';
import { parseBedSpec, parseTimeMs } from './bed-options';

describe('--bed', () => {
  it('reads a file alone as a bed at the start, once, ducked by default', () => {
    expect(parseBedSpec('intro.wav')).toEqual({
      file: 'intro.wav',
      where: { kind: 'start' },
      offsetMs: 0,
      options: { loop: false, fadeInMs: 0, fadeOutMs: 0, gainDb: 0, duck: DEFAULT_DUCK },
    });
  });

  it('reads places with offsets and every option', () => {
    const spec = parseBedSpec(
      'music one.flac@turn3-1.5s;loop;length=2m;fade-in=500ms;fade-out=3s;gain=-6;duck=-18;attack=200ms;release=1s;license=CC BY 4.0 A – B',
    );
    expect(spec).toEqual({
      file: 'music one.flac',
      where: { kind: 'turn', number: 3 },
      offsetMs: -1500,
      options: {
        loop: true,
        durationMs: 120_000,
        fadeInMs: 500,
        fadeOutMs: 3000,
        gainDb: -6,
        duck: { depthDb: -18, attackMs: 200, releaseMs: 1000 },
        license: 'CC BY 4.0 A – B',
      },
    });
    expect(parseBedSpec('outro.mp3@end+2s;duck=off')).toMatchObject({
      where: { kind: 'end' },
      offsetMs: 2000,
      options: { loop: false },
    });
    expect(parseBedSpec('outro.mp3@end;duck=off').options.duck).toBeUndefined();
    expect(parseBedSpec('me@home/x.wav@start').file).toBe('me@home/x.wav');
    expect(parseBedSpec('me@home/x.wav').file).toBe('me@home/x.wav');
  });

  it('refuses what it cannot read, saying what to write', () => {
    expect(() => parseBedSpec('a.wav@middle')).toThrow(/not a place/);
    expect(() => parseBedSpec('a.wav;fade-in=2 seconds')).toThrow(/not a time/);
    expect(() => parseBedSpec('a.wav;duck=-80')).toThrow(/from -60 to 0 dB/);
    expect(() => parseBedSpec('a.wav;volume=3')).toThrow(/unknown option "volume"/);
    expect(() => parseBedSpec('@start')).toThrow(/names no file/);
    expect(parseTimeMs('1.25s', 'x')).toBe(1250);
  });
});
