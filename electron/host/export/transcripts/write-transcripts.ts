/** Writes the transcript files of an export next to its audio, each atomically (files/atomic-write.ts). */
import { writeFileAtomic } from '../../files/atomic-write';
import { toAudacityLabels } from './audacity-labels';
import type { CueOptions } from './cues';
import { toSrt } from './srt';
import type { TimedTurn, TranscriptChapter } from './timed-turn';
import { toTranscriptJson } from './transcript-json';
import { toWebVtt, toWebVttChapters } from './webvtt';
import type { SpeakerVoiceSummary } from '../../../../shared/model/speaker-voices';
import { toPodcastChapters } from './podcast-chapters';

export type TranscriptFormat = 'srt' | 'vtt' | 'json' | 'labels';

export const TRANSCRIPT_SUFFIXES: Readonly<Record<TranscriptFormat, string>> = {
  srt: '.srt',
  vtt: '.vtt',
  json: '.json',
  labels: '.labels.txt',
};
/** The WebVTT chapters track written beside the captions when there are chapters. */
export const VTT_CHAPTERS_SUFFIX = '.chapters.vtt';
/** Podcasting 2.0 JSON chapters, written beside the captions when there are chapters (podcast-chapters.ts). */
export const PODCAST_CHAPTERS_SUFFIX = '.chapters.json';

export interface WriteTranscriptsOptions {
  formats: readonly TranscriptFormat[];
  chapters?: readonly TranscriptChapter[];
  title?: string;
  durationMs?: number;
  cues?: Omit<CueOptions, 'speakerPrefix'>;
  /** Each speaker's voice and language, for the JSON transcript. */
  voices?: readonly SpeakerVoiceSummary[];
  /**
   * Where each file is written instead of its real name (an export stages every file and renames them all
   * into place at the end); `path` in the result stays the real name.
   */
  stage?: (path: string) => string;
  /** For the Podcasting 2.0 chapters file: the show's name and the audio file's name. */
  podcast?: { podcastName?: string; fileName?: string };
}

export interface WrittenTranscript {
  format: TranscriptFormat | 'vtt-chapters' | 'podcast-chapters';
  path: string;
  /** Where it was written: `path`, or its staged name. */
  writtenPath: string;
}

/** Writes `<basePath><suffix>` for each format; returns the files in the order written. */
export async function writeTranscripts(
  basePath: string,
  turns: readonly TimedTurn[],
  options: WriteTranscriptsOptions,
): Promise<WrittenTranscript[]> {
  const chapters = options.chapters ?? [];
  const durationMs = options.durationMs ?? turns.reduce((end, turn) => Math.max(end, turn.endMs), 0);
  // Render everything first so a bad turn fails before any file is written.
  const outputs: [WrittenTranscript['format'], string, string][] = [];
  for (const format of new Set(options.formats)) {
    const path = basePath + TRANSCRIPT_SUFFIXES[format];
    switch (format) {
      case 'srt':
        outputs.push([format, path, toSrt(turns, options.cues)]);
        break;
      case 'vtt':
        outputs.push([format, path, toWebVtt(turns, options.cues)]);
        if (chapters.length > 0) {
          outputs.push([
            'vtt-chapters',
            basePath + VTT_CHAPTERS_SUFFIX,
            toWebVttChapters(chapters, durationMs),
          ]);
          outputs.push([
            'podcast-chapters',
            basePath + PODCAST_CHAPTERS_SUFFIX,
            toPodcastChapters(chapters, {
              durationMs,
              ...(options.title ? { title: options.title } : {}),
              ...options.podcast,
            }),
          ]);
        }
        break;
      case 'json':
        outputs.push([
          format,
          path,
          toTranscriptJson(turns, { chapters, durationMs, title: options.title, voices: options.voices }),
        ]);
        break;
      case 'labels':
        outputs.push([format, path, toAudacityLabels(turns, { chapters })]);
        break;
    }
  }
  const written: WrittenTranscript[] = [];
  for (const [format, path, text] of outputs) {
    const writtenPath = options.stage?.(path) ?? path;
    await writeFileAtomic(writtenPath, text);
    written.push({ format, path, writtenPath });
  }
  return written;
}
