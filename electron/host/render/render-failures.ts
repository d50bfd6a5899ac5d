/** How render failures are told: which loads a fresh worker gets past, and what a failed turn reports. */
import type { ApiError } from '../../../shared/api/studio-api';
import { toApiError } from '../../../shared/api/to-api-error';
import { WorkerCallError } from '../worker/worker-errors';

/** Load failures a fresh worker can get past (a broken model file is not one of them). */
export const RETRYABLE_LOAD = new Set<WorkerCallError['code']>([
  'worker-crashed',
  'worker-hung',
  'deadline-exceeded',
  'out-of-memory',
]);

/** A worker failure in words, for the retry actions the UI shows. */
export function describeFailure(error: WorkerCallError): string {
  switch (error.code) {
    case 'worker-crashed':
      return 'the inference worker crashed';
    case 'worker-hung':
      return 'the inference worker stopped responding';
    case 'deadline-exceeded':
      return 'a chunk took longer than its deadline';
    case 'out-of-memory':
      return 'the engine ran out of memory';
    default:
      return error.message;
  }
}

/** A failed turn's error: worker failures with what to do next, typed host errors as they are. */
export function turnError(error: unknown): ApiError {
  if (error instanceof WorkerCallError) {
    const hint =
      error.code === 'worker-unavailable'
        ? 'Check `roundtable doctor`, free memory or switch this speaker to CPU, then render again: finished turns are kept.'
        : error.code === 'unknown-voice'
          ? 'Pick another voice for this speaker (`roundtable voices`).'
          : 'Render this turn again; if it keeps failing, shorten it or pick another voice.';
    return { code: error.code, message: error.message, hint };
  }
  return toApiError(error, (message) => ({ code: 'render-failed', message }));
}
