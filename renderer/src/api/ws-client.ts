/**
 * StudioApi over serve mode's WebSocket (`/api`). Calls are `{ id, method, input }` frames answered by id;
 * events arrive as `{ event, payload }` and go to every listener of that event. The client reconnects with
 * exponential backoff; calls in flight when the connection drops reject with a `disconnected`
 * StudioApiError (they are never silently replayed: the UI decides). A refused token (close 4401) stops
 * reconnecting and rejects with `unauthorized`.
 */
import type { EventName, MethodName, StudioApi } from '../../../shared/api/studio-api';
import { eventNames, methodNames } from '../../../shared/api/studio-api';
import type { StudioApiError } from './studio-api-error';
import { toStudioApiError, transportError } from './studio-api-error';
import { CLOSE_UNAUTHORIZED, isEventMessage, isResultMessage } from '../../../shared/api/wire';
import type { CallMessage } from '../../../shared/api/wire';

/** The part of the browser's WebSocket the client uses (the `ws` package's WebSocket fits too). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'closed';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export interface WsClientOptions {
  /** `ws://127.0.0.1:<port>/api` */
  url: string;
  /** Serve token; absent: rely on the HttpOnly cookie the page load set. */
  token?: string | null;
  createSocket?: (url: string) => WebSocketLike;
  backoff?: Partial<BackoffOptions>;
  /** 0..1, for jitter (tests pass a constant). */
  random?: () => number;
  /** Where a throwing event listener's error goes (default: rethrown on a fresh task, so it shows up). */
  onListenerError?: (error: unknown) => void;
}

export interface WsStudioClient {
  readonly api: StudioApi;
  readonly state: ConnectionState;
  /** Called on every state change; returns the unsubscribe. */
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  /** Closes the socket for good and rejects calls in flight with `closed`. */
  close(): void;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 10_000, factor: 2 };
const OPEN = 1;

interface PendingCall {
  method: MethodName;
  message: CallMessage<number>;
  sent: boolean;
  resolve(output: unknown): void;
  reject(error: StudioApiError): void;
}

/** The WebSocket address with the token in its query. */
export function withToken(url: string, token: string | null | undefined): string {
  if (!token) return url;
  return `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}

export function createWsStudioClient(options: WsClientOptions): WsStudioClient {
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const random = options.random ?? Math.random;
  const createSocket =
    options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
  const reportListenerError =
    options.onListenerError ??
    ((error: unknown) => {
      setTimeout(() => {
        throw error;
      }, 0);
    });
  const socketUrl = withToken(options.url, options.token);
  const pending = new Map<number, PendingCall>();
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let socket: WebSocketLike | null = null;
  let nextId = 1;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const setState = (next: ConnectionState): void => {
    if (next === state) return;
    state = next;
    for (const listener of [...stateListeners]) listener(next);
  };

  const rejectAll = (make: (method: MethodName) => StudioApiError): void => {
    const calls = [...pending.values()];
    pending.clear();
    for (const call of calls) call.reject(make(call.method));
  };

  const sendCall = (call: PendingCall): void => {
    try {
      socket?.send(JSON.stringify(call.message));
      call.sent = true;
    } catch (error) {
      pending.delete(call.message.id);
      call.reject(toStudioApiError(error, call.method));
    }
  };

  const onMessage = (data: unknown): void => {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (isEventMessage(message)) {
      for (const listener of [...(eventListeners.get(message.event) ?? [])]) {
        try {
          listener(message.payload);
        } catch (error) {
          reportListenerError(error);
        }
      }
      return;
    }
    if (!isResultMessage(message) || typeof message.id !== 'number') return;
    const call = pending.get(message.id);
    if (!call) return;
    pending.delete(message.id);
    if (message.ok) call.resolve(message.output);
    else call.reject(toStudioApiError(message.error, call.method));
  };

  const scheduleReconnect = (): void => {
    const baseMs = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** attempt);
    const delayMs = Math.round(baseMs * (0.5 + random() / 2));
    attempt += 1;
    setState('reconnecting');
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect();
    }, delayMs);
  };

  const connect = (): void => {
    setState('connecting');
    const ws = createSocket(socketUrl);
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      attempt = 0;
      setState('open');
      for (const call of pending.values()) if (!call.sent) sendCall(call);
    };
    ws.onmessage = (event) => {
      if (socket === ws) onMessage(event.data);
    };
    ws.onerror = () => {
      // A close event always follows; that is where the state changes.
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      if (event.code === CLOSE_UNAUTHORIZED) {
        rejectAll((method) => transportError('unauthorized', method));
        setState('unauthorized');
        return;
      }
      rejectAll((method) => transportError('disconnected', method));
      scheduleReconnect();
    };
  };

  const call = (method: MethodName, input: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (state === 'closed' || state === 'unauthorized') {
        reject(transportError(state, method));
        return;
      }
      if (state === 'reconnecting') {
        reject(transportError('disconnected', method));
        return;
      }
      const id = nextId;
      nextId += 1;
      const entry: PendingCall = { method, message: { id, method, input }, sent: false, resolve, reject };
      pending.set(id, entry);
      if (state === 'open' && socket?.readyState === OPEN) sendCall(entry);
    });

  const subscribe = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    const set = eventListeners.get(event) ?? new Set();
    eventListeners.set(event, set);
    // Wrap, so subscribing the same function twice gives two independent subscriptions.
    const entry = (payload: unknown) => listener(payload);
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  };

  const api = Object.fromEntries([
    ...methodNames.map((name) => [name, (input: unknown) => call(name, input)]),
    ...eventNames.map((name) => [name, (listener: (payload: unknown) => void) => subscribe(name, listener)]),
  ]) as unknown as StudioApi;

  connect();

  return {
    api,
    get state() {
      return state;
    },
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    close() {
      if (state === 'closed') return;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      const ws = socket;
      socket = null;
      setState('closed');
      rejectAll((method) => transportError('closed', method));
      ws?.close(1000, 'page closed');
    },
  };
}
