/**
 * The error every StudioApi call rejects with in the renderer, whichever transport carried it: the host's
 * `ApiError` (code, message, hint) or a transport failure (`disconnected`, `unauthorized`, `closed`).
 */
import type { ApiError } from '../../../shared/api/studio-api';

export const TransportErrorCode = {
  /** The connection to the host dropped before the answer came; the client reconnects by itself. */
  disconnected: 'disconnected',
  /** The serve token was refused; reconnecting will not help. */
  unauthorized: 'unauthorized',
  /** The client was closed by the page. */
  closed: 'closed',
} as const;
export type TransportErrorCode = (typeof TransportErrorCode)[keyof typeof TransportErrorCode];

export class StudioApiError extends Error implements ApiError {
  readonly code: string;
  readonly hint: string | undefined;
  /** The StudioApi method that failed, when known. */
  readonly method: string | undefined;

  constructor(error: ApiError, method?: string) {
    super(error.message);
    this.name = 'StudioApiError';
    this.code = error.code;
    this.hint = error.hint;
    this.method = method;
  }

  get isTransportError(): boolean {
    return Object.values<string>(TransportErrorCode).includes(this.code);
  }

  toJSON(): ApiError {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
}

function isApiErrorLike(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { code?: unknown; message?: unknown; hint?: unknown };
  return (
    typeof v.code === 'string' &&
    typeof v.message === 'string' &&
    (v.hint === undefined || typeof v.hint === 'string')
  );
}

/** Whatever a transport rejected with, as a StudioApiError. */
export function toStudioApiError(value: unknown, method?: string): StudioApiError {
  if (value instanceof StudioApiError) return value;
  if (isApiErrorLike(value)) {
    const { code, message, hint } = value;
    return new StudioApiError(hint === undefined ? { code, message } : { code, message, hint }, method);
  }
  const message = value instanceof Error ? value.message : String(value);
  return new StudioApiError(
    { code: 'internal', message, hint: 'Reload the window; if it happens again, restart the app.' },
    method,
  );
}

export function transportError(code: TransportErrorCode, method?: string): StudioApiError {
  switch (code) {
    case 'unauthorized':
      return new StudioApiError(
        {
          code,
          message: 'The studio server refused this page: its access token is missing or out of date.',
          hint: 'Open the address that `roundtable serve` printed (it ends in ?token=...).',
        },
        method,
      );
    case 'closed':
      return new StudioApiError(
        { code, message: 'The connection to the studio was closed by the page.' },
        method,
      );
    default:
      return new StudioApiError(
        {
          code,
          message: 'The connection to the studio server was lost before it answered.',
          hint: 'It reconnects by itself; try again in a moment. If it does not, check that `roundtable serve` is running.',
        },
        method,
      );
  }
}
