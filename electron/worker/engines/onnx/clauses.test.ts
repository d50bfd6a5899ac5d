import { describe, expect, it } from 'vitest';
import { splitClauses } from './clauses';
import { phonemizeSentences } from './phonemize-sentences';
import type { Phonemizer } from './phonemizer';

/** Upper-cases the text: easy to tell which clause went through the phonemizer. */
const fake: Phonemizer = { phonemize: async (text) => text.toUpperCase() };

describe('splitClauses', () => {
  it('splits at punctuation followed by a space and keeps each terminator', () => {
    expect(splitClauses('Hello, world. How are you?! Fine; thanks')).toEqual([
      { text: 'Hello', terminator: ',', endsSentence: false },
      { text: 'world', terminator: '.', endsSentence: true },
      { text: 'How are you', terminator: '?', endsSentence: true },
      { text: 'Fine', terminator: ';', endsSentence: false },
      { text: 'thanks', terminator: '', endsSentence: false },
    ]);
  });

  it('does not split decimals, and treats ellipses and closing quotes sensibly', () => {
    expect(splitClauses('Pi is 3.14... roughly. "Really!" she said')).toEqual([
      { text: 'Pi is 3.14', terminator: '…', endsSentence: false },
      { text: 'roughly', terminator: '.', endsSentence: true },
      { text: '"Really', terminator: '!', endsSentence: true },
      { text: 'she said', terminator: '', endsSentence: false },
    ]);
  });

  it('gives nothing for empty or blank text', () => {
    expect(splitClauses('   ')).toEqual([]);
  });
});

describe('phonemizeSentences', () => {
  it('phonemizes clause by clause, one string per sentence, punctuation restored', async () => {
    expect(await phonemizeSentences('Hello, world. How are you?', 'en-us', fake)).toEqual([
      'HELLO, WORLD.',
      'HOW ARE YOU?',
    ]);
  });

  it('drops sentences that are only punctuation and keeps a final unterminated clause', async () => {
    expect(await phonemizeSentences('... ! Well then', 'en-us', fake)).toEqual(['WELL THEN']);
  });

  it('passes the language through', async () => {
    const seen: string[] = [];
    await phonemizeSentences('Bonjour.', 'fr-fr', {
      phonemize: async (text, language) => (seen.push(language), text),
    });
    expect(seen).toEqual(['fr-fr']);
  });
});
