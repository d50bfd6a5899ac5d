/**
 * Checks run on the exported signal as it is encoded: every turn is audible where the timeline says it is,
 * gaps are silent (except where a bed sounds), and no sample is clipped.
 */
import type { EpisodeTimeline } from '../../../shared/model/timeline';
import { convertSamples } from '../../../shared/model/time';

const AUDIBLE_RMS = 10 ** (-45 / 20);
const SILENT_PEAK = 10 ** (-50 / 20);

export interface ExportCheckReport {
  turnsChecked: number;
  inaudibleTurns: string[];
  noisyGaps: string[];
  clippedSamples: number;
  ok: boolean;
}

interface Region {
  kind: 'turn' | 'gap';
  segmentId: string;
  start: number;
  end: number;
  sumSquares: number;
  peak: number;
  frames: number;
}

export class ExportChecker {
  private readonly regions: Region[] = [];
  private position = 0;
  private regionIndex = 0;
  private clipped = 0;

  constructor(
    timeline: EpisodeTimeline,
    exportRate: number,
    private readonly channels: 1 | 2,
    /** Where beds sound (export frames): gaps overlapping them are not checked for silence. */
    bedSpans: readonly { start: number; end: number }[] = [],
  ) {
    const at = (sample: number) => convertSamples(sample, timeline.sampleRate, exportRate);
    // Regions do not overlap: a turn that overlaps the one before (cross-talk) is judged from where the
    // earlier region ends.
    let reach = 0;
    for (const entry of timeline.entries) {
      const gapStart = at(entry.gapStartSample);
      const start = at(entry.startSample);
      // Judge the middle of gaps only: resampling filters ring a few ms into them.
      const guard = Math.round(exportRate * 0.02);
      const underBed = bedSpans.some((span) => span.start < start && span.end > gapStart);
      if (start - gapStart > 4 * guard && !underBed)
        this.regions.push(region('gap', entry.segmentId, gapStart + guard, start - guard));
      const end = at(entry.endSample);
      if (end > Math.max(start, reach))
        this.regions.push(region('turn', entry.segmentId, Math.max(start, reach), end));
      reach = Math.max(reach, end);
    }
  }

  push(interleaved: Float32Array): void {
    const channels = this.channels;
    const frames = interleaved.length / channels;
    const regions = this.regions;
    // Runs of frames that are all inside one region, or all outside every region.
    for (let frame = 0; frame < frames;) {
      const sample = this.position + frame;
      while (this.regionIndex < regions.length && (regions[this.regionIndex] as Region).end <= sample) {
        this.regionIndex++;
      }
      const current = regions[this.regionIndex];
      const inside = current !== undefined && sample >= current.start;
      const boundary = current === undefined ? Infinity : inside ? current.end : current.start;
      const end = Math.min(frames, boundary - this.position);
      if (inside) this.measure(interleaved, frame, end, current);
      else this.countClipped(interleaved, frame, end);
      frame = end;
    }
    this.position += frames;
  }

  /** Frames [from, to) of a region: their level (loudest channel per frame) and clipped samples. */
  private measure(interleaved: Float32Array, from: number, to: number, region: Region): void {
    const channels = this.channels;
    let sumSquares = region.sumSquares;
    let peak = region.peak;
    let clipped = 0;
    for (let frame = from; frame < to; frame++) {
      let value = 0;
      for (let channel = 0; channel < channels; channel++) {
        const v = interleaved[frame * channels + channel] as number;
        if (v >= 1 || v <= -1) clipped++;
        const magnitude = Math.abs(v);
        if (magnitude > value) value = magnitude;
      }
      sumSquares += value * value;
      if (value > peak) peak = value;
    }
    region.sumSquares = sumSquares;
    region.peak = peak;
    region.frames += to - from;
    this.clipped += clipped;
  }

  private countClipped(interleaved: Float32Array, from: number, to: number): void {
    let clipped = 0;
    for (let i = from * this.channels; i < to * this.channels; i++) {
      const v = interleaved[i] as number;
      if (v >= 1 || v <= -1) clipped++;
    }
    this.clipped += clipped;
  }

  report(): ExportCheckReport {
    const turns = this.regions.filter((r) => r.kind === 'turn');
    const inaudibleTurns = turns
      .filter((r) => r.frames === 0 || Math.sqrt(r.sumSquares / r.frames) < AUDIBLE_RMS)
      .map((r) => r.segmentId);
    const noisyGaps = this.regions
      .filter((r) => r.kind === 'gap' && r.peak > SILENT_PEAK)
      .map((r) => r.segmentId);
    return {
      turnsChecked: turns.length,
      inaudibleTurns,
      noisyGaps,
      clippedSamples: this.clipped,
      ok: inaudibleTurns.length === 0 && noisyGaps.length === 0 && this.clipped === 0,
    };
  }
}

function region(kind: Region['kind'], segmentId: string, start: number, end: number): Region {
  return { kind, segmentId, start, end, sumSquares: 0, peak: 0, frames: 0 };
}
