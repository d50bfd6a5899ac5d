/**
 * Memory of the managed sidecars (local speech servers) the watchdog watches beside the worker: RSS from
 * the OS and GPU memory from nvidia-smi's per-process query, summed over each sidecar's processes (its
 * process group, so a server that runs its model in a child is measured whole). Measured on the
 * watchdog's sampling tick; peaks are tracked for calibrating the sidecar's estimates.
 */

export interface WatchedSidecar {
  name: string;
  /** Pids of the sidecar's live processes now, the group's leader first; empty while it is not running. */
  pids(): number[];
  /** Whether it runs on the GPU (its GPU memory then counts for pressure and admission). */
  usesGpu: boolean;
}

export interface SidecarMemory {
  name: string;
  /** The process group's leader; null while it is not running. */
  pid: number | null;
  usesGpu: boolean;
  /** Sum over its processes; null when it cannot be read (not running, no per-process source). */
  rssBytes: number | null;
  gpuBytes: number | null;
}

export interface SidecarPeaks {
  rssPeakBytes: number | null;
  gpuPeakBytes: number | null;
}

export interface SidecarPeakWindow {
  end(): SidecarPeaks;
}

export interface WatchedSidecarsOptions {
  readRss: (pid: number) => number | null;
  processGpuBytes: (pid: number) => number | null;
}

export class WatchedSidecars {
  private readonly watched = new Map<string, WatchedSidecar>();
  private readonly latest = new Map<string, SidecarMemory>();
  private readonly windows = new Map<string, Set<{ rss: number | null; gpu: number | null }>>();

  constructor(private readonly options: WatchedSidecarsOptions) {}

  /** Watches a sidecar until the returned function is called. */
  add(sidecar: WatchedSidecar): () => void {
    this.watched.set(sidecar.name, sidecar);
    this.measure(sidecar);
    return () => {
      if (this.watched.get(sidecar.name) !== sidecar) return;
      this.watched.delete(sidecar.name);
      this.latest.delete(sidecar.name);
      this.windows.delete(sidecar.name);
    };
  }

  /** Whether a running sidecar uses the GPU (GPU memory then matters even when the worker is on the CPU). */
  get gpuInUse(): boolean {
    return [...this.watched.values()].some((sidecar) => sidecar.usesGpu && sidecar.pids().length > 0);
  }

  /** Measures every sidecar now (the watchdog's tick). */
  sample(): void {
    for (const sidecar of this.watched.values()) this.measure(sidecar);
  }

  /** The figures of the last sample. */
  list(): SidecarMemory[] {
    return [...this.latest.values()];
  }

  memoryOf(name: string): SidecarMemory | null {
    const sidecar = this.watched.get(name);
    if (!sidecar) return null;
    return this.measure(sidecar);
  }

  /** Tracks a sidecar's peaks until `end()` (resolution: the sampling interval, plus a reading at the end). */
  startPeakWindow(name: string): SidecarPeakWindow {
    const current = this.latest.get(name);
    const peaks = { rss: current?.rssBytes ?? null, gpu: current?.gpuBytes ?? null };
    let set = this.windows.get(name);
    if (!set) {
      set = new Set();
      this.windows.set(name, set);
    }
    set.add(peaks);
    return {
      end: () => {
        this.memoryOf(name);
        this.windows.get(name)?.delete(peaks);
        return { rssPeakBytes: peaks.rss, gpuPeakBytes: peaks.gpu };
      },
    };
  }

  private measure(sidecar: WatchedSidecar): SidecarMemory {
    const pids = sidecar.pids();
    const memory: SidecarMemory = {
      name: sidecar.name,
      pid: pids[0] ?? null,
      usesGpu: sidecar.usesGpu,
      rssBytes: sumKnown(pids.map((pid) => this.options.readRss(pid))),
      gpuBytes: sumKnown(pids.map((pid) => this.options.processGpuBytes(pid))),
    };
    this.latest.set(sidecar.name, memory);
    for (const peaks of this.windows.get(sidecar.name) ?? []) {
      if (memory.rssBytes !== null) peaks.rss = Math.max(peaks.rss ?? 0, memory.rssBytes);
      if (memory.gpuBytes !== null) peaks.gpu = Math.max(peaks.gpu ?? 0, memory.gpuBytes);
    }
    return memory;
  }
}

/** The sum of the known figures; null when none is known. */
function sumKnown(values: (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : known.reduce((sum, value) => sum + value, 0);
}
