/** A GPU probe driven by the test: readings are pushed in synchronously. */
import { TypedEmitter } from '../../util/typed-emitter';
import type { GpuProbe, GpuProbeEvents, GpuProbeStatus, GpuReading } from '../gpu-probe';
import { MIB } from '../units';

export class ScriptedGpuProbe implements GpuProbe {
  readonly events = new TypedEmitter<GpuProbeEvents>();
  status: GpuProbeStatus = 'idle';
  private latest: GpuReading | undefined;
  readonly processBytes = new Map<number, number>();

  constructor(private readonly now: () => number) {}

  start(): void {
    this.status = 'starting';
  }

  /** Pushes a reading of GPU 0 (MiB figures). */
  push(usedMiB: number, totalMiB = 8192): void {
    this.status = 'live';
    this.latest = {
      index: 0,
      name: 'Scripted GPU',
      totalBytes: totalMiB * MIB,
      usedBytes: usedMiB * MIB,
      freeBytes: (totalMiB - usedMiB) * MIB,
      utilizationPercent: 50,
      atMs: this.now(),
    };
    this.events.emit('reading', this.latest);
  }

  degrade(reason: string): void {
    this.status = 'degraded';
    this.events.emit('degraded', { reason });
  }

  readings(): GpuReading[] {
    if (!this.latest) return [];
    return this.status === 'live' ? [this.latest] : [{ ...this.latest, usedBytes: null, freeBytes: null }];
  }

  processGpuBytes(pid: number): number | null {
    return this.status === 'live' ? (this.processBytes.get(pid) ?? 0) : null;
  }

  async dispose(): Promise<void> {
    this.status = 'disposed';
    this.events.clear();
  }
}
