/**
 * Recognises the speaker label at the start of a script line.
 *
 * Accepted forms (the colon may be ASCII `:` or full-width `：`, with an optional space before it):
 *   `Host: text`   `[Host]: text`   `**Host:** text`   `**Host**: text`   `__Host:__ text`   `Host:` (text on the next lines)
 *
 * A name is 1-40 characters: letters of any script, combining marks, digits, spaces, `.`, `'`, `’`, `-`;
 * it starts with a letter or digit and contains at least one letter (so `10:30` and `1: ...` are not names).
 *
 * The plain form `Name: text` is also how ordinary sentences look (`Note: the time is 10:30`,
 * `Here is the plan: ...`, `https://...`), so a plain name must also pass these rules, else the line is text:
 * - at most 4 words;
 * - a multi-word name is capitalised: every word starts with an upper-case letter, a digit or a letter of a
 *   script without case (CJK, Arabic, ...), except name particles (`van`, `de`, `al`, ...); `speaker 2` is
 *   accepted in any case. A one-word name may be lower case (`host: hi`);
 * - the colon is not directly followed by a digit, `/`, `\`, `:` or `)` (times `10:30`, verses `John 3:16`,
 *   URLs `https://`, paths `C:\`, `std::`, `:)`); `Host:Hello` without a space is still a label;
 * - the name is not a note label or discourse word (`Note`, `P.S.`, `Warning`, `Example`, `Source`,
 *   `Update`, `http`, `So`, `Well`, ... see NOT_SPEAKER_WORDS) and does not start with a numbering word
 *   (`Chapter 2:`, `Part One:`, `Episode 12:`, `Step 3:` ... see NOT_SPEAKER_FIRST_WORDS).
 * The decorated forms (`[Name]:`, `**Name:**`) say plainly that a label is meant, so only the character and
 * length rules apply; a decorated label that breaks them is reported as `invalid-label`.
 * Nothing called `pause ...` is a speaker: `[pause 1s]` is a directive.
 */

export const MAX_SPEAKER_NAME_CHARS = 40;
export const MAX_PLAIN_SPEAKER_WORDS = 4;

/** One-word (or exact) labels that, written plainly at a line start, are prose rather than speakers. */
export const NOT_SPEAKER_WORDS: ReadonlySet<string> = new Set([
  'note',
  'notes',
  'nb',
  'n.b',
  'ps',
  'p.s',
  'pps',
  'p.p.s',
  'tip',
  'hint',
  'warning',
  'caution',
  'important',
  'example',
  'examples',
  'e.g',
  'i.e',
  'eg',
  'ie',
  'source',
  'sources',
  'update',
  'edit',
  'todo',
  'fixme',
  'see',
  'link',
  'links',
  'url',
  'http',
  'https',
  'ftp',
  'ftps',
  'mailto',
  'file',
  'tel',
  'urn',
  'www',
  'time',
  'date',
  're',
  'fwd',
  'subject',
  'ref',
  'cc',
  'bcc',
  'to',
  'from',
  'well',
  'so',
  'and',
  'but',
  'or',
  'yes',
  'no',
  'ok',
  'okay',
  'also',
  'however',
  'then',
  'now',
  'remember',
  'because',
  'summary',
]);

/** First words that make a plain label a heading or numbering, not a speaker (`Chapter 2:`, `Part One:`). */
export const NOT_SPEAKER_FIRST_WORDS: ReadonlySet<string> = new Set([
  'chapter',
  'part',
  'episode',
  'season',
  'section',
  'act',
  'scene',
  'step',
  'figure',
  'table',
  'verse',
  'page',
  'track',
  'round',
]);

const NAME_PARTICLES: ReadonlySet<string> = new Set([
  'van',
  'von',
  'de',
  'der',
  'den',
  'del',
  'della',
  'di',
  'da',
  'du',
  'des',
  'la',
  'le',
  'el',
  'al',
  'bin',
  'ibn',
  'ben',
  'bint',
  'ter',
  'ten',
  'y',
  'e',
  'of',
  'the',
]);

export type SpeakerPrefixMatch =
  { kind: 'speaker'; name: string; rest: string } | { kind: 'invalid-label'; label: string; reason: string };

