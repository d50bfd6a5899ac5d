/**
 * A running worker process as the host sees it. `forkWorker` starts worker-main.ts as a forked Node process;
 * the Electron app passes its own spawner that starts the same entry as a utilityProcess.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HostToWorker, WorkerToHost } from '../../../shared/protocol/worker-protocol';

export interface WorkerChannel {
  readonly pid: number | undefined;
  postMessage(message: HostToWorker): void;
  onMessage(listener: (message: WorkerToHost) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

export type SpawnWorker = (env: NodeJS.ProcessEnv) => WorkerChannel;

const WORKER_ENTRY = fileURLToPath(new URL('../../worker/worker-main.ts', import.meta.url));
/** tsx's loader by absolute URL: `--import tsx` would resolve from the user's current folder. */
const TSX_LOADER = import.meta.resolve('tsx');

/** Forks the worker entry under Node with tsx's loader; messages use structured clone ("advanced"). */
export const forkWorker: SpawnWorker = (env) => {
  const child = fork(WORKER_ENTRY, [], {
    execArgv: ['--import', TSX_LOADER],
    serialization: 'advanced',
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    get pid() {
      return child.pid;
    },
    postMessage: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as WorkerToHost)),
    onExit: (listener) => child.on('exit', listener),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
};
