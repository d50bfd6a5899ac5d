/**
 * WebVTT (.vtt) captions with `<v Speaker>` voice spans, and a WebVTT chapters track. Text and speaker
 * names are escaped (&, <, >) so no markup can be injected.
 */
import { formatTimestampMs } from '../../../../shared/model/time';
import { buildCues } from './cues';
import type { CueOptions } from './cues';
import { normaliseSpace, validateChapterMark } from './timed-turn';
import type { TimedTurn, TranscriptChapter } from './timed-turn';

export function escapeVttText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function timing(startMs: number, endMs: number): string {
  return `${formatTimestampMs(startMs, '.')} --> ${formatTimestampMs(endMs, '.')}`;
}

export function toWebVtt(
  turns: readonly TimedTurn[],
  options: Omit<CueOptions, 'speakerPrefix'> = {},
): string {
  const cues = buildCues(turns, { ...options, speakerPrefix: false });
  const blocks = cues.map((cue, index) => {
    const voice = `<v ${escapeVttText(normaliseSpace(cue.speaker))}>`;
    const text = cue.lines.map(escapeVttText).join('\n');
    return `${index + 1}\n${timing(cue.startMs, cue.endMs)}\n${voice}${text}\n`;
  });
  return ['WEBVTT\n', ...blocks].join('\n');
}

/** A `kind="chapters"` track: one cue per chapter, each running to the next (or to durationMs). */
export function toWebVttChapters(chapters: readonly TranscriptChapter[], durationMs: number): string {
  chapters.forEach(validateChapterMark);
  const ordered = [...chapters].sort((a, b) => a.startMs - b.startMs);
  const blocks = ordered.map((chapter, index) => {
    const endMs = Math.max(chapter.startMs, ordered[index + 1]?.startMs ?? durationMs);
    return `${index + 1}\n${timing(chapter.startMs, endMs)}\n${escapeVttText(normaliseSpace(chapter.title))}\n`;
  });
  return ['WEBVTT\n', ...blocks].join('\n');
}
