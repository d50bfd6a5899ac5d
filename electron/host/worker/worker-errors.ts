import type { WorkerErrorCode } from '../../../shared/protocol/worker-protocol';

/** A worker call that failed, with the code the render queue decides on (retry, shrink, give up). */
export class WorkerCallError extends Error {
  constructor(
    readonly code: WorkerErrorCode | 'worker-unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'WorkerCallError';
  }

  /** Failures that a fresh worker and a smaller chunk can get past. */
  get retryable(): boolean {
    return ['worker-crashed', 'worker-hung', 'deadline-exceeded', 'out-of-memory', 'engine-failed'].includes(
      this.code,
    );
  }
}
