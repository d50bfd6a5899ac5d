import { describe, expect, it } from 'vitest';
import { FLAG_GAP_PX, placeFlags } from './chapter-flags';

const measure = (text: string) => Array.from(text).length * 6;

describe('placeFlags', () => {
  it('keeps whole titles where there is room', () => {
    expect(
      placeFlags(
        [
          { x: 0, title: 'Opening' },
          { x: 200, title: 'News' },
        ],
        measure,
      ),
    ).toEqual([
      { label: 'Opening', widthPx: 54 },
      { label: 'News', widthPx: 36 },
    ]);
  });

  it('cuts a label to end before the next flag, and leaves a stub where not even a letter fits', () => {
    const flags = [
      { x: 0, title: 'A deep dive into voices' },
      { x: 60, title: 'News' },
      { x: 66, title: 'Outro' },
    ];
    const placed = placeFlags(flags, measure);
    expect(placed[0]!.label.endsWith('…')).toBe(true);
    for (let i = 0; i < flags.length - 1; i++) {
      expect(flags[i]!.x + placed[i]!.widthPx).toBeLessThanOrEqual(flags[i + 1]!.x - FLAG_GAP_PX);
    }
    expect(placed[1]).toEqual({ label: '', widthPx: 3 });
    expect(placed[2]!.label).toBe('Outro');
  });

  it('cuts very long titles even with room to spare', () => {
    const [flag] = placeFlags([{ x: 0, title: 'x'.repeat(40) }], measure);
    expect(Array.from(flag!.label)).toHaveLength(28);
  });
});
