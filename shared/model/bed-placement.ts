/**
 * Where each bed sounds in the episode, in frames at a given rate, and how long the programme (speech and
 * beds) is: an outro anchored at the end of the speech makes the episode longer by what plays after it.
 * Pure and integer, so the studio's bed lane, the mixer and the export report agree to the frame.
 */
import type { Bed } from './beds';
import type { Project } from './project';
import type { EpisodeTimeline } from './timeline';
import { convertSamples, msToSamples } from './time';

export interface PlacedBed {
  bed: Bed;
  /** First frame of the bed in the episode (negative: it started before the episode; that part is cut). */
  startFrame: number;
  /** Frames it plays, from startFrame. */
  frames: number;
  /** Frames of its file at this rate (one pass of a loop). */
  fileFrames: number;
}

export class BedPlacementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BedPlacementError';
  }
}

/** The frame (at `rate`) where a bed's anchor is. */
export function anchorFrame(bed: Bed, project: Project, timeline: EpisodeTimeline, rate: number): number {
  const anchor = bed.anchor;
  if (anchor.kind === 'start') return 0;
  if (anchor.kind === 'end') return convertSamples(timeline.totalSamples, timeline.sampleRate, rate);
  const entry = timeline.entries.find((candidate) => candidate.segmentId === anchor.segmentId);
  if (!entry) {
    throw new BedPlacementError(
      `the bed "${bed.audio.fileName}" starts at a turn that is no longer in the project (${anchor.segmentId}): place it again`,
    );
  }
  return convertSamples(entry.startSample, timeline.sampleRate, rate);
}

export function placeBed(bed: Bed, project: Project, timeline: EpisodeTimeline, rate: number): PlacedBed {
  const startFrame = anchorFrame(bed, project, timeline, rate) + msToSamples(bed.offsetMs, rate);
  const fileFrames = convertSamples(bed.audio.durationSamples, bed.audio.sampleRate, rate);
  const speechEnd = convertSamples(timeline.totalSamples, timeline.sampleRate, rate);
  let frames: number;
  if (bed.durationMs !== undefined) {
    const asked = msToSamples(bed.durationMs, rate);
    frames = bed.loop ? asked : Math.min(asked, fileFrames);
  } else if (bed.loop) {
    // A looped bed without a length plays to the end of the speech (at least its file once).
    frames = Math.max(speechEnd - startFrame, fileFrames);
  } else {
    frames = fileFrames;
  }
  return { bed, startFrame, frames: Math.max(0, frames), fileFrames };
}

export function placeBeds(project: Project, timeline: EpisodeTimeline, rate: number): PlacedBed[] {
  return (project.beds ?? []).map((bed) => placeBed(bed, project, timeline, rate));
}

/** Frames of the whole programme at `rate`: the speech, or longer where a bed plays past its end. */
export function programFrames(timeline: EpisodeTimeline, placed: readonly PlacedBed[], rate: number): number {
  let end = convertSamples(timeline.totalSamples, timeline.sampleRate, rate);
  for (const bed of placed) end = Math.max(end, bed.startFrame + bed.frames);
  return end;
}

/** The timeline with its total length extended to the programme (beds included), at its own rate. */
export function programTimeline(project: Project, timeline: EpisodeTimeline): EpisodeTimeline {
  if (!project.beds || project.beds.length === 0) return timeline;
  const placed = placeBeds(project, timeline, timeline.sampleRate);
  return { ...timeline, totalSamples: programFrames(timeline, placed, timeline.sampleRate) };
}
