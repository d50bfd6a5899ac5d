/**
 * Which writing system a text is in, and how fast its characters are spoken. Letters are classified by their
 * Unicode Script property; digits, punctuation, spaces and symbols belong to no writing system.
 *
 * Characters are weighted by how long they take to say: a Han character is a syllable, a Latin letter a
 * fraction of one, so "我们用 GPU 训练 transformer 模型" is mostly Han although it has more Latin letters.
 */

export type WritingSystem =
  | 'Latin'
  | 'Han'
  | 'Kana'
  | 'Hangul'
  | 'Cyrillic'
  | 'Greek'
  | 'Arabic'
  | 'Hebrew'
  | 'Devanagari'
  | 'Bengali'
  | 'Gurmukhi'
  | 'Gujarati'
  | 'Oriya'
  | 'Tamil'
  | 'Telugu'
  | 'Kannada'
  | 'Malayalam'
  | 'Sinhala'
  | 'Thai'
  | 'Myanmar'
  | 'Georgian'
  | 'Armenian'
  | 'Ethiopic'
  | 'Cherokee';

interface SystemInfo {
  /** Matches one character of the system. */
  pattern: RegExp;
  /** Slowest and fastest plausible speech at normal rate, in ms per character. */
  minMsPerChar: number;
  maxMsPerChar: number;
}

/** Alphabets and abugidas: a character is a sound or less (the old single bound for all text). */
const ALPHABETIC = { minMsPerChar: 25, maxMsPerChar: 400 } as const;
/** CJK: a character is a syllable, spoken at about 4–8 per second. */
const SYLLABIC = { minMsPerChar: 60, maxMsPerChar: 900 } as const;

export const WRITING_SYSTEMS: Readonly<Record<WritingSystem, SystemInfo>> = {
  Latin: { pattern: /\p{Script=Latin}/u, ...ALPHABETIC },
  Han: { pattern: /\p{Script=Han}/u, ...SYLLABIC },
  Kana: { pattern: /[\p{Script=Hiragana}\p{Script=Katakana}]/u, ...SYLLABIC },
  Hangul: { pattern: /\p{Script=Hangul}/u, ...SYLLABIC },
  Cyrillic: { pattern: /\p{Script=Cyrillic}/u, ...ALPHABETIC },
  Greek: { pattern: /\p{Script=Greek}/u, ...ALPHABETIC },
  // Abjads leave most vowels out: a letter stands for more sound.
  Arabic: { pattern: /\p{Script=Arabic}/u, minMsPerChar: 25, maxMsPerChar: 500 },
  Hebrew: { pattern: /\p{Script=Hebrew}/u, minMsPerChar: 25, maxMsPerChar: 500 },
  Devanagari: { pattern: /\p{Script=Devanagari}/u, ...ALPHABETIC },
  Bengali: { pattern: /\p{Script=Bengali}/u, ...ALPHABETIC },
  Gurmukhi: { pattern: /\p{Script=Gurmukhi}/u, ...ALPHABETIC },
  Gujarati: { pattern: /\p{Script=Gujarati}/u, ...ALPHABETIC },
  Oriya: { pattern: /\p{Script=Oriya}/u, ...ALPHABETIC },
  Tamil: { pattern: /\p{Script=Tamil}/u, ...ALPHABETIC },
  Telugu: { pattern: /\p{Script=Telugu}/u, ...ALPHABETIC },
  Kannada: { pattern: /\p{Script=Kannada}/u, ...ALPHABETIC },
  Malayalam: { pattern: /\p{Script=Malayalam}/u, ...ALPHABETIC },
  Sinhala: { pattern: /\p{Script=Sinhala}/u, ...ALPHABETIC },
  Thai: { pattern: /\p{Script=Thai}/u, ...ALPHABETIC },
  Myanmar: { pattern: /\p{Script=Myanmar}/u, ...ALPHABETIC },
  Georgian: { pattern: /\p{Script=Georgian}/u, ...ALPHABETIC },
  Armenian: { pattern: /\p{Script=Armenian}/u, ...ALPHABETIC },
  Ethiopic: { pattern: /\p{Script=Ethiopic}/u, minMsPerChar: 40, maxMsPerChar: 600 },
  Cherokee: { pattern: /\p{Script=Cherokee}/u, minMsPerChar: 40, maxMsPerChar: 600 },
};

