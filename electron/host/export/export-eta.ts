/**
 * Export progress and time left, over every phase of an export: measuring the episode's loudness (when
 * it was not measured while rendering), encoding (once; again only when a limited pass missed the
 * target), and finishing (transcripts, report). Each phase is expected to take the episode's duration
 * divided by this machine's speed for it (× real time), remembered from earlier exports
 * (`ExportSpeedStore`, like the memory calibration in watchdog/estimates.ts) or a default until one has
 * been seen. The bar moves in proportion to the expected time, so a fast measuring pass no longer fills
 * half of it; time left is the expected rest scaled by how the export has run so far against its
 * expectation. The clock is injected (tests run without timing).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import type { EncoderFormat } from './encoders/audio-encoder';
import { writeFileAtomic } from '../files/atomic-write';

export type ExportPhaseKey = 'measure' | `encode-${EncoderFormat}` | 'finish';

/**
 * Speeds (× real time) before this machine has exported anything: about half what a 2-core VM does with
 * today's pipeline (WAV encode passes after a render at ~460× there, less the phase's start-up; a 10-minute
 * MP3 encoder alone 86×), so a slower laptop stays within 2×. The figures of the lamejs era (WAV 30×, MP3
 * 15×) said "about 0:06" for the demo's 1 s export.
 */
export const DEFAULT_EXPORT_SPEEDS: Readonly<Record<ExportPhaseKey, number>> = {
  measure: 400,
  'encode-wav': 250,
  'encode-flac': 150,
  'encode-mp3': 60,
  finish: 2_000,
};

/**
 * Time of a phase on top of its speed (threads, files and a cold JIT). WAV encode passes here took ~0.77 s
 * for the demo's 2.6 minutes and ~13 s for 90 minutes: ~0.4 s plus 460× real time. Writing the transcripts
 * and the report takes 10–40 ms whatever the length.
 */
export function phaseOverheadMs(key: ExportPhaseKey): number {
  if (key === 'finish') return 20;
  return key === 'measure' ? 200 : 400;
}
/** Trust a phase's own pace once this much of it is done... */
const MIN_FRACTION_FOR_PACE = 0.05;
/**
 * ...and it has run this long: its first blocks carry the thread's start-up and a cold JIT (a 2 s WAV
 * export said "0:04" with 1.4 s left at 10 %). The pace is then that of the recent half of the phase.
 */
export const PACE_SETTLE_MS = 1000;

export interface PlannedPhase {
  key: ExportPhaseKey;
  /** Audio the phase goes through, ms. */
  audioMs: number;
}

interface Phase extends PlannedPhase {
  expectedMs: number;
  startedAtMs: number | null;
  endedAtMs: number | null;
}

export class ExportEta {
  private readonly phases: Phase[];
  private current = -1;
  private currentFraction = 0;
  /** The current phase's progress reports: (time, fraction), from its start. */
  private points: { atMs: number; fraction: number }[] = [];
  /** Index of the latest point at or before the middle of the phase so far: it only moves on. */
  private base = 0;
  /** Actual against expected time over the finished phases (1 until one has finished). */
  private pace = 1;
  private lastFraction = 0;

  constructor(
    planned: readonly PlannedPhase[],
    private readonly speeds: (key: ExportPhaseKey) => number,
    private readonly now: () => number,
  ) {
    this.phases = planned.map((phase) => ({
      ...phase,
      expectedMs: this.expectedMs(phase),
      startedAtMs: null,
      endedAtMs: null,
    }));
  }

  /** Starts the next phase of `key` (ends the one before), or adds it when it was not planned (a second pass). */
  start(key: ExportPhaseKey, audioMs?: number): void {
    const at = this.now();
    this.endCurrent(at);
    let index = this.phases.findIndex((phase, i) => i > this.current && phase.key === key);
    if (index < 0) {
      const phase = { key, audioMs: audioMs ?? 0, startedAtMs: null, endedAtMs: null, expectedMs: 0 };
      phase.expectedMs = this.expectedMs(phase);
      // Before the phases still to come (a second encode comes before finishing).
      index = this.current + 1;
      this.phases.splice(index, 0, phase);
    }
    // Phases skipped over (not needed after all) count as done in no time.
    for (let i = this.current + 1; i < index; i++) {
      const skipped = this.phases[i] as Phase;
      skipped.startedAtMs = at;
      skipped.endedAtMs = at;
      skipped.expectedMs = 0;
    }
    this.current = index;
    this.currentFraction = 0;
    this.points = [{ atMs: at, fraction: 0 }];
    this.base = 0;
    (this.phases[index] as Phase).startedAtMs = at;
  }

