/**
 * The programme an export encodes: the assembled speech with the project's beds mixed in (bed-mixer.ts),
 * as a replayable source. Without beds it is the speech as it was.
 */
import type { PlacedBed } from '../../../shared/model/bed-placement';
import { mixBeds } from './bed-mixer';
import type { BedStore } from './bed-store';

export interface ProgramOptions {
  beds: BedStore | undefined;
  sampleRate: number;
  channels: 1 | 2;
  /** Frames of the programme (the speech is padded with silence to it). */
  totalFrames: number;
  signal?: AbortSignal;
}

export function programSource(
  speech: () => AsyncGenerator<Float32Array>,
  placed: readonly PlacedBed[],
  options: ProgramOptions,
): () => AsyncGenerator<Float32Array> {
  const store = options.beds;
  if (placed.length === 0 || !store) return speech;
  return () => mixBeds(speech(), { ...options, placed, store });
}

/** Where beds sound, in export frames (the export checks do not expect silence there). */
export function bedSpans(placed: readonly PlacedBed[]): { start: number; end: number }[] {
  return placed.map((bed) => ({ start: Math.max(0, bed.startFrame), end: bed.startFrame + bed.frames }));
}
