/**
 * Pure edits of a Project. Each returns a new Project, or the same object when nothing changed, so the
 * undo history records only real edits. Takes follow one rule: when what a turn would sound like changes
 * (its spoken text — its words with the project's pronunciations applied — or its speaker's voice), the
 * current take moves into takeHistory — unless the turn is locked — and a take already made for the new
 * spoken text and voice comes back from the take index.
 */
import { turnVoice } from '../../../shared/model/turn-voice';
import type { Chapter, Project, Segment, Speaker, Take } from '../../../shared/model/project';
import { toGainStep } from '../../../shared/model/speaker-levels';
import type { VoiceRef } from '../../../shared/model/voice';
import type { Pronunciation } from '../../../shared/text/pronunciations';
import { reanchorBeds } from './bed-edits';
import { spokenSignature } from './spoken-text';
import { segmentSignature, type TakeIndex } from './take-index';
import { takeSignature } from './take-signature';

export const TAKE_HISTORY_LIMIT = 20;
export const MAX_GAP_MS = 600_000;

function withTakeInHistory(history: Take[], take: Take): Take[] {
  return [take, ...history.filter((t) => t.hash !== take.hash)].slice(0, TAKE_HISTORY_LIMIT);
}

/** Moves the segment's take into its history (nothing to do without a take). */
export function retireTake(segment: Segment): Segment {
  if (!segment.take) return segment;
  const { take, ...rest } = segment;
  return { ...rest, takeHistory: withTakeInHistory(segment.takeHistory, take) };
}

/** Re-evaluates the take after the signature changed from `before` to `after`. */
function refreshTake(segment: Segment, before: string, after: string, index: TakeIndex): Segment {
  if (before === after || segment.locked) return segment;
  const retired = retireTake(segment);
  const known = index.bySignature[after];
  if (!known) return retired;
  return { ...retired, take: known, takeHistory: retired.takeHistory.filter((t) => t.hash !== known.hash) };
}

function speakerVoice(project: Project, speakerId: string): VoiceRef | undefined {
  return project.speakers.find((s) => s.id === speakerId)?.voice;
}

function replaceSegment(project: Project, segmentId: string, update: (segment: Segment) => Segment): Project {
  const index = project.segments.findIndex((s) => s.id === segmentId);
  const segment = project.segments[index];
  if (!segment) return project;
  const next = update(segment);
  if (next === segment) return project;
  const segments = project.segments.slice();
  segments[index] = next;
  return { ...project, segments };
}

export function findSegment(project: Project, segmentId: string): Segment | undefined {
  return project.segments.find((s) => s.id === segmentId);
}

export function setTitle(project: Project, title: string): Project {
  const clean = title.trim().slice(0, 200);
  return clean && clean !== project.title ? { ...project, title: clean } : project;
}

/** New text for a turn. Refused (unchanged project) for locked turns and for empty text. */
export function setSegmentText(project: Project, segmentId: string, text: string, index: TakeIndex): Project {
  if (text.trim() === '') return project;
  return replaceSegment(project, segmentId, (segment) => {
    if (segment.locked || segment.text === text) return segment;
    const speaker = speakerVoice(project, segment.speakerId);
    const edited = { ...segment, text };
    if (!speaker) return retireTake(edited);
    const voice = turnVoice(speaker, segment);
    const { pronunciations } = project.settings;
    return refreshTake(
      edited,
      spokenSignature(segment.text, voice, pronunciations),
      spokenSignature(text, voice, pronunciations),
      index,
    );
  });
}

export function setSegmentSpeaker(
  project: Project,
  segmentId: string,
  speakerId: string,
  index: TakeIndex,
): Project {
  const voice = speakerVoice(project, speakerId);
  if (!voice) return project;
  return replaceSegment(project, segmentId, (segment) => {
    if (segment.speakerId === speakerId || segment.locked) return segment;
    const before = segmentSignature(project, segment) ?? '';
    const after = spokenSignature(segment.text, turnVoice(voice, segment), project.settings.pronunciations);
    return refreshTake({ ...segment, speakerId }, before, after, index);
  });
}

