import { describe, expect, it } from 'vitest';
import { collapseWhitespace, isWhitespaceCode, normalizeText } from './normalize';

describe('collapseWhitespace', () => {
  it('collapses runs of any whitespace to one space and trims', () => {
    expect(collapseWhitespace('  a \t b\n\n c\r\n d\u00a0\u00a0e\u3000f\uFEFFg  ')).toBe('a b c d e f g');
    expect(collapseWhitespace('')).toBe('');
    expect(collapseWhitespace(' \n\t ')).toBe('');
  });

  it('keeps quotes, case, punctuation, emoji and zero-width joiners', () => {
    const text = '“Quoted” ‘single’ "straight" 👩🏽‍💻 e\u0301 ZWSP\u200bhere';
    expect(collapseWhitespace(text)).toBe(text);
  });

  it('returns the same string when nothing changes', () => {
    const text = 'Already clean text, with one space each.';
    expect(collapseWhitespace(text)).toBe(text);
  });

  it('agrees with the regex definition on random strings', () => {
    const pieces = [
      ' ',
      '  ',
      '\t',
      '\n',
      '\u00a0',
      '\u2003',
      '\u3000',
      '\uFEFF',
      '\u200b',
      'a',
      'é',
      '😀',
      '.',
      '\u0085',
    ];
    let seed = 99;
    for (let round = 0; round < 3000; round++) {
      let text = '';
      const length = round % 20;
      for (let i = 0; i < length; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += pieces[seed % pieces.length];
      }
      expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, ' ').trim());
    }
  });

  it('classifies exactly the characters \\s matches', () => {
    const mismatches: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      if (isWhitespaceCode(code) !== /\s/.test(String.fromCharCode(code))) mismatches.push(code.toString(16));
    }
    expect(mismatches).toEqual([]);
  });
});

describe('normalizeText', () => {
  it('makes canonically equal texts identical (NFC)', () => {
    expect(normalizeText('Cafe\u0301  au lait')).toBe(normalizeText('Café au lait'));
    expect(normalizeText('Cafe\u0301')).toBe('Café');
  });

  it('keeps quotes as written', () => {
    expect(normalizeText(' “Hi,”  she said. ')).toBe('“Hi,” she said.');
  });
});
