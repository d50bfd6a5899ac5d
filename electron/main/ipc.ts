/**
 * StudioApi over Electron IPC: one `ipcMain.handle` per method (the method name is the channel), each
 * checking the sender frame before the shared dispatcher validates the input and runs the handler. Replies
 * are `{ ok, output } | { ok: false, error }` envelopes (thrown errors would lose code and hint on the
 * way). Host events go to the window with `webContents.send(eventName, payload)`.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { eventNames, methodNames } from '../../shared/api/studio-api';
import { DisposableStore } from '../../shared/lifecycle/disposable';
import type { StudioHost } from '../host/studio-host-types';
import type { Logger } from '../host/util/logger';
import type { CallDispatcher, CallOutcome } from '../transport/call-dispatch';

/** The part of `ipcMain` used here. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

/** The part of a window's `webContents` events are sent to. */
export interface EventTarget {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

export const FORBIDDEN_OUTCOME: CallOutcome = {
  ok: false,
  error: {
    code: 'forbidden',
    message: 'This page may not use the studio API.',
    hint: 'Only the Roundtable Studio window can; reload it.',
  },
};

export function registerStudioIpc(options: {
  ipcMain: IpcMainLike;
  dispatch: CallDispatcher;
  isTrusted: (event: IpcMainInvokeEvent) => boolean;
  log: Logger;
}): () => void {
  const { ipcMain, dispatch, isTrusted, log } = options;
  for (const method of methodNames) {
    ipcMain.handle(method, async (event, input) => {
      if (!isTrusted(event)) {
        log.warn(`ipc: refused ${method} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
        return FORBIDDEN_OUTCOME;
      }
      return dispatch(method, input);
    });
  }
  return () => {
    for (const method of methodNames) ipcMain.removeHandler(method);
  };
}

export function forwardHostEvents(host: StudioHost, target: EventTarget, log: Logger): () => void {
  const listeners = new DisposableStore();
  for (const name of eventNames) {
    listeners.add(
      host.on(name, (payload) => {
        if (target.isDestroyed()) return;
        try {
          target.send(name, payload);
        } catch (error) {
          log.warn(`ipc: could not send ${name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    );
  }
  return () => listeners.dispose();
}