const SYSTEM_NAMES = Object.keys(WRITING_SYSTEMS) as WritingSystem[];
const LETTER = /[\p{L}\p{M}]/u;

/** The writing system of one character (a code point), or undefined for digits, punctuation and symbols. */
export function writingSystemOf(char: string): WritingSystem | undefined {
  if (!LETTER.test(char)) return undefined;
  for (const name of SYSTEM_NAMES) if (WRITING_SYSTEMS[name].pattern.test(char)) return name;
  return undefined;
}

/** A character's weight in speaking time (ms per character at the fastest plausible pace). */
function weightOf(system: WritingSystem): number {
  return WRITING_SYSTEMS[system].minMsPerChar;
}

export interface WritingSystemMix {
  /** Characters per writing system. */
  counts: Partial<Record<WritingSystem, number>>;
  /** The system with the largest share of speaking time, if the text has letters at all. */
  dominant?: WritingSystem;
  /** That system's share of speaking time, 0–1. */
  share: number;
}

/**
 * Counts a text's characters by writing system. Han with any kana is Japanese: its Han characters count as
 * Kana (kanji), so a Japanese sentence is Kana, not Han.
 */
export function writingSystemMix(text: string): WritingSystemMix {
  const counts: Partial<Record<WritingSystem, number>> = {};
  for (const char of text) {
    const system = writingSystemOf(char);
    if (system) counts[system] = (counts[system] ?? 0) + 1;
  }
  if ((counts.Kana ?? 0) > 0 && (counts.Han ?? 0) > 0) {
    counts.Kana = (counts.Kana ?? 0) + (counts.Han ?? 0);
    delete counts.Han;
  }
  let total = 0;
  let dominant: WritingSystem | undefined;
  let best = 0;
  for (const name of SYSTEM_NAMES) {
    const weight = (counts[name] ?? 0) * weightOf(name);
    total += weight;
    if (weight > best) {
      best = weight;
      dominant = name;
    }
  }
  return { counts, ...(dominant ? { dominant } : {}), share: total > 0 ? best / total : 0 };
}

/**
 * The writing system a text is mostly in (more than half of its speaking time), or undefined for text
 * with no clear majority or no letters.
 */
export function mostlyWrittenIn(text: string): WritingSystem | undefined {
  const mix = writingSystemMix(text);
  return mix.share > 0.5 ? mix.dominant : undefined;
}

/**
 * Plausible audio length for a text at normal rate, summed per character of each writing system; characters
 * of no system (digits, symbols) count as Latin letters.
 */
export function plausibleSpeechMs(text: string): { minMs: number; maxMs: number; spokenChars: number } {
  let minMs = 0;
  let maxMs = 0;
  let spokenChars = 0;
  for (const char of text) {
    if (/[\s\p{P}]/u.test(char)) continue;
    const info = WRITING_SYSTEMS[writingSystemOf(char) ?? 'Latin'];
    spokenChars++;
    minMs += info.minMsPerChar;
    maxMs += info.maxMsPerChar;
  }
  return { minMs, maxMs, spokenChars };
}

/** East Asian Wide or Fullwidth: one such character takes two columns of a subtitle line. */
const WIDE =
  /[\u1100-\u115F\u231A\u231B\u2329\u232A\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}]/u;
/** Printable Latin-1 only: one column per UTF-16 unit. */
const NARROW_ONLY = /^[\u0020-\u007E\u00A0-\u02FF]*$/;
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}]/u;

/**
 * Columns a text takes on a subtitle line: East Asian Wide and Fullwidth characters (CJK, kana, Hangul,
 * fullwidth forms) count 2, combining marks and format characters 0, everything else 1.
 */
export function displayWidth(text: string): number {
  if (NARROW_ONLY.test(text)) return text.length;
  let width = 0;
  for (const char of text) {
    if (ZERO_WIDTH.test(char)) continue;
    width += WIDE.test(char) ? 2 : 1;
  }
  return width;
}
