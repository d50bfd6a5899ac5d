/**
 * Where each bed plays in the preview and at what gain, from the project and the takes' peaks: placed as the
 * export places it (shared/model/bed-placement.ts) and enveloped as the export mixes it
 * (shared/model/bed-preview.ts, on the export's own envelope code).
 */
import { BedPlacementError, placeBeds, programFrames } from '../../../shared/model/bed-placement';
import {
  bedGainCurve,
  PREVIEW_CONTROL_RATE,
  speechKeyFromPeaks,
  type BedCurve,
  type KeyTurn,
  type TakePeakData,
} from '../../../shared/model/bed-preview';
import type { Project } from '../../../shared/model/project';
import { buildTimeline } from '../../../shared/model/timeline';
import { itemGainAt, type PlaybackItem } from './playback-item';

export interface PlannedBed {
  bedId: string;
  hash: string;
  fileName: string;
  /** Timeline span of the bed, ms (the start may be negative: the part before the episode is not heard). */
  startMs: number;
  endMs: number;
  /** One pass of its file, ms. */
  fileMs: number;
  loop: boolean;
  /** Its gain (level × fades × ducking) along the timeline. */
  curve: BedCurve;
}

/** The project's beds as the preview plays them; `items` are the timeline's turns (playbackItems). */
export function planBeds(
  project: Project,
  items: readonly PlaybackItem[],
  peaksOf: (hash: string) => TakePeakData | undefined,
): PlannedBed[] {
  const beds = project.beds ?? [];
  if (beds.length === 0) return [];
  const timeline = buildTimeline(project);
  let inMs: ReturnType<typeof placeBeds>;
  let atRate: ReturnType<typeof placeBeds>;
  try {
    inMs = placeBeds(project, timeline, 1000);
    atRate = placeBeds(project, timeline, PREVIEW_CONTROL_RATE);
  } catch (error) {
    // A bed anchored to a turn that is gone: the editor re-anchors on delete, so only a hand-edited file.
    if (error instanceof BedPlacementError) return [];
    throw error;
  }
  const turns: KeyTurn[] = items
    .filter((item) => item.hash !== null)
    .map((item) => ({
      startMs: item.startMs,
      durationMs: item.durationMs,
      trimStartMs: item.trimStartMs ?? 0,
      gainAt: (withinMs) => itemGainAt(item, withinMs),
      peaks: peaksOf(item.hash!) ?? null,
    }));
  const frames = programFrames(timeline, atRate, PREVIEW_CONTROL_RATE);
  const key = speechKeyFromPeaks(turns, PREVIEW_CONTROL_RATE, frames);
  return inMs.map((placed, i) => ({
    bedId: placed.bed.id,
    hash: placed.bed.audio.hash,
    fileName: placed.bed.audio.fileName,
    startMs: placed.startFrame,
    endMs: placed.startFrame + placed.frames,
    fileMs: placed.fileFrames,
    loop: placed.bed.loop,
    curve: bedGainCurve(atRate[i]!, key, PREVIEW_CONTROL_RATE),
  }));
}

/** Where the programme ends (ms): the speech's end, or later where a bed plays on after it (an outro). */
export function programEndMs(project: Project): number {
  const timeline = buildTimeline(project);
  try {
    return programFrames(timeline, placeBeds(project, timeline, 1000), 1000);
  } catch (error) {
    if (error instanceof BedPlacementError) return (timeline.totalSamples * 1000) / timeline.sampleRate;
    throw error;
  }
}
