/** The worker's peak memory (RSS and GPU) over open windows, e.g. around one chunk, for the estimates. */
import type { PeakWindow } from './watchdog-types';

type WorkerPeaks = { rss: number | null; gpu: number | null };

export class PeakTracker {
  private readonly windows = new Set<WorkerPeaks>();

  /** `current` reads the worker's memory now (null where it cannot be read). */
  constructor(private readonly current: () => WorkerPeaks) {}

  /** Tracks peaks until `end()`; resolution is the sampling interval. */
  start(): PeakWindow {
    const peaks: WorkerPeaks = { ...this.current() };
    this.windows.add(peaks);
    return {
      end: () => {
        this.track();
        this.windows.delete(peaks);
        return { workerRssPeakBytes: peaks.rss, workerGpuPeakBytes: peaks.gpu };
      },
    };
  }

  /** Raises every open window's peaks to what the worker holds now. */
  track(): void {
    if (this.windows.size === 0) return;
    const { rss, gpu } = this.current();
    for (const peaks of this.windows) {
      if (rss !== null) peaks.rss = Math.max(peaks.rss ?? 0, rss);
      if (gpu !== null) peaks.gpu = Math.max(peaks.gpu ?? 0, gpu);
    }
  }

  clear(): void {
    this.windows.clear();
  }
}
