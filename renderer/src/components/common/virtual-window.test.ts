import { describe, expect, it } from 'vitest';
import { rowSlots, windowRange } from './virtual-window';

describe('virtual list windowing', () => {
  it('renders only the rows in view plus the overscan, clamped to the list', () => {
    expect(windowRange(0, 580, 58, 1000, 6)).toEqual([0, 16]);
    expect(windowRange(58 * 500, 580, 58, 1000, 6)).toEqual([494, 516]);
    expect(windowRange(58 * 995, 580, 58, 1000, 6)).toEqual([989, 1000]);
    expect(windowRange(0, 580, 58, 0, 6)).toEqual([0, 0]);
  });

  it('gives each row a slot it keeps while it stays in the window', () => {
    const before = new Map(rowSlots(10, 30, 22).map(([slot, index]) => [index, slot]));
    const after = new Map(rowSlots(15, 35, 22).map(([slot, index]) => [index, slot]));
    for (let index = 15; index < 30; index++) expect(after.get(index)).toBe(before.get(index));
    expect(new Set(after.values()).size).toBe(20); // no two rows share a slot
    expect([...after.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 15 + i));
    const slots = rowSlots(15, 35, 22).map(([slot]) => slot);
    expect(slots).toEqual([...slots].sort((a, b) => a - b)); // stable DOM order: no moves
  });
});