/** Anchored regexes with bounded repetition: they never scan far into a long line. */
const BOLD_LABEL = /^(\*\*|__) ?([^*_:：]{1,80}?) ?(?:[:：] ?\1|\1 ?[:：])/u;
const BRACKET_LABEL = /^\[ ?([^[\]:：]{1,80}?) ?\] ?[:：]/u;
const PLAIN_LABEL = /^([^:：]{1,80})[:：]/u;
const NAME_CHARS = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} .'’-]*$/u;
const HAS_LETTER = /\p{L}/u;
const LOWER_START = /^\p{Ll}/u;
const SPEAKER_N = /^speaker \d+$/i;
const PAUSE_WORD = /^pause(?!\p{L})/iu;
const BAD_AFTER_COLON = /^[0-9/\\:)]/;

/**
 * Matches a speaker label at the start of `line`, which must be trimmed with whitespace collapsed.
 * Returns null when the line does not start with a label (it is then text).
 */
export function matchSpeakerPrefix(line: string): SpeakerPrefixMatch | null {
  // Every regex here is anchored and bounded ({1,80}), so it reads at most ~170 characters of the line.
  const head = line;
  const first = head[0];
  if (first === '*' || first === '_') {
    const bold = BOLD_LABEL.exec(head);
    if (bold !== null) return decorated(bold[2] as string, bold[0], line);
  } else if (first === '[') {
    const bracket = BRACKET_LABEL.exec(head);
    if (bracket !== null) return decorated(bracket[1] as string, bracket[0], line);
    return null;
  }
  const plain = PLAIN_LABEL.exec(head);
  if (plain === null) return null;
  const rest = line.slice(plain[0].length);
  if (BAD_AFTER_COLON.test(rest)) return null;
  const name = plainSpeakerName(plain[1] as string);
  return name === null ? null : { kind: 'speaker', name, rest: rest.trim() };
}

/** Scripts repeat a handful of labels thousands of times: remember the verdicts (bounded). */
const plainVerdicts = new Map<string, string | null>();
const MAX_REMEMBERED_VERDICTS = 4096;

function plainSpeakerName(candidate: string): string | null {
  const remembered = plainVerdicts.get(candidate);
  if (remembered !== undefined) return remembered;
  const name = candidate.trim();
  const verdict = validateName(name) === null && isPlainSpeakerName(name) ? name : null;
  if (plainVerdicts.size >= MAX_REMEMBERED_VERDICTS) plainVerdicts.clear();
  plainVerdicts.set(candidate, verdict);
  return verdict;
}

function decorated(rawName: string, label: string, line: string): SpeakerPrefixMatch | null {
  const name = rawName.trim();
  if (PAUSE_WORD.test(name)) return null;
  const reason = validateName(name);
  if (reason !== null) return { kind: 'invalid-label', label, reason };
  return { kind: 'speaker', name, rest: line.slice(label.length).trim() };
}

/** Character and length rules shared by every form; returns why the name is not valid, or null. */
function validateName(name: string): string | null {
  if (name.length === 0) return 'the name is empty';
  if (name.length > MAX_SPEAKER_NAME_CHARS) {
    return `the name is ${name.length} characters long (at most ${MAX_SPEAKER_NAME_CHARS})`;
  }
  if (!NAME_CHARS.test(name)) {
    return "a name may only hold letters, digits, spaces and . ' - and must start with a letter or digit";
  }
  if (!HAS_LETTER.test(name)) return 'a name needs at least one letter';
  if (PAUSE_WORD.test(name)) return '"pause" is a directive, not a speaker';
  return null;
}

/** The extra rules for an undecorated `Name:` (see the file comment). */
function isPlainSpeakerName(name: string): boolean {
  const words = name.split(' ');
  if (words.length > MAX_PLAIN_SPEAKER_WORDS) return false;
  const lower = name.toLowerCase();
  if (NOT_SPEAKER_WORDS.has(lower.replace(/\.+$/, ''))) return false;
  if (NOT_SPEAKER_FIRST_WORDS.has((words[0] as string).toLowerCase())) return false;
  if (words.length === 1 || SPEAKER_N.test(name)) return true;
  return words.every((word) => !LOWER_START.test(word) || NAME_PARTICLES.has(word));
}