/**
 * Gives every unlocked turn of speaker `fromId` to speaker `intoId` (a mistyped name's turns to the speaker
 * meant), and removes `fromId` once it has no turns left. Takes follow the new voice as with setSegmentSpeaker.
 */
export function mergeSpeaker(project: Project, fromId: string, intoId: string, index: TakeIndex): Project {
  if (fromId === intoId || !speakerVoice(project, intoId)) return project;
  let merged = project;
  for (const segment of project.segments) {
    if (segment.speakerId === fromId) merged = setSegmentSpeaker(merged, segment.id, intoId, index);
  }
  if (merged.segments.some((segment) => segment.speakerId === fromId)) return merged;
  return { ...merged, speakers: merged.speakers.filter((speaker) => speaker.id !== fromId) };
}

export function setSegmentGap(project: Project, segmentId: string, gapBeforeMs: number): Project {
  const gap = Math.min(MAX_GAP_MS, Math.max(0, Math.round(Number.isFinite(gapBeforeMs) ? gapBeforeMs : 0)));
  return replaceSegment(project, segmentId, (segment) =>
    segment.gapBeforeMs === gap ? segment : { ...segment, gapBeforeMs: gap },
  );
}

/** Locks or unlocks a turn's take. A turn without a take cannot be locked. */
export function setSegmentLocked(project: Project, segmentId: string, locked: boolean): Project {
  return replaceSegment(project, segmentId, (segment) => {
    if (segment.locked === locked || (locked && !segment.take)) return segment;
    return { ...segment, locked };
  });
}

/**
 * Makes an earlier take current again; the current one goes into history. When the session knows the text
 * the take was made from, the turn gets that text back too, so text and audio agree.
 */
export function restoreTake(project: Project, segmentId: string, hash: string, index: TakeIndex): Project {
  return replaceSegment(project, segmentId, (segment) => {
    if (segment.locked) return segment;
    const chosen = segment.takeHistory.find((t) => t.hash === hash);
    if (!chosen) return segment;
    const rest = segment.takeHistory.filter((t) => t.hash !== hash);
    const takeHistory = segment.take ? withTakeInHistory(rest, segment.take) : rest;
    const originText = index.originByHash[hash]?.text;
    // The take's seed comes back with it, so the turn renders it again the same if the cache lost it.
    const { seed: _drop, ...withoutSeed } = segment;
    const seeded = chosen.seed !== undefined ? { ...withoutSeed, seed: chosen.seed } : withoutSeed;
    return { ...seeded, take: chosen, takeHistory, text: originText ?? segment.text };
  });
}

/** A turn's own seed, CFG scale and steps: a number sets one, null goes back to the speaker's. */
export interface TurnSamplingPatch {
  seed?: number | null;
  cfgScale?: number | null;
  diffusionSteps?: number | null;
}

/**
 * Sets or clears a turn's sampling overrides. Like a new voice, a change retires the current take (into
 * the history) unless the turn is locked, and brings back a take already made with the new values.
 */
export function setSegmentSampling(
  project: Project,
  segmentId: string,
  patch: TurnSamplingPatch,
  index: TakeIndex,
): Project {
  return replaceSegment(project, segmentId, (segment) => {
    if (segment.locked) return segment;
    const next: Segment = { ...segment };
    for (const key of ['seed', 'cfgScale', 'diffusionSteps'] as const) {
      const value = patch[key];
      if (value === undefined) continue;
      if (value === null) delete next[key];
      else next[key] = value;
    }
    const same = (['seed', 'cfgScale', 'diffusionSteps'] as const).every((key) => next[key] === segment[key]);
    if (same) return segment;
    const before = segmentSignature(project, segment);
    const after = segmentSignature(project, next);
    if (before === null || after === null) return next;
    return refreshTake(next, before, after, index);
  });
}

