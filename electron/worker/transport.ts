/**
 * The worker's side of the message channel: Node's IPC when forked (`process.send`), or Electron's
 * `process.parentPort` when started as a utilityProcess. Both carry structured clones, so Float32Array
 * audio crosses without copying through JSON.
 */
import type { HostToWorker, WorkerToHost } from '../../shared/protocol/worker-protocol';

export interface WorkerTransport {
  send(message: WorkerToHost): void;
  onMessage(listener: (message: HostToWorker) => void): void;
  onDisconnect(listener: () => void): void;
}

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function connectToHost(): WorkerTransport {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as HostToWorker)),
      onDisconnect: () => {},
    };
  }
  if (!process.send) {
    throw new Error('the inference worker must be started by the host (no IPC channel)');
  }
  return forkedTransport(process);
}

/** What the forked transport needs of the process (a fake in tests). */
export interface ForkedProcess {
  readonly connected: boolean;
  send?: (
    message: unknown,
    handle: undefined,
    options: object,
    callback: (error: Error | null) => void,
  ) => boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
  on(event: NodeJS.Signals, listener: () => void): unknown;
  readonly stdout: { on(event: 'error', listener: (error: Error) => void): unknown };
  readonly stderr: { on(event: 'error', listener: (error: Error) => void): unknown };
}

/**
 * Node's IPC to the host. The host owns the worker's life: Ctrl+C and a closed terminal signal the whole
 * process group, but the worker ends only when the host tells it to or goes away (its channel closes, or a
 * message cannot be delivered: EPIPE). Either way it ends quietly, once, with no stack trace.
 */
export function forkedTransport(child: ForkedProcess): WorkerTransport {
  const goneListeners: (() => void)[] = [];
  let gone = false;
  const hostGone = () => {
    if (gone) return;
    gone = true;
    for (const listener of goneListeners) listener();
  };
  child.on('disconnect', hostGone);
  for (const name of ['SIGINT', 'SIGHUP'] as const) child.on(name, () => {});
  // The host's terminal or pipe may close first; what the worker prints there is then lost, not an error.
  for (const stream of [child.stdout, child.stderr]) stream.on('error', () => {});
  return {
    send: (message) => {
      if (gone || !child.connected) return;
      // With a callback a failed send (the host has exited: EPIPE, ERR_IPC_CHANNEL_CLOSED) is reported
      // here instead of as an uncaught 'error' event.
      child.send?.(message, undefined, {}, (error) => {
        if (error) hostGone();
      });
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as HostToWorker)),
    onDisconnect: (listener) => {
      goneListeners.push(listener);
    },
  };
}
