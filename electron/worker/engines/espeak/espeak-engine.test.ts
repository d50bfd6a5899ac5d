import { describe, expect, it } from 'vitest';
import { espeakThreadCount } from './espeak-engine';

describe('espeakThreadCount', () => {
  it('keeps one core for the host and uses at most four threads', () => {
    expect(espeakThreadCount({}, 1)).toBe(1);
    expect(espeakThreadCount({}, 2)).toBe(1);
    expect(espeakThreadCount({}, 3)).toBe(2);
    expect(espeakThreadCount({}, 16)).toBe(4);
  });

  it('takes ROUNDTABLE_ESPEAK_THREADS, and says what is wrong with a bad value', () => {
    expect(espeakThreadCount({ ROUNDTABLE_ESPEAK_THREADS: '3' }, 2)).toBe(3);
    expect(espeakThreadCount({ ROUNDTABLE_ESPEAK_THREADS: '' }, 8)).toBe(4);
    for (const bad of ['0', '17', '1.5', 'two']) {
      expect(() => espeakThreadCount({ ROUNDTABLE_ESPEAK_THREADS: bad }, 2)).toThrow(
        new RegExp(`ROUNDTABLE_ESPEAK_THREADS must be a whole number from 1 to 16; got "${bad}"`),
      );
    }
  });
});
