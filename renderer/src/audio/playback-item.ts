/** One turn as the player plays it, and its gain at a point of it (its level times its fades). */
import { fadeInGain } from '../../../shared/model/clip';

export interface PlaybackItem {
  segmentId: string;
  /** Timeline start of the turn's audio, ms. */
  startMs: number;
  gapBeforeMs: number;
  /** Heard length (the take minus its trims), ms. */
  durationMs: number;
  /** Take hash, or null for a turn with no audio yet (skipped). */
  hash: string | null;
  /** Linear gain of the turn's speaker (Speaker.gainDb), 1 at 0 dB. */
  gain: number;
  /** Where in the take the heard part starts (Segment.trimStartMs), ms. */
  trimStartMs?: number;
  fadeInMs?: number;
  fadeOutMs?: number;
}

/** The gain of a turn at `withinMs` of its heard part: its level times its fades. */
export function itemGainAt(item: PlaybackItem, withinMs: number): number {
  const fadeIn = item.fadeInMs ?? 0;
  const fadeOut = item.fadeOutMs ?? 0;
  let gain = item.gain;
  if (fadeIn > 0 && withinMs < fadeIn) gain *= fadeInGain(withinMs, fadeIn);
  const left = item.durationMs - withinMs;
  if (fadeOut > 0 && left < fadeOut) gain *= fadeInGain(Math.max(0, left), fadeOut);
  return gain;
}
