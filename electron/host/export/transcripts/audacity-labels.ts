/**
 * Audacity label track (File > Import > Labels): one line per turn, `start<TAB>end<TAB>label`, times in
 * seconds with 6 decimals. Chapters, when given, become point labels (start = end) named "# Title".
 */
import { normaliseSpace, sortedTurns, validateChapterMark, validateTurns } from './timed-turn';
import type { TimedTurn, TranscriptChapter } from './timed-turn';

/** Integer milliseconds as seconds with exactly 6 decimals, without floating-point rounding. */
export function msToLabelSeconds(ms: number): string {
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}000`;
}

export function toAudacityLabels(
  turns: readonly TimedTurn[],
  options: { chapters?: readonly TranscriptChapter[] } = {},
): string {
  validateTurns(turns);
  const labels = sortedTurns(turns).map((turn) => ({
    startMs: turn.startMs,
    endMs: turn.endMs,
    text: `${normaliseSpace(turn.speaker)}: ${normaliseSpace(turn.text)}`,
    rank: 1,
  }));
  for (const chapter of options.chapters ?? []) {
    validateChapterMark(chapter);
    labels.push({
      startMs: chapter.startMs,
      endMs: chapter.startMs,
      text: `# ${normaliseSpace(chapter.title)}`,
      rank: 0,
    });
  }
  // Stable: turns keep their order; a chapter comes before the turn that starts with it.
  labels.sort((a, b) => a.startMs - b.startMs || a.rank - b.rank);
  return labels
    .map((l) => `${msToLabelSeconds(l.startMs)}\t${msToLabelSeconds(l.endMs)}\t${l.text}\n`)
    .join('');
}
