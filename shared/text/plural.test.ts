import { describe, expect, it } from 'vitest';
import { counted, noun } from './plural';

describe('counted', () => {
  it('says one thing in the singular and any other number in the plural', () => {
    expect(counted(1, 'error')).toBe('1 error');
    expect(counted(0, 'error')).toBe('0 errors');
    expect(counted(22, 'turn')).toBe('22 turns');
    expect(counted(2, 'speech', 'speeches')).toBe('2 speeches');
    expect(noun(1, 'chapter')).toBe('chapter');
    expect(noun(3, 'chapter')).toBe('chapters');
  });
});
