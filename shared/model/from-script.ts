/** Builds a new Project from a parsed script: speakers in order of appearance, each with its own voice. */
import type { ParsedScript } from '../script/types';
import { defaultEspeakVoice, ESPEAK_ENGINE_ID } from './espeak-voices';
import type { Chapter, Project, Segment, Speaker } from './project';
import { DEFAULT_GAP_MS, DEFAULT_SAMPLE_RATE, PROJECT_SCHEMA_VERSION } from './project';
import type { VoiceRef } from './voice';

/** Distinct, readable on a dark timeline, in the order speakers appear. */
export const SPEAKER_COLORS = [
  '#4f9dff',
  '#ff8a4f',
  '#4fd18b',
  '#c77dff',
  '#ffd24f',
  '#ff5f8f',
  '#4fd6e0',
  '#a3b86c',
];

export interface ScriptToProjectOptions {
  title: string;
  sampleRate?: number;
  defaultGapMs?: number;
  /** Voice for a speaker by name; speakers not listed get distinct default voices. */
  voiceFor?: (speakerName: string, speakerIndex: number) => VoiceRef | undefined;
}

export interface ScriptToProjectResult {
  project: Project;
  /** Things in the script that have no place in the project (e.g. a pause after the last turn). */
  warnings: { line: number; message: string }[];
}

export function defaultVoiceRef(speakerIndex: number): VoiceRef {
  return {
    engine: ESPEAK_ENGINE_ID,
    voice: defaultEspeakVoice(speakerIndex),
    params: { ratePercent: 100, pitchSemitones: 0 },
  };
}

export function scriptToProject(
  script: ParsedScript,
  options: ScriptToProjectOptions,
): ScriptToProjectResult {
  const defaultGapMs = options.defaultGapMs ?? DEFAULT_GAP_MS;
  const speakers: Speaker[] = script.speakers.map((name, index) => ({
    id: `s${index + 1}`,
    name,
    color: SPEAKER_COLORS[index % SPEAKER_COLORS.length] ?? '#4f9dff',
    voice: options.voiceFor?.(name, index) ?? defaultVoiceRef(index),
  }));
  const speakerIdByName = new Map(speakers.map((speaker) => [speaker.name, speaker.id]));
  const segments: Segment[] = [];
  const chapters: Chapter[] = [];
  const warnings: ScriptToProjectResult['warnings'] = [];
  let pendingPauseMs = 0;
  let pendingPauseLine = 0;
  let pendingChapters: { title: string; line: number }[] = [];

  for (const item of script.items) {
    if (item.kind === 'pause') {
      pendingPauseMs += item.durationMs;
      pendingPauseLine = item.line;
    } else if (item.kind === 'chapter') {
      pendingChapters.push({ title: item.title, line: item.line });
    } else {
      const id = `t${segments.length + 1}`;
      const isFirst = segments.length === 0;
      segments.push({
        id,
        speakerId: speakerIdByName.get(item.speaker) ?? 's1',
        text: item.text,
        gapBeforeMs: (isFirst ? 0 : defaultGapMs) + pendingPauseMs,
        takeHistory: [],
        locked: false,
        sourceLine: item.line,
      });
      for (const chapter of pendingChapters) {
        chapters.push({ id: `c${chapters.length + 1}`, title: chapter.title, startSegmentId: id });
      }
      pendingChapters = [];
      pendingPauseMs = 0;
    }
  }
  if (pendingPauseMs > 0) {
    warnings.push({
      line: pendingPauseLine,
      message: 'a pause after the last turn has no effect: move it between turns',
    });
  }
  for (const chapter of pendingChapters) {
    warnings.push({
      line: chapter.line,
      message: `chapter "${chapter.title}" has no turns after it: add turns or remove the heading`,
    });
  }
  const project: Project = {
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: options.title,
    sampleRate: options.sampleRate ?? DEFAULT_SAMPLE_RATE,
    speakers,
    segments,
    chapters,
    settings: { defaultGapMs, loudnessTargetLufs: -16 },
  };
  return { project, warnings };
}
