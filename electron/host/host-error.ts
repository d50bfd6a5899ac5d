/** An error a StudioApi handler throws for the user: a stable code, what happened, and what to do. */
import type { ApiError } from '../../shared/api/studio-api';

export class HostError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'HostError';
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}) };
  }
}

/** Any thrown value as an ApiError (typed errors keep their code and hint; others become `internal`). */
export function toApiError(error: unknown): ApiError {
  if (error && typeof error === 'object' && 'toApiError' in error && typeof error.toApiError === 'function') {
    return (error as { toApiError(): ApiError }).toApiError();
  }
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    const hint = 'hint' in error && typeof error.hint === 'string' ? error.hint : undefined;
    return { code: error.code, message: error.message, ...(hint ? { hint } : {}) };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
