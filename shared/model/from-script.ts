/** Builds a new Project from a parsed script: speakers in order of appearance, each with its own voice. */
import type { ParsedScript } from '../script/types';
import { ESPEAK_VOICES } from './espeak-voices';
import type { Project } from './project';
import { DEFAULT_GAP_MS } from './project';
import { contentFromScript, emptyProject } from './script-content';
import type { VoiceRef } from './voice';

export interface ScriptToProjectOptions {
  title: string;
  sampleRate?: number;
  defaultGapMs?: number;
  /** Voice for a speaker by name; speakers not listed get distinct default voices. */
  voiceFor?: (speakerName: string, speakerIndex: number) => VoiceRef | undefined;
}

export interface ScriptToProjectResult {
  project: Project;
  /** Things in the script that have no place in the project (e.g. a heading with no turn after it). */
  warnings: { line: number; message: string }[];
}

/** Ids for a project built in one go: `s1`, `t1`, `c1`, ... per prefix. */
function sequentialIds(): (prefix: string) => string {
  const counters = new Map<string, number>();
  const short: Record<string, string> = { spk: 's', seg: 't', ch: 'c' };
  return (prefix) => {
    const next = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, next);
    return `${short[prefix] ?? prefix}${next}`;
  };
}

/** The CLI's conversion: the same rules as the editor's import (shared/model/script-content.ts). */
export function scriptToProject(
  script: ParsedScript,
  options: ScriptToProjectOptions,
): ScriptToProjectResult {
  const defaultGapMs = options.defaultGapMs ?? DEFAULT_GAP_MS;
  const base = emptyProject(options.title);
  const content = contentFromScript(script, {
    existingSpeakers: [],
    voices: [...ESPEAK_VOICES],
    defaultGapMs,
    appending: false,
    newId: sequentialIds(),
  });
  const speakers = content.speakers.map((speaker, index) => ({
    ...speaker,
    voice: options.voiceFor?.(speaker.name, index) ?? speaker.voice,
  }));
  const warnings = content.orphanChapterLines.map((line) => ({
    line,
    message: 'this chapter heading has no turn of its own after it: add turns or remove the heading',
  }));
  const lastItem = script.items.at(-1);
  if (lastItem?.kind === 'pause') {
    warnings.push({
      line: lastItem.line,
      message: 'a pause after the last turn has no effect: move it between turns',
    });
  }
  const project: Project = {
    ...base,
    sampleRate: options.sampleRate ?? base.sampleRate,
    speakers,
    segments: content.segments,
    chapters: content.chapters,
    settings: { ...base.settings, defaultGapMs },
  };
  return { project, warnings };
}
