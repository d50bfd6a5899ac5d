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

/**
 * A generous guess of how long a text takes to say at normal rate: per character the geometric mean of its
 * system's plausible bounds (Latin 100 ms, a CJK syllable 232 ms), above typical speech, so that a bound
 * on expected seconds holds for real speech too.
 */
export function expectedSpeechMs(text: string): number {
  let ms = 0;
  for (const char of text) {
    if (/[\s\p{P}]/u.test(char)) continue;
    const info = WRITING_SYSTEMS[writingSystemOf(char) ?? 'Latin'];
    ms += Math.sqrt(info.minMsPerChar * info.maxMsPerChar);
  }
  return ms;
}

/**
 * Code point ranges whose East Asian Width is Wide or Fullwidth, from the Unicode Character Database
 * (EastAsianWidth.txt, Unicode 14; runs separated only by unassigned code points are merged).
 */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e],
  [0x3041, 0x3247],
  [0x3250, 0x4dbf],
  [0x4e00, 0xa4c6],
  [0xa960, 0xa97c],
  [0xac00, 0xd7a3],
  [0xf900, 0xfad9],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6b],
  [0xff01, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x1b2fb],
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f200, 0x1f320],
  [0x1f32d, 0x1f335],
  [0x1f337, 0x1f37c],
  [0x1f37e, 0x1f393],
  [0x1f3a0, 0x1f3ca],
  [0x1f3cf, 0x1f3d3],
  [0x1f3e0, 0x1f3f0],
  [0x1f3f4, 0x1f3f4],
  [0x1f3f8, 0x1f43e],
  [0x1f440, 0x1f440],
  [0x1f442, 0x1f4fc],
  [0x1f4ff, 0x1f53d],
  [0x1f54b, 0x1f54e],
  [0x1f550, 0x1f567],
  [0x1f57a, 0x1f57a],
  [0x1f595, 0x1f596],
  [0x1f5a4, 0x1f5a4],
  [0x1f5fb, 0x1f64f],
  [0x1f680, 0x1f6c5],
  [0x1f6cc, 0x1f6cc],
  [0x1f6d0, 0x1f6d2],
  [0x1f6d5, 0x1f6df],
  [0x1f6eb, 0x1f6ec],
  [0x1f6f4, 0x1f6fc],
  [0x1f7e0, 0x1f7f0],
  [0x1f90c, 0x1f93a],
  [0x1f93c, 0x1f945],
  [0x1f947, 0x1f9ff],
  [0x1fa70, 0x1faf6],
  [0x20000, 0x3134a],
];

function isWide(codePoint: number): boolean {
  let lo = 0;
  let hi = WIDE_RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const [first, last] = WIDE_RANGES[mid] as readonly [number, number];
    if (codePoint < first) hi = mid - 1;
    else if (codePoint > last) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Printable Latin-1 only: one column per UTF-16 unit. */
const NARROW_ONLY = /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF]*$/;
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
    width += isWide(char.codePointAt(0) ?? 0) ? 2 : 1;
  }
  return width;
}
