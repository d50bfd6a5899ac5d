/**
 * Where every turn sits on the timeline, in milliseconds for drawing, from the shared sample-accurate
 * episode timeline (so the editor agrees with the exporter and the transcripts). Turns without a take get
 * an estimated length from their text. Computed once per document change (O(n)) and queried by binary
 * search, so drawing cost follows what is visible.
 */
import type { Project } from '../../../shared/model/project';
import { buildTimeline } from '../../../shared/model/timeline';

export interface TimelineLayout {
  /** Start of each turn's audio (after its gap), ms. */
  readonly startMs: Float64Array;
  readonly durationMs: Float64Array;
  /** Where each turn's gap starts (the latest end before it; its start when it overlaps), ms. */
  readonly gapStartMs: Float64Array;
  /**
   * The latest end of turns 0..i, ms. Ends are not in order once turns overlap (a short interjection inside
   * a long turn), their running maximum is: the searches below use it.
   */
  readonly reachMs: Float64Array;
  /** 1 when the duration is an estimate (no take yet). */
  readonly estimated: Uint8Array;
  /** Lane of each turn (its speaker's index). */
  readonly lane: Int32Array;
  readonly laneCount: number;
  readonly totalMs: number;
}

const layoutCache = new WeakMap<
  Project['segments'],
  { speakers: Project['speakers']; layout: TimelineLayout }
>();

export function computeLayout(project: Project): TimelineLayout {
  const cached = layoutCache.get(project.segments);
  if (cached && cached.speakers === project.speakers) return cached.layout;
  const laneOf = new Map(project.speakers.map((s, i) => [s.id, i]));
  const timeline = buildTimeline(project);
  const msPerSample = 1000 / timeline.sampleRate;
  const n = timeline.entries.length;
  const startMs = new Float64Array(n);
  const durationMs = new Float64Array(n);
  const gapStartMs = new Float64Array(n);
  const reachMs = new Float64Array(n);
  const estimated = new Uint8Array(n);
  const lane = new Int32Array(n);
  timeline.entries.forEach((entry, i) => {
    startMs[i] = entry.startSample * msPerSample;
    durationMs[i] = (entry.endSample - entry.startSample) * msPerSample;
    gapStartMs[i] = entry.gapStartSample * msPerSample;
    reachMs[i] = Math.max(i > 0 ? (reachMs[i - 1] ?? 0) : 0, entry.endSample * msPerSample);
    estimated[i] = entry.estimated ? 1 : 0;
    lane[i] = laneOf.get(entry.speakerId) ?? 0;
  });
  const layout: TimelineLayout = {
    startMs,
    durationMs,
    gapStartMs,
    reachMs,
    estimated,
    lane,
    laneCount: Math.max(1, project.speakers.length),
    totalMs: timeline.totalSamples * msPerSample,
  };
  layoutCache.set(project.segments, { speakers: project.speakers, layout });
  return layout;
}

export function endMs(layout: TimelineLayout, index: number): number {
  return (layout.startMs[index] ?? 0) + (layout.durationMs[index] ?? 0);
}

/**
 * First turn whose reach (the latest end up to it) is after `ms`: every turn before it has ended by `ms`.
 * Returns count when none.
 */
export function firstEndingAfter(layout: TimelineLayout, ms: number): number {
  let lo = 0;
  let hi = layout.startMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((layout.reachMs[mid] ?? 0) <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index range [first, end) of turns that overlap the time window [fromMs, toMs]. */
export function visibleRange(layout: TimelineLayout, fromMs: number, toMs: number): [number, number] {
  const first = firstEndingAfter(layout, fromMs);
  let lo = first;
  let hi = layout.startMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((layout.startMs[mid] ?? 0) <= toMs) lo = mid + 1;
    else hi = mid;
  }
  return [first, lo];
}

/** The turn playing at `ms`, or the next one when `ms` falls in a gap; -1 past the end. */
export function turnAtTime(layout: TimelineLayout, ms: number): number {
  const index = firstEndingAfter(layout, ms);
  return index < layout.startMs.length ? index : -1;
}

/** Where the project's chapters start on the timeline. */
export function chapterMarks(
  project: Project,
  layout: TimelineLayout,
): Array<{ title: string; atMs: number }> {
  const indexOf = new Map(project.segments.map((s, i) => [s.id, i]));
  return project.chapters
    .map((c) => {
      const i = indexOf.get(c.startSegmentId);
      return i === undefined ? null : { title: c.title, atMs: layout.gapStartMs[i] ?? 0 };
    })
    .filter((m): m is { title: string; atMs: number } => m !== null)
    .sort((a, b) => a.atMs - b.atMs);
}
