/**
 * Where every turn sits in the finished episode, in samples at the project rate. Computed from take lengths
 * alone (a take resampled from rate A to B has exactly round(n·B/A) samples), so the editor, the exporter
 * and the transcripts agree to the sample without reading audio.
 */
import type { Project, Segment } from './project';
import { convertSamples, msToSamples, samplesToMs } from './time';
import { spokenText } from '../text/pronunciations';

export interface TimelineEntry {
  segmentId: string;
  speakerId: string;
  /** First sample of the gap before the turn. */
  gapStartSample: number;
  startSample: number;
  endSample: number;
  /** True when the turn has no take yet (its length is then an estimate). */
  estimated: boolean;
}

export interface EpisodeTimeline {
  sampleRate: number;
  entries: TimelineEntry[];
  totalSamples: number;
}

/** Roughly 14 characters per second of speech at normal rate. */
const ESTIMATED_MS_PER_CHAR = 70;

export function takeSamplesAtRate(segment: Segment, sampleRate: number): number | undefined {
  if (!segment.take) return undefined;
  return convertSamples(segment.take.durationSamples, segment.take.sampleRate, sampleRate);
}

export function estimateTurnMs(text: string, ratePercent = 100): number {
  return Math.round((text.length * ESTIMATED_MS_PER_CHAR * 100) / ratePercent);
}

export function buildTimeline(project: Project): EpisodeTimeline {
  const rate = project.sampleRate;
  const rateBySpeaker = new Map(
    project.speakers.map((speaker) => [speaker.id, speaker.voice.params.ratePercent]),
  );
  // Unrendered turns are estimated from what will be said (a pronunciation can be longer than its word).
  const pronunciations = project.settings.pronunciations ?? [];
  const entries: TimelineEntry[] = [];
  let cursor = 0;
  for (const segment of project.segments) {
    const gapStartSample = cursor;
    const startSample = cursor + msToSamples(segment.gapBeforeMs, rate);
    const actual = takeSamplesAtRate(segment, rate);
    const length =
      actual ??
      msToSamples(
        estimateTurnMs(spokenText(segment.text, pronunciations), rateBySpeaker.get(segment.speakerId)),
        rate,
      );
    const endSample = startSample + length;
    entries.push({
      segmentId: segment.id,
      speakerId: segment.speakerId,
      gapStartSample,
      startSample,
      endSample,
      estimated: actual === undefined,
    });
    cursor = endSample;
  }
  return { sampleRate: rate, entries, totalSamples: cursor };
}

export function entryTimesMs(entry: TimelineEntry, sampleRate: number): { startMs: number; endMs: number } {
  return {
    startMs: samplesToMs(entry.startSample, sampleRate),
    endMs: samplesToMs(entry.endSample, sampleRate),
  };
}
