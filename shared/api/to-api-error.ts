/**
 * The one mapping from whatever was thrown to the contract's `ApiError`: an error with a `toApiError()`
 * method says it itself; any error with a string `code` and `message` keeps them (and a string `hint`);
 * anything else is given to `fallback` with its message only (never a stack trace).
 */
import type { ApiError } from './studio-api';

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

/** What an untyped error becomes by default: `internal`, with its message. */
export const internalError = (detail: string): ApiError => ({ code: 'internal', message: detail });

export function toApiError(error: unknown, fallback: (detail: string) => ApiError = internalError): ApiError {
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
  return fallback(error instanceof Error ? error.message : String(error));
}