/** Attaches a freshly rendered take if the turn still has the text and voice it was rendered from. */
export function attachRenderedTake(
  project: Project,
  segmentId: string,
  signature: string,
  take: Take,
): Project {
  return replaceSegment(project, segmentId, (segment) => {
    if (segment.locked || segmentSignature(project, segment) !== signature) return segment;
    if (segment.take?.hash === take.hash) {
      return segment.take.durationSamples === take.durationSamples ? segment : { ...segment, take };
    }
    const retired = retireTake(segment);
    return { ...retired, take, takeHistory: retired.takeHistory.filter((t) => t.hash !== take.hash) };
  });
}

/**
 * Moves the turn at `fromIndex` so that it ends up at `toIndex`, in one edit. Chapter boundaries stay where
 * the producer put them among the other turns: a turn moved across one changes chapter by where it lands,
 * and a chapter whose first turn moves away starts at the turn that followed it (unless that turn starts a
 * chapter already, or there is none: then the chapter goes with its turn).
 */
export function moveSegment(project: Project, fromIndex: number, toIndex: number): Project {
  const count = project.segments.length;
  const to = Math.max(0, Math.min(count - 1, toIndex));
  if (fromIndex === to || fromIndex < 0 || fromIndex >= count) return project;
  const segments = project.segments.slice();
  const [moved] = segments.splice(fromIndex, 1);
  if (!moved) return project;
  segments.splice(to, 0, moved);
  const heir = project.segments[fromIndex + 1];
  const starts = new Set(project.chapters.map((c) => c.startSegmentId));
  const chapters =
    heir && !starts.has(heir.id)
      ? project.chapters.map((c) => (c.startSegmentId === moved.id ? { ...c, startSegmentId: heir.id } : c))
      : project.chapters;
  return { ...project, segments, chapters };
}

/**
 * Removes a turn. A chapter that started at it starts at the next turn (or the previous one at the end); a
 * bed that started at it is re-anchored (reanchorBeds), never dropped.
 */
export function deleteSegment(project: Project, segmentId: string): Project {
  const index = project.segments.findIndex((s) => s.id === segmentId);
  if (index < 0) return project;
  const segments = project.segments.filter((s) => s.id !== segmentId);
  const heir = segments[index] ?? segments[index - 1];
  const taken = new Set(
    project.chapters.filter((c) => c.startSegmentId !== segmentId).map((c) => c.startSegmentId),
  );
  const chapters: Chapter[] = [];
  for (const chapter of project.chapters) {
    if (chapter.startSegmentId !== segmentId) chapters.push(chapter);
    else if (heir && !taken.has(heir.id)) {
      chapters.push({ ...chapter, startSegmentId: heir.id });
      taken.add(heir.id);
    }
  }
  const after = { ...project, segments, chapters };
  const { beds, moved } = reanchorBeds(project, after, segmentId);
  return moved.length > 0 ? { ...after, beds } : after;
}

export type SpeakerPatch = Partial<Pick<Speaker, 'name' | 'color' | 'voice' | 'gainDb'>>;

/** A level as the project stores it (half-dB steps, within limits); anything not finite keeps `current`. */
function cleanGain(gainDb: number | undefined, current: number): number {
  return gainDb !== undefined && Number.isFinite(gainDb) ? toGainStep(gainDb) : current;
}

/**
 * Renames, recolours, re-voices or re-levels a speaker; a new voice retires the takes of the speaker's
 * unlocked turns (a new level does not: it is applied where takes are played and assembled).
 */
