/** What the watchdog needs from a live GPU memory source (nvidia-smi today; injectable for tests). */
import type { TypedEmitter } from '../util/typed-emitter';

/** One GPU's memory. Byte fields are null where they cannot be read (the driver does not report them). */
export interface GpuMemory {
  index: number;
  name: string;
  totalBytes: number | null;
  usedBytes: number | null;
  freeBytes: number | null;
  utilizationPercent: number | null;
}

/** One GPU's memory at one moment. */
export interface GpuReading extends GpuMemory {
  atMs: number;
}

/**
 * - `unavailable`: no live source on this machine (no nvidia-smi): work from totals.
 * - `starting`: started, no reading yet.
 * - `live`: readings arriving.
 * - `degraded`: the source failed repeatedly and was given up on: work from totals.
 */
export type GpuProbeStatus = 'idle' | 'unavailable' | 'starting' | 'live' | 'degraded' | 'disposed';

export type GpuProbeEvents = {
  /** A fresh reading of one GPU (one per GPU per interval). */
  reading: GpuReading;
  /** The live source was given up on; said once. */
  degraded: { reason: string };
};

export interface GpuProbe {
  readonly events: TypedEmitter<GpuProbeEvents>;
  readonly status: GpuProbeStatus;
  start(): void;
  /** Latest reading per GPU, free/used null when stale or degraded. */
  readings(): GpuReading[];
  /** GPU memory one process holds; null when it cannot be told (no per-process source). */
  processGpuBytes(pid: number): number | null;
  dispose(): Promise<void>;
}
