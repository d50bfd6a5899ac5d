/**
 * Edits of a turn's clip on the timeline (shared/model/clip.ts): its gap as one signed number (negative: it
 * overlaps what was said before it, cross-talk), its trims and its fades. Pure: each returns a new Project,
 * or the same object when nothing changed. Values are integer ms within the schema's limits; a trim never
 * leaves less than MIN_HEARD_MS of a take.
 */
import {
  MAX_FADE_MS,
  MAX_OVERLAP_MS,
  MAX_TRIM_MS,
  type Project,
  type Segment,
} from '../../../shared/model/project';
import { signedGapMs } from '../../../shared/model/clip';
import { MAX_GAP_MS } from './document-edits';

export const MIN_HEARD_MS = 50;

export type ClipPatch = Partial<Pick<Segment, 'trimStartMs' | 'trimEndMs' | 'fadeInMs' | 'fadeOutMs'>>;

function update(project: Project, segmentId: string, change: (segment: Segment) => Segment): Project {
  const index = project.segments.findIndex((s) => s.id === segmentId);
  const segment = project.segments[index];
  if (!segment) return project;
  const next = change(segment);
  if (next === segment) return project;
  const segments = project.segments.slice();
  segments[index] = next;
  return { ...project, segments };
}

function clean(value: number, max: number, min = 0): number {
  return Math.min(max, Math.max(min, Math.round(Number.isFinite(value) ? value : 0)));
}

/** Sets the optional field, or removes it at 0 (projects without clip edits stay as they were). */
function withField<K extends keyof Segment>(segment: Segment, key: K, value: number): Segment {
  const next = { ...segment };
  if (value === 0) delete next[key];
  else (next as Record<string, unknown>)[key] = value;
  return next;
}

/** The gap before a turn: positive is silence, negative overlaps what was said before (cross-talk). */
export function setSignedGap(project: Project, segmentId: string, signedMs: number): Project {
  const value = clean(signedMs, MAX_GAP_MS, -MAX_OVERLAP_MS);
  return update(project, segmentId, (segment) => {
    if (signedGapMs(segment) === value && (segment.gapBeforeMs === 0 || !segment.overlapMs)) return segment;
    const gapped = { ...segment, gapBeforeMs: Math.max(0, value) };
    return withField(gapped, 'overlapMs', Math.max(0, -value));
  });
}

/** The heard length of a turn's take in ms, when it has one. */
function takeMs(segment: Segment): number | null {
  return segment.take ? Math.round((segment.take.durationSamples * 1000) / segment.take.sampleRate) : null;
}

/** Trims and fades; a trim is held so that at least MIN_HEARD_MS of the take is heard. */
export function setClip(project: Project, segmentId: string, patch: ClipPatch): Project {
  return update(project, segmentId, (segment) => {
    let next = segment;
    const total = takeMs(segment) ?? MAX_TRIM_MS;
    for (const key of ['trimStartMs', 'trimEndMs'] as const) {
      const value = patch[key];
      if (value === undefined) continue;
      const other = key === 'trimStartMs' ? (next.trimEndMs ?? 0) : (next.trimStartMs ?? 0);
      const cleaned = clean(value, Math.max(0, Math.min(MAX_TRIM_MS, total - other - MIN_HEARD_MS)));
      if ((next[key] ?? 0) !== cleaned) next = withField(next, key, cleaned);
    }
    for (const key of ['fadeInMs', 'fadeOutMs'] as const) {
      const value = patch[key];
      if (value === undefined) continue;
      const cleaned = clean(value, MAX_FADE_MS);
      if ((next[key] ?? 0) !== cleaned) next = withField(next, key, cleaned);
    }
    return next;
  });
}

/** A clip edge dragged on the timeline: the start edge trims the take's start, the end edge its end. */
export type TrimEdge = 'start' | 'end';
/** Trims dragged on the timeline move in steps of this many ms. */
export const TRIM_SNAP_MS = 10;

/**
 * A clip's edge moved by `deltaMs` on the timeline (right is positive), as the producer sees it: the edge
 * follows the pointer and the audio stays where it is. The start edge cuts (or gives back) the take's start
 * and the gap before it grows (or shrinks) by as much, so nothing after it moves; the end edge cuts (or
 * gives back) the take's end, and the turns after it follow, as they follow every end. Snapped to
 * TRIM_SNAP_MS and held within setClip's limits (at least MIN_HEARD_MS stays). Returns the project and the
 * trim now at that edge (ms).
 */
export function dragTrim(
  project: Project,
  segmentId: string,
  edge: TrimEdge,
  deltaMs: number,
): { project: Project; trimMs: number } {
  const segment = project.segments.find((s) => s.id === segmentId);
  if (!segment?.take) return { project, trimMs: 0 };
  const key = edge === 'start' ? 'trimStartMs' : 'trimEndMs';
  const before = segment[key] ?? 0;
  const wanted = before + (edge === 'start' ? deltaMs : -deltaMs);
  const trimmed = setClip(project, segmentId, {
    [key]: Math.round(wanted / TRIM_SNAP_MS) * TRIM_SNAP_MS,
  });
  const after = trimmed.segments.find((s) => s.id === segmentId)!;
  const trimMs = after[key] ?? 0;
  if (edge === 'end' || trimMs === before) return { project: trimmed, trimMs };
  return { project: setSignedGap(trimmed, segmentId, signedGapMs(segment) + trimMs - before), trimMs };
}
