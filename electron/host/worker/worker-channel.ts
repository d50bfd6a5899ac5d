/**
 * A running worker process as the host sees it. `forkWorker` starts the worker entry (worker-main.ts from
 * sources, or the bundled worker-main.js) as a forked Node process; the Electron app passes its own spawner
 * that starts the bundled entry as a utilityProcess.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HostToWorker, WorkerToHost } from '../../../shared/protocol/worker-protocol';
import { siblingEntry, siblingExecArgv } from '../../threads/sibling-entry';

export interface WorkerChannel {
  readonly pid: number | undefined;
  postMessage(message: HostToWorker): void;
  onMessage(listener: (message: WorkerToHost) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

export type SpawnWorker = (env: NodeJS.ProcessEnv) => WorkerChannel;

/**
 * Forks the worker entry, found as sibling-entry.ts says (worker-main.ts from sources, under tsx; the
 * bundled worker-main.js); messages use structured clone ("advanced").
 */
export const forkWorker: SpawnWorker = (env) => {
  const entry = siblingEntry(import.meta.url, '../../worker/worker-main', 'worker-main');
  const child = fork(fileURLToPath(entry.url), [], {
    execArgv: siblingExecArgv(entry, env),
    serialization: 'advanced',
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // A worker that exits while a message is on its way makes the send fail (EPIPE); its exit is reported
  // through onExit, so the failed send itself is not an error of the host.
  child.on('error', () => {});
  return {
    get pid() {
      return child.pid;
    },
    postMessage: (message) => {
      if (child.connected) child.send(message, undefined, {}, () => {});
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as WorkerToHost)),
    onExit: (listener) => child.on('exit', listener),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
};
