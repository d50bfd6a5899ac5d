import { describe, expect, it } from 'vitest';
import { contentRange, decideRange } from './byte-range';

describe('decideRange', () => {
  it.each([
    [undefined, 1000, { kind: 'full' }],
    ['', 1000, { kind: 'full' }],
    ['bytes=0-99', 1000, { kind: 'partial', start: 0, endInclusive: 99 }],
    ['bytes=900-', 1000, { kind: 'partial', start: 900, endInclusive: 999 }],
    ['bytes=900-5000', 1000, { kind: 'partial', start: 900, endInclusive: 999 }],
    ['bytes=-100', 1000, { kind: 'partial', start: 900, endInclusive: 999 }],
    ['bytes=-5000', 1000, { kind: 'partial', start: 0, endInclusive: 999 }],
    ['BYTES = 5 - 9', 1000, { kind: 'partial', start: 5, endInclusive: 9 }],
    ['bytes=1000-', 1000, { kind: 'unsatisfiable' }],
    ['bytes=-0', 1000, { kind: 'unsatisfiable' }],
    ['bytes=0-', 0, { kind: 'unsatisfiable' }],
    ['bytes=9-5', 1000, { kind: 'full' }],
    ['bytes=0-1,5-6', 1000, { kind: 'full' }],
    ['items=0-1', 1000, { kind: 'full' }],
    ['bytes=-', 1000, { kind: 'full' }],
    ['bytes=abc-', 1000, { kind: 'full' }],
    ['bytes=99999999999999999999-', 1000, { kind: 'full' }],
  ])('%s of %i bytes', (header, size, expected) => {
    expect(decideRange(header, size)).toEqual(expected);
  });

  it('formats Content-Range', () => {
    expect(contentRange({ kind: 'partial', start: 2, endInclusive: 5 }, 10)).toBe('bytes 2-5/10');
    expect(contentRange({ kind: 'unsatisfiable' }, 10)).toBe('bytes */10');
    expect(contentRange({ kind: 'full' }, 10)).toBeUndefined();
  });
});
