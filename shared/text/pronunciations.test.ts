import { describe, expect, it } from 'vitest';
import { PronunciationsSchema, spokenText } from './pronunciations';

const say = (word: string, sayAs: string) => ({ word, sayAs });

describe('spokenText', () => {
  it('replaces whole words, whatever their case, and leaves longer words alone', () => {
    const entries = [say('SQL', 'sequel'), say('Nguyen', 'win')];
    expect(
      spokenText('We store it in SQL; sql is fine. MySQL is not SQL-ish? NGUYEN said so.', entries),
    ).toBe('We store it in sequel; sequel is fine. MySQL is not sequel-ish? win said so.');
  });

  it('takes words with punctuation or spaces, the longest first, and never chains replacements', () => {
    const entries = [
      say('C++', 'C plus plus'),
      say('New Orleans', 'New Or-lins'),
      say('New', 'Gnu'),
      say('plus', 'minus'),
    ];
    expect(spokenText('C++ in New\nOrleans is new.', entries)).toBe('C plus plus in New Or-lins is Gnu.');
    expect(spokenText('e.g. this', [say('e.g.', 'for example')])).toBe('for example this');
  });

  it('matches accented and non-Latin words as words, accents included', () => {
    const entries = [say('résumé', 'rez-oo-may'), say('Zoë', 'Zo-ee'), say('東京', 'Tokyo')];
    expect(spokenText('Send a résumé, not a resume. Zoe\u0308 lives in 東京.', entries)).toBe(
      'Send a rez-oo-may, not a resume. Zo-ee lives in Tokyo.',
    );
  });

  it('changes nothing without entries, and treats regular-expression characters literally', () => {
    expect(spokenText('a.b (x)', [])).toBe('a.b (x)');
    expect(spokenText('a.b and acb', [say('a.b', 'A B')])).toBe('A B and acb');
    expect(spokenText('(x) and x', [say('(x)', 'ex')])).toBe('ex and x');
  });
});

describe('PronunciationsSchema', () => {
  it('refuses an entry listed twice, naming both, and empty words', () => {
    const twice = PronunciationsSchema.safeParse([say('SQL', 'sequel'), say('sql ', 'ess queue ell')]);
    expect(twice.success).toBe(false);
    expect(twice.error?.issues[0]?.message).toBe('"sql" is listed twice (entries 1 and 2); keep one');
    expect(PronunciationsSchema.safeParse([say(' ', 'x')]).success).toBe(false);
    expect(PronunciationsSchema.parse([say(' SQL ', ' sequel ')])).toEqual([say('SQL', 'sequel')]);
  });
});