export function updateSpeaker(
  project: Project,
  speakerId: string,
  patch: SpeakerPatch,
  index: TakeIndex,
): Project {
  const speaker = project.speakers.find((s) => s.id === speakerId);
  if (!speaker) return project;
  const name = patch.name !== undefined ? patch.name.trim().slice(0, 80) : speaker.name;
  const next: Speaker = {
    ...speaker,
    name: name || speaker.name,
    color: patch.color && /^#[0-9a-fA-F]{6}$/.test(patch.color) ? patch.color : speaker.color,
    voice: patch.voice ?? speaker.voice,
    gainDb: cleanGain(patch.gainDb, speaker.gainDb),
  };
  const voiceChanged = takeSignature('', next.voice) !== takeSignature('', speaker.voice);
  if (
    !voiceChanged &&
    next.name === speaker.name &&
    next.color === speaker.color &&
    next.gainDb === speaker.gainDb
  ) {
    return project;
  }
  const speakers = project.speakers.map((s) => (s.id === speakerId ? next : s));
  if (!voiceChanged) return { ...project, speakers };
  const { pronunciations } = project.settings;
  const segments = project.segments.map((segment) =>
    segment.speakerId === speakerId
      ? refreshTake(
          segment,
          spokenSignature(segment.text, turnVoice(speaker.voice, segment), pronunciations),
          spokenSignature(segment.text, turnVoice(next.voice, segment), pronunciations),
          index,
        )
      : segment,
  );
  return { ...project, speakers, segments };
}

function samePronunciations(a: readonly Pronunciation[], b: readonly Pronunciation[]): boolean {
  return (
    a.length === b.length && a.every((entry, i) => entry.word === b[i]?.word && entry.sayAs === b[i]?.sayAs)
  );
}

/**
 * Replaces the pronunciation list (expected valid: PronunciationsSchema). Every unlocked turn whose spoken
 * text changes is treated as a new voice treats it: its take is retired, or a take already made for the
 * new spoken text comes back. Locked turns keep their take (it then shows as stale).
 */
export function setPronunciations(
  project: Project,
  entries: readonly Pronunciation[],
  index: TakeIndex,
): Project {
  const before = project.settings.pronunciations;
  if (samePronunciations(before, entries)) return project;
  const pronunciations = entries.map((entry) => ({ word: entry.word, sayAs: entry.sayAs }));
  const voices = new Map(project.speakers.map((s) => [s.id, s.voice]));
  let touched = false;
  const segments = project.segments.map((segment) => {
    const speakerVoice = voices.get(segment.speakerId);
    if (!speakerVoice) return segment;
    const voice = turnVoice(speakerVoice, segment);
    const next = refreshTake(
      segment,
      spokenSignature(segment.text, voice, before),
      spokenSignature(segment.text, voice, pronunciations),
      index,
    );
    if (next !== segment) touched = true;
    return next;
  });
  return {
    ...project,
    settings: { ...project.settings, pronunciations },
    // The same array when no turn changed, so what is cached per segment list (the layout) stays valid.
    segments: touched ? segments : project.segments,
  };
}

/** Sets the levels of several speakers at once (match levels); speakers not listed keep theirs. */
export function setSpeakerGains(
  project: Project,
  gains: ReadonlyArray<{ speakerId: string; gainDb: number }>,
): Project {
  const wanted = new Map(gains.map((g) => [g.speakerId, g.gainDb]));
  let changed = false;
  const speakers = project.speakers.map((speaker) => {
    const gainDb = cleanGain(wanted.get(speaker.id), speaker.gainDb);
    if (gainDb === speaker.gainDb) return speaker;
    changed = true;
    return { ...speaker, gainDb };
  });
  return changed ? { ...project, speakers } : project;
}

/**
 * Adds turns, speakers and chapters made from a script to an open project: after the turn `afterSegmentId`
 * (they then belong to its chapter, unless the script starts one), or at the end when it is null or gone.
 */
export function insertContent(
  project: Project,
  content: { speakers: Speaker[]; segments: Segment[]; chapters: Chapter[] },
  afterSegmentId: string | null = null,
): Project {
  if (content.segments.length === 0) return project;
  const known = new Set(project.speakers.map((s) => s.id));
  const after = afterSegmentId === null ? -1 : project.segments.findIndex((s) => s.id === afterSegmentId);
  const at = after < 0 ? project.segments.length : after + 1;
  return {
    ...project,
    speakers: [...project.speakers, ...content.speakers.filter((s) => !known.has(s.id))],
    segments: [...project.segments.slice(0, at), ...content.segments, ...project.segments.slice(at)],
    chapters: [...project.chapters, ...content.chapters],
  };
}
