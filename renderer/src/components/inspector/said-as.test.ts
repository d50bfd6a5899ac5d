import { describe, expect, it } from 'vitest';
import { saidAsExcerpt } from './said-as';

describe('the said-as excerpt', () => {
  it('is null when the turn is said as written (white space and NFC aside)', () => {
    expect(saidAsExcerpt('We use SQL.', 'We use SQL.')).toBeNull();
    expect(saidAsExcerpt(' A  cafe\u0301. ', 'A café.')).toBeNull();
  });

  it('shows a short turn whole', () => {
    expect(saidAsExcerpt('We use SQL.', 'We use sequel.')).toBe('We use sequel.');
  });

  it('starts a long turn shortly before the first replaced word, at a word', () => {
    const before = 'This is a long turn that talks about many things for quite a while before it';
    const written = `${before} mentions SQL, and then goes on ${'and on '.repeat(40)}until it ends.`;
    const spoken = written.replace('SQL', 'sequel');
    const excerpt = saidAsExcerpt(written, spoken, 80)!;
    expect(excerpt.startsWith('…')).toBe(true);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt).toContain('mentions sequel');
    expect(excerpt.length).toBeLessThanOrEqual(82);
    // Cut between words at both ends.
    const body = excerpt.slice(1, -1);
    const at = spoken.indexOf(body);
    expect(spoken[at - 1]).toBe(' ');
    expect(spoken[at + body.length]).toBe(' ');
  });
});
