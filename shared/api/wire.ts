/**
 * Serve mode's WebSocket wire format (JSON text frames), shared by the host (electron/server) and the
 * browser client (renderer/src/api):
 *
 * client → host  `{ id, method, input }`
 * host → client  `{ id, ok: true, output }` | `{ id, ok: false, error: { code, message, hint? } }`
 * host → client  `{ event, payload }`
 */
import type { ApiError, EventName } from './studio-api';

export type CallId = string | number;

/** The browser client numbers its calls; the host accepts any CallId. */
export interface CallMessage<Id extends CallId = CallId> {
  id: Id;
  method: string;
  input: unknown;
}

export type ResultMessage =
  { id: CallId | null; ok: true; output: unknown } | { id: CallId | null; ok: false; error: ApiError };

export interface EventMessage {
  event: EventName;
  payload: unknown;
}

/** WebSocket close codes the host uses (4000-4999 are free for applications). */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_TOO_SLOW = 4408;

const MAX_ID_LENGTH = 64;

function isCallId(value: unknown): value is CallId {
  return (
    (typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH) ||
    (typeof value === 'number' && Number.isSafeInteger(value))
  );
}

/** Host side: parses one frame from a client; a malformed frame gives the `bad-request` reply to send back. */
export function parseCallMessage(text: string): { call: CallMessage } | { reject: ResultMessage } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { reject: badRequest(null, 'The message is not valid JSON.') };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { reject: badRequest(null, 'The message must be an object { id, method, input }.') };
  }
  const { id, method, input } = value as Record<string, unknown>;
  if (!isCallId(id)) {
    return {
      reject: badRequest(null, 'The message needs an id (a safe integer or a string of 1-64 chars).'),
    };
  }
  if (typeof method !== 'string') {
    return { reject: badRequest(id, 'The message needs a method name (a string).') };
  }
  return { call: { id, method, input } };
}

function badRequest(id: CallId | null, message: string): ResultMessage {
  return {
    id,
    ok: false,
    error: {
      code: 'bad-request',
      message,
      hint: 'The page and the host are different versions: reload the page.',
    },
  };
}

/**
 * Client side: an event frame. Only the name's type is checked; a name this client does not know simply
 * has no listeners.
 */
export function isEventMessage(value: unknown): value is EventMessage {
  return (
    typeof value === 'object' && value !== null && typeof (value as { event?: unknown }).event === 'string'
  );
}

/** Client side: a result frame (its `id` still has to be matched to a call in flight). */
export function isResultMessage(value: unknown): value is ResultMessage {
  if (typeof value !== 'object' || value === null || !('id' in value)) return false;
  return typeof (value as { ok?: unknown }).ok === 'boolean';
}
