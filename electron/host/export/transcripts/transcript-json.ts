/** A machine-readable transcript: turns, speakers with their speaking time, chapters with their ends. */
import { sortedTurns, validateChapterMark, validateTurns } from './timed-turn';
import type { TimedTurn, TranscriptChapter } from './timed-turn';
import type { SpeakerVoiceSummary } from '../../../../shared/model/speaker-voices';

export const TRANSCRIPT_JSON_VERSION = 1;

export interface TranscriptJson {
  version: typeof TRANSCRIPT_JSON_VERSION;
  title?: string;
  durationMs: number;
  speakers: {
    name: string;
    turnCount: number;
    speakingMs: number;
    /** The voice the speaker got (`--voice` syntax) and its language, where the export knows them. */
    voice?: string;
    language?: string;
  }[];
  chapters: { title: string; startMs: number; endMs: number }[];
  turns: {
    index: number;
    speaker: string;
    text: string;
    startMs: number;
    endMs: number;
    durationMs: number;
  }[];
}

export interface TranscriptJsonOptions {
  title?: string;
  chapters?: readonly TranscriptChapter[];
  /** Length of the episode; defaults to the end of the last turn. */
  durationMs?: number;
  /** Each speaker's voice and language, by name. */
  voices?: readonly SpeakerVoiceSummary[] | undefined;
}

export function buildTranscriptJson(
  turns: readonly TimedTurn[],
  options: TranscriptJsonOptions = {},
): TranscriptJson {
  validateTurns(turns);
  const ordered = sortedTurns(turns);
  const lastEnd = ordered.reduce((end, turn) => Math.max(end, turn.endMs), 0);
  const durationMs = options.durationMs ?? lastEnd;
  const speakers = new Map<string, { name: string; turnCount: number; speakingMs: number }>();
  for (const turn of ordered) {
    const entry = speakers.get(turn.speaker) ?? { name: turn.speaker, turnCount: 0, speakingMs: 0 };
    entry.turnCount++;
    entry.speakingMs += turn.endMs - turn.startMs;
    speakers.set(turn.speaker, entry);
  }
  options.chapters?.forEach(validateChapterMark);
  const chapters = [...(options.chapters ?? [])].sort((a, b) => a.startMs - b.startMs);
  return {
    version: TRANSCRIPT_JSON_VERSION,
    ...(options.title !== undefined ? { title: options.title } : {}),
    durationMs,
    speakers: [...speakers.values()].map((speaker) => {
      const voice = options.voices?.find((entry) => entry.name === speaker.name);
      return {
        ...speaker,
        ...(voice ? { voice: voice.voice } : {}),
        ...(voice?.language ? { language: voice.language } : {}),
      };
    }),
    chapters: chapters.map((chapter, index) => ({
      title: chapter.title,
      startMs: chapter.startMs,
      endMs: Math.max(chapter.startMs, chapters[index + 1]?.startMs ?? durationMs),
    })),
    turns: ordered.map((turn, index) => ({
      index,
      speaker: turn.speaker,
      text: turn.text,
      startMs: turn.startMs,
      endMs: turn.endMs,
      durationMs: turn.endMs - turn.startMs,
    })),
  };
}

export function toTranscriptJson(turns: readonly TimedTurn[], options: TranscriptJsonOptions = {}): string {
  return `${JSON.stringify(buildTranscriptJson(turns, options), null, 2)}\n`;
}
