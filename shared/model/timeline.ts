/**
 * Where every turn sits in the finished episode, in samples at the project rate. Computed from take lengths
 * alone (a take resampled from rate A to B has exactly round(n·B/A) samples), so the editor, the exporter
 * and the transcripts agree to the sample without reading audio.
 */
import type { Project, Segment } from './project';
import { convertSamples, msToSamples, samplesToMs } from './time';
import { spokenText } from '../text/spoken-text';
import { trimmedRange } from './clip';

export interface TimelineEntry {
  segmentId: string;
  speakerId: string;
  /**
   * First sample of the gap before the turn (the latest end before it); the turn's start when it overlaps
   * what came before.
   */
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

/** The heard (trimmed) length of a turn's take at `sampleRate`; undefined without a take. */
export function takeSamplesAtRate(segment: Segment, sampleRate: number): number | undefined {
  if (!segment.take) return undefined;
  const { first, end } = trimmedRange(segment, segment.take.durationSamples, segment.take.sampleRate);
  return convertSamples(end - first, segment.take.sampleRate, sampleRate);
}

/** Where the turns placed so far end: the latest end, and the last start (starts never go back). */
export interface PlacementCursor {
  reachSample: number;
  previousStartSample: number;
}

export const START_CURSOR: PlacementCursor = { reachSample: 0, previousStartSample: 0 };

/**
 * Places the next turn, `lengthSamples` long: its gap after the latest end so far, or its overlap before it
 * (never starting before the turn ahead of it, nor before 0).
 */
export function placeTurn(
  cursor: PlacementCursor,
  segment: Pick<Segment, 'gapBeforeMs' | 'overlapMs'>,
  lengthSamples: number,
  rate: number,
): { gapStartSample: number; startSample: number; endSample: number; next: PlacementCursor } {
  const gap = msToSamples(segment.gapBeforeMs, rate);
  const overlap = gap > 0 ? 0 : msToSamples(segment.overlapMs ?? 0, rate);
  const startSample =
    gap > 0
      ? cursor.reachSample + gap
      : Math.max(cursor.previousStartSample, cursor.reachSample - overlap, 0);
  const endSample = startSample + lengthSamples;
  return {
    gapStartSample: Math.min(cursor.reachSample, startSample),
    startSample,
    endSample,
    next: { reachSample: Math.max(cursor.reachSample, endSample), previousStartSample: startSample },
  };
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
  let cursor = START_CURSOR;
  for (const segment of project.segments) {
    const actual = takeSamplesAtRate(segment, rate);
    const estimateMs =
      estimateTurnMs(spokenText(segment.text, pronunciations), rateBySpeaker.get(segment.speakerId)) -
      (segment.trimStartMs ?? 0) -
      (segment.trimEndMs ?? 0);
    const length = actual ?? msToSamples(Math.max(0, estimateMs), rate);
    const placed = placeTurn(cursor, segment, length, rate);
    const { gapStartSample, startSample, endSample } = placed;
    cursor = placed.next;
    entries.push({
      segmentId: segment.id,
      speakerId: segment.speakerId,
      gapStartSample,
      startSample,
      endSample,
      estimated: actual === undefined,
    });
  }
  return { sampleRate: rate, entries, totalSamples: cursor.reachSample };
}

export function entryTimesMs(entry: TimelineEntry, sampleRate: number): { startMs: number; endMs: number } {
  return {
    startMs: samplesToMs(entry.startSample, sampleRate),
    endMs: samplesToMs(entry.endSample, sampleRate),
  };
}
