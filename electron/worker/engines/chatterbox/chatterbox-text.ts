/**
 * Chatterbox Turbo's rules around one chunk of text: how it is normalised before tokenizing (what
 * Resemble's `punc_norm` in `tts_turbo.py` does), and the hard limit on generated speech tokens.
 */
import { CHATTERBOX_MAX_STEPS, CHATTERBOX_TOKEN_RATE } from './chatterbox-contract';

/** Punctuation the training data rarely had, as `punc_norm` replaces it (in this order). */
const REPLACEMENTS: ReadonlyArray<readonly [string, string]> = [
  ['...', ', '],
  ['…', ', '],
  [':', ','],
  [' - ', ', '],
  [';', ', '],
  ['—', '-'],
  ['–', '-'],
  [' ,', ','],
  ['“', '"'],
  ['”', '"'],
  ['‘', "'"],
  ['’', "'"],
];
const ENDINGS = ['.', '!', '?', '-', ','];

/** One line, a capital first letter, uncommon punctuation replaced, a full stop when nothing ends it. */
export function normaliseChatterboxText(text: string): string {
  let prepared = text
    .split(/\s+/)
    .filter((word) => word !== '')
    .join(' ');
  if (prepared === '') return '';
  prepared = (prepared[0] ?? '').toUpperCase() + prepared.slice(1);
  for (const [from, to] of REPLACEMENTS) prepared = prepared.split(from).join(to);
  prepared = prepared.replace(/ +$/, '');
  if (!ENDINGS.some((ending) => prepared.endsWith(ending))) prepared += '.';
  return prepared;
}

/** Seconds of speech a text token may take at most, and the margin every chunk gets (a tag, a pause). */
const SECONDS_PER_TEXT_TOKEN = 0.6;
const MARGIN_SECONDS = 2;

/**
 * The most speech tokens a chunk of `textTokens` tokens may generate: ⌈(2 s + 0.6 s per text token) ·
 * 25⌉, at most the reference's 1000. English runs at about 0.3 s per GPT-2 token, so this is twice a
 * slow reading; a chunk that reaches it without STOP has run away and fails.
 */
export function maxChatterboxSteps(textTokens: number): number {
  return Math.min(
    CHATTERBOX_MAX_STEPS,
    Math.ceil((MARGIN_SECONDS + SECONDS_PER_TEXT_TOKEN * textTokens) * CHATTERBOX_TOKEN_RATE),
  );
}
