/**
 * The export service every front end goes through: the studio's `startExport` (desktop IPC and serve mode's
 * WebSocket) and the CLI's `render` and `export`. It gives each export this machine's speeds (the data
 * folder's speeds file, which the export adds to), runs it on its thread (`exportProject`), keeps it by job
 * id for cancel, and cancels whatever still runs when the host shuts down. Front ends add only their
 * presentation: progress events, or a progress bar and a report line.
 */
import { randomUUID } from 'node:crypto';
import type { ExportProgress } from '../../../shared/api/studio-api';
import { ExportSpeedStore } from './export-eta';
import type { ExportRequest, ExportResult } from './export-service';
import { exportProject } from './export-service';

/** An export as a front end asks for it (the speeds are the service's; progress names the job). */
export interface ExportJobRequest extends Omit<ExportRequest, 'speeds' | 'onProgress'> {
  onProgress?: (progress: ExportProgress) => void;
}

export interface ExportJob {
  jobId: string;
  /** The result; rejects with the error, or with the signal's reason once cancelled. */
  done: Promise<ExportResult>;
  /** Aborted when the job was cancelled (by `cancel`, the request's signal or the host shutting down). */
  cancelled: AbortSignal;
}

export class ExportService {
  private readonly jobs = new Map<string, { controller: AbortController; done: Promise<unknown> }>();

  constructor(private readonly speedsFile: string) {}

  start(request: ExportJobRequest): ExportJob {
    const jobId = randomUUID();
    const controller = new AbortController();
    const outer = request.signal;
    // The caller's reason goes through (the CLI tells a Ctrl+C by it).
    const forward = () => controller.abort(outer?.reason);
    if (outer?.aborted) forward();
    else outer?.addEventListener('abort', forward, { once: true });
    const { onProgress, ...rest } = request;
    const done = ExportSpeedStore.open(this.speedsFile)
      .then((speeds) =>
        exportProject({
          ...rest,
          speeds,
          signal: controller.signal,
          ...(onProgress ? { onProgress: (progress) => onProgress({ jobId, ...progress }) } : {}),
        }),
      )
      .finally(() => {
        this.jobs.delete(jobId);
        outer?.removeEventListener('abort', forward);
      });
    this.jobs.set(jobId, { controller, done });
    return { jobId, done, cancelled: controller.signal };
  }

  /** Cancels a running export (an unknown or finished job is ignored). */
  cancel(jobId: string): void {
    this.jobs.get(jobId)?.controller.abort();
  }

  /**
   * Cancels every running export (the host is shutting down) and waits until each has ended: its thread
   * stopped, its partial output and spool removed. The caller exits only after that, so a quit in the
   * middle of an export leaves nothing half-written behind.
   */
  async dispose(): Promise<void> {
    const running = [...this.jobs.values()];
    for (const { controller } of running) controller.abort();
    await Promise.allSettled(running.map(({ done }) => done));
  }
}
