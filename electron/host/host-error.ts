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
