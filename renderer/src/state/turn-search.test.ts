import { describe, expect, it } from 'vitest';
import { matchingTurns, searchKey, stepMatch } from './turn-search';
import { segment } from './test-fixtures';

const segments = [
  segment('a', 's', 'Welcome to the café.'),
  segment('b', 's', 'No snacks here.'),
  segment('c', 's', 'The  CAFE was closed,\nsadly.'),
  segment('d', 's', 'Snacks, again.'),
];

describe('turn search', () => {
  it('matches without regard to case, accents or runs of white space', () => {
    expect(searchKey('Café  Olé\n')).toBe('cafe ole ');
    expect(matchingTurns(segments, 'cafe')).toEqual([0, 2]);
    expect(matchingTurns(segments, 'CAFÉ was')).toEqual([2]);
    expect(matchingTurns(segments, 'closed, sadly')).toEqual([2]);
    expect(matchingTurns(segments, 'snack')).toEqual([1, 3]);
    expect(matchingTurns(segments, '   ')).toEqual([]);
    expect(matchingTurns(segments, 'nowhere')).toEqual([]);
  });

  it('steps from the selection forward and back, wrapping around', () => {
    const matches = [1, 3, 6];
    expect(stepMatch(matches, -1, 1, true)).toBe(1);
    expect(stepMatch(matches, 3, 1, true)).toBe(3); // a new query keeps a selected match
    expect(stepMatch(matches, 3, 1)).toBe(6);
    expect(stepMatch(matches, 6, 1)).toBe(1);
    expect(stepMatch(matches, 3, -1)).toBe(1);
    expect(stepMatch(matches, 1, -1)).toBe(6);
    expect(stepMatch(matches, 4, 1)).toBe(6);
    expect(stepMatch([], 0, 1)).toBeNull();
  });
});
