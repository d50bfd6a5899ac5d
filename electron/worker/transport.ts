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
  return {
    send: (message) => {
      if (process.connected) process.send?.(message);
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as HostToWorker)),
    onDisconnect: (listener) => process.on('disconnect', listener),
  };
}
