/**
 * Where a whitespace-normalised text (single spaces, trimmed) may be cut, at three strengths: sentence,
 * clause and word. Every boundary is an exclusive end offset: a piece ends there, and the next piece starts
 * there, or one further when the text has a space there.
 *
 * Sentence ends:
 * - `!`, `?` (also `?!`, `‼`, `؟`, `।`) followed by optional closing quotes/brackets, then a space.
 * - A single `.` followed by optional closers, then a space, unless the word before it is an abbreviation
 *   (Dr. Mr. etc. vs. ...), an initial (`J.`), an initialism (`U.S.`, `e.g.`, `a.m.`), a numbering word
 *   before a digit (`No. 5`), or the next word starts with a lower-case letter.
 * - CJK `。！？｡．` (plus closers), with or without a space after them; an ASCII `!?.` between two Han or
 *   kana characters also ends a sentence.
 * Not sentence ends: decimals and amounts (`3.14`, `$2.50`, `10.5%`: no space follows the dot) and
 * ellipses (`...`, `…`), which are clause boundaries instead.
 *
 * Clause ends: `,` `;` `:` `—` `–` (and a free-standing `-` or `--`), Arabic `،` `؛`, ellipses, each followed
 * by a space; CJK `，、；：` with or without a space.
 *
 * Word ends: every space, and every point between two Han or kana characters (Chinese and Japanese put no
 * spaces between words, so a run longer than the limit is cut between characters).
 */

export interface TextBoundaries {
  sentence: number[];
  clause: number[];
  word: number[];
}

/** Abbreviations after which a `.` never ends a sentence (lower case, without the final dot). */
export const ABBREVIATIONS: ReadonlySet<string> = new Set([
  'mr',
  'mrs',
  'ms',
  'mx',
  'dr',
  'prof',
  'st',
  'sr',
  'jr',
  'mt',
  'ft',
  'vs',
  'etc',
  'approx',
  'dept',
  'est',
  'inc',
  'ltd',
  'corp',
  'co',
  'gen',
  'gov',
  'sen',
  'rep',
  'rev',
  'hon',
  'capt',
  'col',
  'lt',
  'sgt',
  'cf',
  'al',
  'ph.d',
  'e.g',
  'i.e',
  'eg',
  'ie',
  'a.m',
  'p.m',
  'u.s',
  'u.k',
]);

/** Numbering words that are abbreviations only when a digit follows (`No. 5`, `Vol. 2`, `p. 12`). */
const NUMBERING_ABBREVIATIONS: ReadonlySet<string> = new Set([
  'no',
  'nos',
  'vol',
  'fig',
  'p',
  'pp',
  'ch',
  'art',
]);

const CLOSERS = new Set([...'"\'”’»›)]}」』）】〉》〕］｝']);
const OPENERS = new Set([...'"\'“‘«‹([{¿¡「『（【〈《〔［｛']);
/** Terminal punctuation that needs a space after it. */
const LATIN_TERMINALS = new Set([...'.!?…‼⁇⁈⁉।॥؟۔']);
/** Terminals that end a sentence even when repeated or mixed with dots (`?!`, `!..`). */
const STRONG_TERMINALS = new Set([...'!?‼⁇⁈⁉।॥؟۔']);
/** Terminals that end a sentence with no space after them. */
const CJK_TERMINALS = new Set([...'。！？｡．']);
const CJK_CLAUSE = new Set([...'，、；：﹐﹑']);
const LATIN_CLAUSE = new Set([...',;:—–،؛']);

const HAN_OR_KANA = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const UPPER_LETTER = /^\p{Lu}$/u;
const LOWER_LETTER = /^\p{Ll}$/u;
const INITIALISM = /^(?:\p{L}\.)+\p{L}$/u;
const DIGIT = /^[0-9]$/;

export function findBoundaries(text: string): TextBoundaries {
  const sentence: number[] = [];
  const clause: number[] = [];
  const word: number[] = [];
  const length = text.length;
  const pushSentence = (end: number): void => {
    if (end > 0 && end < length && sentence[sentence.length - 1] !== end) sentence.push(end);
  };
  const pushClause = (end: number): void => {
    if (end > 0 && end < length && clause[clause.length - 1] !== end) clause.push(end);
  };

  for (let i = 0; i < length; i++) {
    const c = text[i] as string;
    if (c === ' ') {
      word.push(i);
      const strength = strengthBeforeSpace(text, i);
      if (strength === 'sentence') pushSentence(i);
      else if (strength === 'clause') pushClause(i);
      continue;
    }
    if (CJK_TERMINALS.has(c) || CJK_CLAUSE.has(c)) {
      let j = i + 1;
      const isTerminal = CJK_TERMINALS.has(c);
      while (
        j < length &&
        (CLOSERS.has(text[j] as string) || (isTerminal && CJK_TERMINALS.has(text[j] as string)))
      )
        j++;
      if (isTerminal) pushSentence(j);
      else pushClause(j);
      i = j - 1;
      continue;
    }
    if (i > 0 && HAN_OR_KANA.test(c) && HAN_OR_KANA.test(text[i - 1] as string)) word.push(i);
    if ((c === '!' || c === '?' || c === '.') && i > 0 && i + 1 < length) {
      // Chinese or Japanese typed with ASCII punctuation: 你好吗?我很好
      if (HAN_OR_KANA.test(text[i - 1] as string) && HAN_OR_KANA.test(text[i + 1] as string))
        pushSentence(i + 1);
    }
  }
  return { sentence, clause, word };
}

/** How strongly the space at `spaceIndex` separates what is before it from what follows. */
function strengthBeforeSpace(text: string, spaceIndex: number): 'sentence' | 'clause' | 'word' {
  let k = spaceIndex - 1;
  while (k >= 0 && CLOSERS.has(text[k] as string)) k--;
  if (k < 0) return 'word';
  const last = text[k] as string;
  if (LATIN_TERMINALS.has(last)) {
    const runEnd = k + 1;
    let strong = false;
    let dots = 0;
    let ellipsis = false;
    while (k >= 0 && LATIN_TERMINALS.has(text[k] as string)) {
      const t = text[k] as string;
      if (STRONG_TERMINALS.has(t)) strong = true;
      else if (t === '…') ellipsis = true;
      else dots++;
      k--;
    }
    if (strong) return 'sentence';
    if (ellipsis || dots > 1) return 'clause';
    return periodEndsSentence(text, runEnd - 1, spaceIndex) ? 'sentence' : 'word';
  }
  if (LATIN_CLAUSE.has(last)) return 'clause';
  if (
    last === '-' &&
    (k === 0 || text[k - 1] === ' ' || (text[k - 1] === '-' && (k < 2 || text[k - 2] === ' ')))
  )
    return 'clause';
  return 'word';
}

/** Decides for one `.` at `dotIndex`, followed (after optional closers) by the space at `spaceIndex`. */
function periodEndsSentence(text: string, dotIndex: number, spaceIndex: number): boolean {
  let start = dotIndex;
  while (start > 0 && text[start - 1] !== ' ') start--;
  while (start < dotIndex && OPENERS.has(text[start] as string)) start++;
  const token = text.slice(start, dotIndex);
  if (token.length === 0) return true;
  const lower = token.toLowerCase();
  const next = text[spaceIndex + 1] ?? '';
  if (ABBREVIATIONS.has(lower)) return false;
  if (UPPER_LETTER.test(token)) return false;
  if (INITIALISM.test(token)) return false;
  if (NUMBERING_ABBREVIATIONS.has(lower) && DIGIT.test(next)) return false;
  if (LOWER_LETTER.test(next)) return false;
  return true;
}
