/**
 * Peaks of takes for the timeline's mini-waveforms: fetched from the host on demand (a few at a time,
 * only for clips in view), kept per take hash, and reduced to one value per pixel column per zoom level.
 */
import type { StudioApi } from '../../../shared/api/studio-api';

export interface TakePeaks {
  sampleRate: number;
  samplesPerPeak: number;
  /** Absolute peak per block, 0..1. */
  peaks: Float32Array;
}

const MAX_TAKES = 4000;
const MAX_COLUMNS_ENTRIES = 3000;
const MAX_CONCURRENT = 4;

export class PeaksCache {
  private readonly loaded = new Map<string, TakePeaks>();
  private readonly failed = new Set<string>();
  private readonly queue: Array<{ dir: string; hash: string }> = [];
  private readonly queued = new Set<string>();
  private readonly columns = new Map<string, Float32Array>();
  private readonly listeners = new Set<() => void>();
  private active = 0;
  private disposed = false;

  constructor(private readonly api: Pick<StudioApi, 'getPeaks'>) {}

  /** The take's peaks, or undefined while they load (asking for them if nobody has). */
  get(dir: string, hash: string): TakePeaks | undefined {
    const hit = this.loaded.get(hash);
    if (hit) return hit;
    if (!this.failed.has(hash) && !this.queued.has(hash)) {
      this.queued.add(hash);
      this.queue.push({ dir, hash });
      this.pump();
    }
    return undefined;
  }

  /** Loads (or returns) the peaks of one take, for the turn editor. */
  async load(dir: string, hash: string): Promise<TakePeaks> {
    const hit = this.loaded.get(hash);
    if (hit) return hit;
    const result = await this.api.getPeaks({ dir, hash });
    const peaks = normalisePeaks(result.peaks);
    const entry = { sampleRate: result.sampleRate, samplesPerPeak: result.samplesPerPeak, peaks };
    this.store(hash, entry);
    return entry;
  }

  /** Calls `listener` whenever new peaks arrived; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The take reduced to `count` columns (max of the blocks each column covers), cached per take and width.
   */
  columnsOf(hash: string, count: number): Float32Array | undefined {
    const take = this.loaded.get(hash);
    if (!take || count <= 0) return undefined;
    const width = Math.min(4096, Math.round(count));
    const key = `${hash}@${width}`;
    const hit = this.columns.get(key);
    if (hit) return hit;
    const out = reducePeaks(take.peaks, width);
    if (this.columns.size >= MAX_COLUMNS_ENTRIES) {
      const oldest = this.columns.keys().next().value;
      if (oldest !== undefined) this.columns.delete(oldest);
    }
    this.columns.set(key, out);
    return out;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
    this.queue.length = 0;
  }

  private store(hash: string, entry: TakePeaks): void {
    if (this.loaded.size >= MAX_TAKES) {
      const oldest = this.loaded.keys().next().value;
      if (oldest !== undefined) this.loaded.delete(oldest);
    }
    this.loaded.set(hash, entry);
  }

  private pump(): void {
    while (!this.disposed && this.active < MAX_CONCURRENT && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.active++;
      this.load(next.dir, next.hash)
        .catch(() => this.failed.add(next.hash))
        .finally(() => {
          this.active--;
          this.queued.delete(next.hash);
          if (this.disposed) return;
          for (const listener of this.listeners) listener();
          this.pump();
        });
    }
  }
}

/** Peaks as absolute values scaled so the loudest is at most 1. */
export function normalisePeaks(raw: readonly number[]): Float32Array {
  const out = new Float32Array(raw.length);
  let max = 0;
  for (let i = 0; i < raw.length; i++) {
    const v = Math.abs(raw[i] ?? 0);
    out[i] = v;
    if (v > max) max = v;
  }
  if (max > 1) for (let i = 0; i < out.length; i++) out[i] = out[i]! / max;
  return out;
}

export function reducePeaks(peaks: Float32Array, count: number): Float32Array {
  const out = new Float32Array(count);
  if (peaks.length === 0) return out;
  const per = peaks.length / count;
  for (let c = 0; c < count; c++) {
    const from = Math.floor(c * per);
    const to = Math.max(from + 1, Math.floor((c + 1) * per));
    let max = 0;
    for (let i = from; i < to && i < peaks.length; i++) if (peaks[i]! > max) max = peaks[i]!;
    out[c] = max;
  }
  return out;
}
