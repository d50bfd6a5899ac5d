/**
 * A turn's clip on the timeline: where it sits against what came before (a gap, or an overlap for
 * cross-talk), what is cut from its take, and its fades. One set of rules for the timeline, the preview and
 * the export, all in integer time.
 */
import type { Segment } from './project';
import { msToSamples } from './time';

export interface ClipEdits {
  trimStartMs: number;
  trimEndMs: number;
  fadeInMs: number;
  fadeOutMs: number;
}

export function clipEdits(segment: Segment): ClipEdits {
  return {
    trimStartMs: segment.trimStartMs ?? 0,
    trimEndMs: segment.trimEndMs ?? 0,
    fadeInMs: segment.fadeInMs ?? 0,
    fadeOutMs: segment.fadeOutMs ?? 0,
  };
}

/** The gap before a turn as one signed number: negative is an overlap with what was said before. */
export function signedGapMs(segment: Pick<Segment, 'gapBeforeMs' | 'overlapMs'>): number {
  return segment.gapBeforeMs > 0 ? segment.gapBeforeMs : -(segment.overlapMs ?? 0);
}

/** The part of a take that is heard, in its own samples: [first, end). Trims never cross each other. */
export function trimmedRange(
  segment: Segment,
  takeSamples: number,
  takeRate: number,
): { first: number; end: number } {
  const first = Math.min(takeSamples, msToSamples(segment.trimStartMs ?? 0, takeRate));
  const cutEnd = Math.min(takeSamples - first, msToSamples(segment.trimEndMs ?? 0, takeRate));
  return { first, end: takeSamples - cutEnd };
}

/** Fade lengths in samples for a clip of `length` samples; two fades longer than the clip share it. */
export function fadeSamples(
  segment: Segment,
  length: number,
  rate: number,
): { fadeIn: number; fadeOut: number } {
  let fadeIn = msToSamples(segment.fadeInMs ?? 0, rate);
  let fadeOut = msToSamples(segment.fadeOutMs ?? 0, rate);
  if (fadeIn + fadeOut > length) {
    const total = fadeIn + fadeOut;
    fadeIn = Math.floor((fadeIn * length) / total);
    fadeOut = Math.floor((fadeOut * length) / total);
  }
  return { fadeIn, fadeOut };
}

/** Gain of sample `i` of a raised-cosine fade-in `length` samples long (0 at the first sample, → 1). */
export function fadeInGain(i: number, length: number): number {
  return i >= length ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * Math.max(0, i)) / length);
}

/** Applies a clip's fades in place to `pcm` (the trimmed take at `rate`); returns it. */
export function applyClipFades(pcm: Float32Array, segment: Segment, rate: number): Float32Array {
  const { fadeIn, fadeOut } = fadeSamples(segment, pcm.length, rate);
  for (let i = 0; i < fadeIn; i++) pcm[i] = (pcm[i] as number) * fadeInGain(i, fadeIn);
  for (let i = 0; i < fadeOut; i++) {
    const j = pcm.length - 1 - i;
    pcm[j] = (pcm[j] as number) * fadeInGain(i, fadeOut);
  }
  return pcm;
}