  /** How far the current phase is (0..1). */
  progress(fraction: number): void {
    this.currentFraction = Math.min(1, Math.max(0, fraction));
    if (this.current >= 0) this.points.push({ atMs: this.now(), fraction: this.currentFraction });
  }

  /** Ends the last phase. */
  finish(): void {
    this.endCurrent(this.now());
    this.current = this.phases.length;
  }

  /** The whole export's fraction done, by expected time; never goes backwards. */
  fraction(): number {
    const total = this.phases.reduce((sum, phase) => sum + phase.expectedMs, 0);
    if (total <= 0) return this.lastFraction;
    let done = 0;
    for (const [index, phase] of this.phases.entries()) {
      if (index < this.current) done += phase.expectedMs;
      else if (index === this.current) done += phase.expectedMs * this.currentFraction;
    }
    this.lastFraction = Math.max(this.lastFraction, Math.min(1, done / total));
    return this.lastFraction;
  }

  /**
   * Time left, ms: the current phase at its own recent pace once it has one, the rest at that pace (or the
   * export's pace so far) against what this machine's speeds expect of them.
   */
  etaMs(): number | null {
    const at = this.now();
    const phase = this.phases[this.current];
    if (!phase) return null;
    const elapsed = at - (phase.startedAtMs ?? at);
    const fraction = this.currentFraction;
    const own = this.ownMsPerFraction(elapsed);
    let currentLeft: number;
    let pace = this.pace;
    if (own) {
      currentLeft = Math.max(0, own.msPerFraction * (1 - fraction) - (at - own.lastAtMs));
      if (phase.expectedMs > 0) pace = own.msPerFraction / phase.expectedMs;
    } else {
      currentLeft = Math.max(phase.expectedMs * pace - elapsed, phase.expectedMs * pace * (1 - fraction));
    }
    let rest = 0;
    for (const later of this.phases.slice(this.current + 1)) rest += later.expectedMs;
    // A phase's own pace says most about the phases to come (the same machine, the same load).
    return Math.max(0, Math.round(currentLeft + rest * pace));
  }

  /** The current phase's time per whole phase over the recent half of it, once it has settled. */
  private ownMsPerFraction(elapsed: number): { msPerFraction: number; lastAtMs: number } | null {
    const first = this.points[0];
    const last = this.points[this.points.length - 1];
    if (!first || !last || elapsed < PACE_SETTLE_MS || this.currentFraction < MIN_FRACTION_FOR_PACE)
      return null;
    const middle = first.atMs + (last.atMs - first.atMs) / 2;
    while (this.points[this.base + 1] && this.points[this.base + 1]!.atMs <= middle) this.base++;
    // Where the phase stood at the middle, between the reports either side of it (the first blocks
    // may be one slow report).
    const before = this.points[this.base]!;
    const after = this.points[this.base + 1] ?? last;
    const base =
      after.atMs > before.atMs
        ? {
            atMs: middle,
            fraction:
              before.fraction +
              ((after.fraction - before.fraction) * (middle - before.atMs)) / (after.atMs - before.atMs),
          }
        : before;
    if (last.fraction <= base.fraction || last.atMs <= base.atMs) return null;
    return { msPerFraction: (last.atMs - base.atMs) / (last.fraction - base.fraction), lastAtMs: last.atMs };
  }

  /** What each finished phase measured, × real time (for ExportSpeedStore). */
  observedSpeeds(): { key: ExportPhaseKey; speed: number }[] {
    return this.phases
      .filter((phase) => phase.startedAtMs !== null && phase.endedAtMs !== null && phase.audioMs > 0)
      .map((phase) => {
        const spent = (phase.endedAtMs as number) - (phase.startedAtMs as number);
        // The fixed start-up comes off, but never more than half of a short phase.
        return {
          key: phase.key,
          speed: phase.audioMs / Math.max(1, spent / 2, spent - phaseOverheadMs(phase.key)),
        };
      });
  }

