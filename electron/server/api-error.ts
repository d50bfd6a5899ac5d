/**
 * Turns whatever a handler threw into the contract's `ApiError`: typed host errors keep their code, message
 * and hint; anything else becomes `internal` with its message only (never a stack trace).
 */
import type { ApiError } from '../../shared/api/studio-api';

interface ApiErrorLike {
  code: string;
  message: string;
  hint?: unknown;
}

function hasToApiError(value: object): value is { toApiError(): ApiError } {
  return typeof (value as { toApiError?: unknown }).toApiError === 'function';
}

function isApiErrorLike(value: object): value is ApiErrorLike {
  const v = value as { code?: unknown; message?: unknown };
  return typeof v.code === 'string' && v.code !== '' && typeof v.message === 'string';
}

export function toApiError(error: unknown, method: string): ApiError {
  if (typeof error === 'object' && error !== null) {
    if (hasToApiError(error)) {
      const { code, message, hint } = error.toApiError();
      return hint === undefined ? { code, message } : { code, message, hint };
    }
    if (isApiErrorLike(error)) {
      return typeof error.hint === 'string'
        ? { code: error.code, message: error.message, hint: error.hint }
        : { code: error.code, message: error.message };
    }
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: 'internal',
    message: `${method} failed: ${detail}`,
    hint: 'This is a bug in Roundtable Studio; the log has the details. Try again, or restart the app.',
  };
}
