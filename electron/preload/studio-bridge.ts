/**
 * Builds the object the preload exposes as `window.studio`: exactly the StudioApi methods and events, each
 * a small function over `ipcRenderer` (which itself never crosses the bridge). Methods unwrap the main
 * process's `{ ok, output } | { ok: false, error }` envelope and reject with the plain `ApiError` object
 * (class instances lose their fields on the context bridge; the renderer turns it back into a
 * StudioApiError). Event listeners receive only the payload, never Electron's event object.
 */
import type { ApiError, StudioApi } from '../../shared/api/studio-api';
import { eventNames, methodNames } from '../../shared/api/studio-api';

/** The part of Electron's `ipcRenderer` used here. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function badReply(method: string): ApiError {
  return {
    code: 'internal',
    message: `The studio sent an unreadable reply to ${method}.`,
    hint: 'Restart Roundtable Studio.',
  };
}

function unwrap(method: string, reply: unknown): unknown {
  if (typeof reply === 'object' && reply !== null && 'ok' in reply) {
    const outcome = reply as { ok: unknown; output?: unknown; error?: ApiError };
    if (outcome.ok === true) return outcome.output;
    if (outcome.ok === false && outcome.error) throw { ...outcome.error };
  }
  throw badReply(method);
}

export function buildStudioBridge(ipc: IpcRendererLike): StudioApi {
  const bridge: Record<string, unknown> = {};
  for (const method of methodNames) {
    bridge[method] = (input: unknown) => ipc.invoke(method, input).then((reply) => unwrap(method, reply));
  }
  for (const event of eventNames) {
    bridge[event] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${event} needs a listener function`);
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(event, wrapped);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(event, wrapped);
      };
    };
  }
  return Object.freeze(bridge) as unknown as StudioApi;
}