  private endCurrent(at: number): void {
    const phase = this.phases[this.current];
    if (!phase || phase.endedAtMs !== null) return;
    phase.endedAtMs = at;
    const spent = this.phases.filter((p) => p.endedAtMs !== null && p.expectedMs > 0);
    const actual = spent.reduce((sum, p) => sum + ((p.endedAtMs as number) - (p.startedAtMs as number)), 0);
    const expected = spent.reduce((sum, p) => sum + p.expectedMs, 0);
    if (expected > 0 && actual > 0) this.pace = actual / expected;
  }

  private expectedMs(phase: PlannedPhase): number {
    return phase.audioMs / this.speeds(phase.key) + phaseOverheadMs(phase.key);
  }
}

const SpeedsFileSchema = z.object({
  version: z.literal(1),
  phases: z.record(z.string(), z.array(z.number().positive())),
});

/**
 * This machine's export speeds per phase (× real time), remembered in a JSON file: the median of the
 * last few observations, the default before any. A damaged file is set aside and speeds start afresh.
 */
/** What an export needs of the speeds: a figure per phase, and somewhere to put what it observed. */
export interface ExportSpeeds {
  speed(key: ExportPhaseKey): number;
  record(observed: readonly { key: ExportPhaseKey; speed: number }[]): Promise<void>;
}

/** Every phase's speed, as one plain object (what the export thread is given). */
export function speedTable(speeds: Pick<ExportSpeeds, 'speed'>): Record<ExportPhaseKey, number> {
  const keys = Object.keys(DEFAULT_EXPORT_SPEEDS) as ExportPhaseKey[];
  return Object.fromEntries(keys.map((key) => [key, speeds.speed(key)])) as Record<ExportPhaseKey, number>;
}

export class ExportSpeedStore implements ExportSpeeds {
  private constructor(
    readonly filePath: string | null,
    private readonly phases: Record<string, number[]>,
    private readonly keepRecent = 5,
  ) {}

  static inMemory(): ExportSpeedStore {
    return new ExportSpeedStore(null, {});
  }

  static async open(filePath: string): Promise<ExportSpeedStore> {
    try {
      const data = SpeedsFileSchema.parse(JSON.parse(await fs.readFile(filePath, 'utf8')));
      return new ExportSpeedStore(filePath, data.phases);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        await fs.rename(filePath, `${filePath}.corrupt`).catch(() => undefined);
      return new ExportSpeedStore(filePath, {});
    }
  }

  speed(key: ExportPhaseKey): number {
    const seen = this.phases[key];
    if (!seen || seen.length === 0) return DEFAULT_EXPORT_SPEEDS[key];
    const sorted = [...seen].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] as number;
  }

  async record(observed: readonly { key: ExportPhaseKey; speed: number }[]): Promise<void> {
    for (const { key, speed } of observed) {
      if (!Number.isFinite(speed) || speed <= 0) continue;
      this.phases[key] = [...(this.phases[key] ?? []), speed].slice(-this.keepRecent);
    }
    if (this.filePath === null) return;
    await fs.mkdir(path.dirname(this.filePath), { recursive: true });
    await writeFileAtomic(this.filePath, `${JSON.stringify({ version: 1, phases: this.phases }, null, 2)}\n`);
  }
}

/**
 * What an export of `audioMs` of audio will take on this machine, ms: its phases at the remembered
 * speeds (for a plan made before anything is rendered; the export's own progress refines it).
 */
export function estimateExportMs(
  audioMs: number,
  format: EncoderFormat,
  measure: boolean,
  speed: (key: ExportPhaseKey) => number,
): number {
  const keys: ExportPhaseKey[] = [...(measure ? ['measure' as const] : []), `encode-${format}`, 'finish'];
  return Math.round(keys.reduce((sum, key) => sum + audioMs / speed(key) + phaseOverheadMs(key), 0));
}
