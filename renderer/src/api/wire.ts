/**
 * Serve mode's WebSocket wire format, as the browser sees it. The host's copy is electron/server/wire.ts;
 * the two must agree (the renderer may import only shared/, so the shapes are repeated here).
 */
import type { ApiError } from '../../../shared/api/studio-api';

export interface CallMessage {
  id: number;
  method: string;
  input: unknown;
}

export type ResultMessage =
  | { id: number | string | null; ok: true; output: unknown }
  | { id: number | string | null; ok: false; error: ApiError };

export interface EventMessage {
  event: string;
  payload: unknown;
}

/** Close code the host uses when the token is missing or wrong. */
export const CLOSE_UNAUTHORIZED = 4401;

export function isEventMessage(value: unknown): value is EventMessage {
  return (
    typeof value === 'object' && value !== null && typeof (value as { event?: unknown }).event === 'string'
  );
}

export function isResultMessage(value: unknown): value is ResultMessage {
  if (typeof value !== 'object' || value === null || !('id' in value)) return false;
  return typeof (value as { ok?: unknown }).ok === 'boolean';
}
