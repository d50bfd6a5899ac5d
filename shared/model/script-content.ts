/** Turns a parsed script into speakers, segments and chapters for a new or open project. */
import type { Chapter, Project, Segment, Speaker } from './project';
import { DEFAULT_GAP_MS, DEFAULT_SAMPLE_RATE, PROJECT_SCHEMA_VERSION } from './project';
import type { VoiceInfo, VoiceRef } from './voice';
import type { ParsedScript } from '../script/types';
import { pickDefaultVoices, speakerColor } from './speaker-defaults';
import { voicesFollowingLanguage } from './language-defaults';

export interface ScriptContent {
  speakers: Speaker[];
  segments: Segment[];
  chapters: Chapter[];
  /** Chapter headings that cannot start a chapter (no turn after them, or another heading right after). */
  orphanChapterLines: number[];
}

export interface ScriptContentOptions {
  existingSpeakers: readonly Speaker[];
  voices: VoiceInfo[];
  defaultGapMs: number;
  /** True when the project already has turns (the first new turn then gets the default gap). */
  appending: boolean;
  newId: (prefix: string) => string;
}

/**
 * The voices the script's new speakers (those not in `existingSpeakers`) get, in order of appearance:
 * distinct defaults that follow the language of what each one says.
 */
export function voicesForNewSpeakers(
  parsed: ParsedScript,
  existingSpeakers: readonly Speaker[],
  catalog: VoiceInfo[],
): { name: string; voice: VoiceRef }[] {
  const known = new Set(existingSpeakers.map((s) => s.name.toLowerCase()));
  const newNames = parsed.speakers.filter((name) => !known.has(name.toLowerCase()));
  const inUse = existingSpeakers.map((s) => s.voice);
  const picked = pickDefaultVoices(newNames.length, catalog, inUse);
  const voices = voicesFollowingLanguage(
    newNames.map((name, i) => ({ voice: picked[i] ?? picked[0]!, texts: textsOf(parsed, name) })),
    catalog,
    inUse,
  );
  return newNames.map((name, i) => ({ name, voice: voices[i] ?? voices[0]! }));
}

export function contentFromScript(parsed: ParsedScript, options: ScriptContentOptions): ScriptContent {
  const byName = new Map(options.existingSpeakers.map((s) => [s.name.toLowerCase(), s]));
  const fresh = voicesForNewSpeakers(parsed, options.existingSpeakers, options.voices);
  const newNames = fresh.map((f) => f.name);
  const voices = fresh.map((f) => f.voice);
  const speakers: Speaker[] = newNames.map((name, i) => ({
    id: options.newId('spk'),
    name: name.slice(0, 80),
    color: speakerColor(options.existingSpeakers.length + i),
    voice: voices[i] ?? voices[0]!,
    gainDb: 0,
  }));
  for (const speaker of speakers) byName.set(speaker.name.toLowerCase(), speaker);

  const segments: Segment[] = [];
  const chapters: Chapter[] = [];
  const pendingChapters: Array<{ title: string; line: number }> = [];
  const droppedChapterLines: number[] = [];
  let pendingPauseMs = 0;
  for (const item of parsed.items) {
    if (item.kind === 'pause') {
      pendingPauseMs += item.durationMs;
    } else if (item.kind === 'chapter') {
      pendingChapters.push({ title: item.title, line: item.line });
    } else {
      const speaker = byName.get(item.speaker.toLowerCase());
      if (!speaker || item.text.trim() === '') continue;
      const first = segments.length === 0 && !options.appending;
      const id = options.newId('seg');
      segments.push({
        id,
        speakerId: speaker.id,
        text: item.text,
        gapBeforeMs: Math.min(600_000, (first ? 0 : options.defaultGapMs) + pendingPauseMs),
        takeHistory: [],
        locked: false,
        sourceLine: item.line,
      });
      pendingPauseMs = 0;
      // Chapters need distinct first turns: of two headings in a row only the last starts here.
      const headings = pendingChapters.splice(0);
      const last = headings.pop();
      for (const dropped of headings) droppedChapterLines.push(dropped.line);
      if (last)
        chapters.push({
          id: options.newId('ch'),
          title: last.title.slice(0, 200) || 'Chapter',
          startSegmentId: id,
        });
    }
  }
  const usedSpeakers = new Set(segments.map((s) => s.speakerId));
  return {
    speakers: speakers.filter((s) => usedSpeakers.has(s.id)),
    segments,
    chapters,
    orphanChapterLines: [...droppedChapterLines, ...pendingChapters.map((c) => c.line)].sort((a, b) => a - b),
  };
}

/** Everything a speaker says in a parsed script. */
function textsOf(parsed: ParsedScript, name: string): string[] {
  const lower = name.toLowerCase();
  const texts: string[] = [];
  for (const item of parsed.items)
    if (item.kind === 'turn' && item.speaker.toLowerCase() === lower) texts.push(item.text);
  return texts;
}

export function emptyProject(title: string): Project {
  return {
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: title.trim().slice(0, 200) || 'Untitled episode',
    sampleRate: DEFAULT_SAMPLE_RATE,
    speakers: [],
    segments: [],
    chapters: [],
    settings: { defaultGapMs: DEFAULT_GAP_MS, loudnessTargetLufs: -16, pronunciations: [] },
  };
}

/** A short id unique within this session and very likely across sessions. */
export function createIdFactory(seed = Date.now()): (prefix: string) => string {
  let counter = 0;
  const stamp = seed.toString(36);
  return (prefix) => {
    counter++;
    const random = Math.floor(Math.random() * 36 ** 4)
      .toString(36)
      .padStart(4, '0');
    return `${prefix}-${stamp}-${counter.toString(36)}${random}`;
  };
}
