/**
 * Finds speaker names that look like a typo of another speaker ("Hots: hello" in a script where Host
 * speaks throughout): a name used rarely, a small edit away from a speaker used more (or as often but
 * earlier). Small means: the same once case and spaces are ignored ("Speaker1", "co-host"), or one edit
 * (letters swapped, added, dropped or changed; Damerau-Levenshtein) from a name of 4+ letters, two from
 * 8+, keeping the first letter (people rarely mistype it: "Ghost" is not a typo of "Host"). Names that
 * differ in a number ("Speaker 1" / "Speaker 2", "Guest 12") are never suspects.
 */

/** A name with more turns than this is taken as meant, however close it is to another. */
export const MAX_SUSPECT_TURNS = 2;

export interface SpeakerUse {
  name: string;
  /** 1-based lines of the name's turns in this script, in order. */
  lines: number[];
  /** Turns the speaker already has elsewhere (a project the script is added to); such a name is meant. */
  knownTurns?: number;
}

export interface SpeakerTypo {
  /** The name as written in the script. */
  name: string;
  /** The established speaker it is probably meant to be. */
  suggestion: string;
  lines: number[];
}

/** Case, spaces and the marks people type between words ignored: "Co-Host" and "cohost" compare equal. */
function comparable(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s\-_.']+/gu, '');
}

function digitsOf(name: string): string {
  return (name.match(/\p{Nd}+/gu) ?? []).join(' ');
}

/** Optimal string alignment distance (Damerau-Levenshtein without repeated edits of one substring). */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      }
      current.push(value);
      rowBest = Math.min(rowBest, value);
    }
    if (rowBest > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[y.length] ?? 0;
}

/** How many edits away from `meant` a typo of it may be. */
function allowedEdits(meant: string): number {
  const length = Array.from(meant).length;
  if (length >= 8) return 2;
  if (length >= 4) return 1;
  return 0;
}

/** How far `name` is from `other`, or null when too far to be a typo of it. */
function typoDistance(name: string, other: string): number | null {
  if (digitsOf(name) !== digitsOf(other)) return null;
  const a = comparable(name);
  const b = comparable(other);
  if (a.length === 0 || b.length === 0) return null;
  if (a === b) return 0;
  if (a.codePointAt(0) !== b.codePointAt(0)) return null;
  const limit = allowedEdits(b);
  if (limit === 0) return null;
  const distance = editDistance(a, b, limit);
  return distance <= limit ? distance : null;
}

/**
 * The names in `uses` (in order of first appearance) that are probably typos of another, each with the
 * closest established name (ties: the one with more turns, then the earlier one).
 */
export function findSpeakerTypos(uses: readonly SpeakerUse[]): SpeakerTypo[] {
  const typos: SpeakerTypo[] = [];
  const turnsOf = (use: SpeakerUse) => use.lines.length + (use.knownTurns ?? 0);
  uses.forEach((use, index) => {
    if (use.knownTurns !== undefined || use.lines.length === 0 || use.lines.length > MAX_SUSPECT_TURNS)
      return;
    let best: { name: string; distance: number; turns: number } | null = null;
    uses.forEach((other, otherIndex) => {
      if (otherIndex === index) return;
      const turns = turnsOf(other);
      const established = turns > use.lines.length || (turns === use.lines.length && otherIndex < index);
      if (!established) return;
      const distance = typoDistance(use.name, other.name);
      if (distance === null) return;
      if (best === null || distance < best.distance || (distance === best.distance && turns > best.turns)) {
        best = { name: other.name, distance, turns };
      }
    });
    const found = best as { name: string } | null;
    if (found !== null) typos.push({ name: use.name, suggestion: found.name, lines: use.lines });
  });
  return typos;
}

/**
 * The script with the speaker name on 1-based line `line` replaced (the first occurrence, in any case):
 * the one-click fix for a typo. Returns the text unchanged when the line does not hold the name.
 */
export function replaceSpeakerOnLine(text: string, line: number, written: string, suggested: string): string {
  const lines = text.split('\n');
  const source = lines[line - 1];
  if (source === undefined) return text;
  const at = source.toLowerCase().indexOf(written.toLowerCase());
  if (at === -1) return text;
  lines[line - 1] = source.slice(0, at) + suggested + source.slice(at + written.length);
  return lines.join('\n');
}
