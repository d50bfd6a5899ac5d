/** What the transcript writers take: turns placed on the episode's timeline, in integer milliseconds. */

export interface TimedTurn {
  speaker: string;
  text: string;
  startMs: number;
  endMs: number;
}

export interface TranscriptChapter {
  title: string;
  startMs: number;
}

export class TranscriptError extends Error {
  readonly code = 'invalid-turn';

  constructor(message: string) {
    super(message);
    this.name = 'TranscriptError';
  }
}

/** Throws for turns no transcript can place: fractional, negative or reversed times. */
export function validateTurns(turns: readonly TimedTurn[]): void {
  turns.forEach((turn, index) => {
    const where = `Turn ${index + 1} (${turn.speaker})`;
    if (!Number.isInteger(turn.startMs) || !Number.isInteger(turn.endMs) || turn.startMs < 0) {
      throw new TranscriptError(
        `${where} has times ${turn.startMs}..${turn.endMs} ms; times must be whole, non-negative milliseconds.`,
      );
    }
    if (turn.endMs < turn.startMs) {
      throw new TranscriptError(`${where} ends at ${turn.endMs} ms, before it starts at ${turn.startMs} ms.`);
    }
  });
}

export function validateChapterMark(chapter: TranscriptChapter): void {
  if (!Number.isInteger(chapter.startMs) || chapter.startMs < 0) {
    throw new TranscriptError(
      `Chapter "${chapter.title}" starts at ${chapter.startMs} ms; use whole, non-negative milliseconds.`,
    );
  }
}

/** Turns in time order (stable for equal starts). */
export function sortedTurns(turns: readonly TimedTurn[]): TimedTurn[] {
  return turns
    .map((turn, index) => ({ turn, index }))
    .sort((a, b) => a.turn.startMs - b.turn.startMs || a.index - b.index)
    .map(({ turn }) => turn);
}

/** Collapses runs of white space (including line breaks and tabs) to single spaces. */
export function normaliseSpace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
