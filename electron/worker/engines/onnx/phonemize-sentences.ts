/**
 * Text to phoneme strings, one per sentence, with punctuation kept the way Piper and Kokoro were trained:
 * every clause's phonemes followed by its terminator, and a space after `,` `;` `:` (Piper appends the
 * terminator to the clause and a space when it does not end the sentence).
 */
import type { Clause } from './clauses';
import { splitClauses } from './clauses';
import type { Phonemizer } from './phonemizer';

export async function phonemizeSentences(
  text: string,
  language: string,
  phonemizer: Phonemizer,
): Promise<string[]> {
  const sentences: string[] = [];
  let current = '';
  for (const clause of splitClauses(text)) {
    const phonemes = clause.text === '' ? '' : await phonemizer.phonemize(clause.text, language);
    current += clausePhonemes(phonemes, clause);
    if (clause.endsSentence) {
      pushSentence(sentences, current);
      current = '';
    }
  }
  pushSentence(sentences, current);
  return sentences;
}

function clausePhonemes(phonemes: string, clause: Clause): string {
  const body = phonemes.trim();
  return body === '' ? '' : `${body}${clause.terminator} `;
}

function pushSentence(sentences: string[], phonemes: string): void {
  const trimmed = phonemes.trim();
  // A sentence of punctuation only has nothing to say.
  if (/[^\s.?!,;:…]/u.test(trimmed)) sentences.push(trimmed);
}
