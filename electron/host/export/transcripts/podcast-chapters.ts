/**
 * Podcasting 2.0 JSON chapters (podcast namespace, chapters/jsonChapters.md, version 1.2.0): served beside
 * the episode as `application/json+chapters` and named by `<podcast:chapters>` in a feed. `startTime` and
 * `endTime` are seconds (fractions allowed); `version` and `chapters` are required, each chapter needs a
 * `startTime` and carries a `title`; `title`, `podcastName` and `fileName` at the top level are optional.
 */
import type { TranscriptChapter } from './timed-turn';
import { validateChapterMark } from './timed-turn';

export const PODCAST_CHAPTERS_VERSION = '1.2.0';

export interface PodcastChaptersOptions {
  durationMs: number;
  title?: string;
  podcastName?: string;
  /** The audio file these chapters belong to (its name, no folder). */
  fileName?: string;
}

export function toPodcastChapters(
  chapters: readonly TranscriptChapter[],
  options: PodcastChaptersOptions,
): string {
  chapters.forEach(validateChapterMark);
  const seconds = (ms: number) => ms / 1000;
  const document = {
    version: PODCAST_CHAPTERS_VERSION,
    ...(options.title ? { title: options.title } : {}),
    ...(options.podcastName ? { podcastName: options.podcastName } : {}),
    ...(options.fileName ? { fileName: options.fileName } : {}),
    chapters: chapters.map((chapter, index) => ({
      startTime: seconds(chapter.startMs),
      endTime: seconds(chapters[index + 1]?.startMs ?? options.durationMs),
      title: chapter.title,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
