/** Edits of the project's beds and episode details (shared/model/beds.ts); each is one undo step. */
import type { Bed, BedAudio, EpisodeInfo } from '../../../shared/model/beds';
import { DEFAULT_DUCK } from '../../../shared/model/beds';
import type { Project } from '../../../shared/model/project';
import { MAX_BED_OFFSET_MS, MIN_BED_OFFSET_MS } from '../../../shared/model/beds';
import { buildTimeline } from '../../../shared/model/timeline';

export type BedPatch = Partial<Omit<Bed, 'id' | 'audio'>>;

/** A new bed from the start of the episode, played once and ducked under speech by default. */
export function newBed(id: string, audio: BedAudio): Bed {
  return {
    id,
    audio,
    anchor: { kind: 'start' },
    offsetMs: 0,
    loop: false,
    fadeInMs: 0,
    fadeOutMs: 1000,
    gainDb: 0,
    duck: { ...DEFAULT_DUCK },
  };
}

export function addBed(project: Project, bed: Bed): Project {
  return { ...project, beds: [...(project.beds ?? []), bed] };
}

export function updateBed(project: Project, bedId: string, patch: BedPatch): Project {
  const beds = project.beds ?? [];
  if (!beds.some((bed) => bed.id === bedId)) return project;
  return {
    ...project,
    beds: beds.map((bed) => {
      if (bed.id !== bedId) return bed;
      const next: Bed = { ...bed, ...patch };
      // Absent optional fields are removed, not kept as undefined (the project file stays clean).
      for (const key of ['duck', 'durationMs', 'license'] as const)
        if (key in patch && patch[key] === undefined) delete next[key];
      return next;
    }),
  };
}

export function removeBed(project: Project, bedId: string): Project {
  const beds = (project.beds ?? []).filter((bed) => bed.id !== bedId);
  if (beds.length === (project.beds ?? []).length) return project;
  const { beds: _removed, ...rest } = project;
  return beds.length > 0 ? { ...rest, beds } : rest;
}

export function setEpisodeInfo(project: Project, info: EpisodeInfo): Project {
  const clean: EpisodeInfo = {
    ...(info.title ? { title: info.title } : {}),
    ...(info.show ? { show: info.show } : {}),
    ...(info.episodeNumber !== undefined ? { episodeNumber: info.episodeNumber } : {}),
    ...(info.artwork ? { artwork: info.artwork } : {}),
  };
  const { episode: _old, ...settings } = project.settings;
  return {
    ...project,
    settings: Object.keys(clean).length > 0 ? { ...settings, episode: clean } : settings,
  };
}

/** A bed that started at a deleted turn, and where it starts now (a turn id, or null: the episode start). */
export interface ReanchoredBed {
  bed: Bed;
  toSegmentId: string | null;
}

/**
 * Beds anchored to a turn that `after` no longer has (it was deleted from `before`) are never dropped:
 * - with a turn after it, the bed starts at that turn (the one that took the deleted turn's place), at the
 *   same offset: it comes in at the same point of the conversation;
 * - the last turn deleted: at the turn before, with the offset that keeps it at the same time (deleting
 *   the last turn moves nothing before it);
 * - no turn left: at the episode start, at the time it had.
 * Undo restores the anchor with the turn (the same edit).
 */
export function reanchorBeds(
  before: Project,
  after: Project,
  deletedId: string,
): { beds: Bed[] | undefined; moved: ReanchoredBed[] } {
  const beds = after.beds;
  const anchored = (bed: Bed) => bed.anchor.kind === 'turn' && bed.anchor.segmentId === deletedId;
  if (!beds?.some(anchored)) return { beds, moved: [] };
  const index = before.segments.findIndex((s) => s.id === deletedId);
  const next = before.segments[index + 1];
  const previous = before.segments[index - 1];
  const timeline = buildTimeline(before);
  const startMs = (segmentIndex: number) => {
    const entry = timeline.entries[segmentIndex];
    return entry ? Math.round((entry.startSample * 1000) / timeline.sampleRate) : 0;
  };
  const deletedStartMs = startMs(index);
  const clamp = (ms: number) => Math.max(MIN_BED_OFFSET_MS, Math.min(MAX_BED_OFFSET_MS, ms));
  const moved: ReanchoredBed[] = [];
  const result = beds.map((bed): Bed => {
    if (!anchored(bed)) return bed;
    let rehomed: Bed;
    if (next) rehomed = { ...bed, anchor: { kind: 'turn', segmentId: next.id } };
    else if (previous) {
      const offsetMs = clamp(bed.offsetMs + deletedStartMs - startMs(index - 1));
      rehomed = { ...bed, anchor: { kind: 'turn', segmentId: previous.id }, offsetMs };
    } else rehomed = { ...bed, anchor: { kind: 'start' }, offsetMs: clamp(bed.offsetMs + deletedStartMs) };
    moved.push({
      bed: rehomed,
      toSegmentId: rehomed.anchor.kind === 'turn' ? rehomed.anchor.segmentId : null,
    });
    return rehomed;
  });
  return { beds: result, moved };
}
