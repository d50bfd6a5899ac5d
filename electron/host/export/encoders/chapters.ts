/** Chapter marks as the encoders' tag writers take them: integer milliseconds, each with its end. */
import { AudioArgumentError } from '../../audio/audio-errors';

export interface ChapterMark {
  title: string;
  startMs: number;
}

export interface TimedChapter {
  title: string;
  startMs: number;
  endMs: number;
}

/**
 * Gives each chapter the next chapter's start (or the programme's end) as its end. Chapters must be in
 * order and inside the programme.
 */
export function closeChapters(marks: readonly ChapterMark[], durationMs: number): TimedChapter[] {
  return marks.map((mark, index) => {
    const next = marks[index + 1];
    const endMs = next === undefined ? durationMs : next.startMs;
    return { title: mark.title, startMs: mark.startMs, endMs };
  });
}

/** Throws a clear error for chapters a tag cannot hold (unordered, overlapping, negative, fractional). */
export function validateChapters(chapters: readonly TimedChapter[]): void {
  let previousEnd = 0;
  chapters.forEach((chapter, index) => {
    const where = `Chapter ${index + 1} ("${chapter.title}")`;
    for (const [name, value] of [
      ['start', chapter.startMs],
      ['end', chapter.endMs],
    ] as const) {
      if (!Number.isInteger(value) || value < 0 || value > 0xffff_fffe) {
        throw new AudioArgumentError(
          `${where} has an invalid ${name} time ${value} ms; times are whole milliseconds.`,
        );
      }
    }
    if (chapter.endMs < chapter.startMs) {
      throw new AudioArgumentError(
        `${where} ends (${chapter.endMs} ms) before it starts (${chapter.startMs} ms).`,
      );
    }
    if (chapter.startMs < previousEnd) {
      throw new AudioArgumentError(
        `${where} starts at ${chapter.startMs} ms, inside the previous chapter; order the chapters by time.`,
      );
    }
    previousEnd = chapter.endMs;
  });
}
