/**
 * A running worker process as the host sees it. `forkWorker` starts the worker entry (worker-main.ts from
 * sources, or the bundled worker-main.js) as a forked Node process; the Electron app passes its own spawner
 * that starts the bundled entry as a utilityProcess.
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

interface WorkerEntry {
  modulePath: string;
  execArgv: string[];
}

/**
 * From sources (tests, the CLI through tsx) this module is worker-channel.ts and the worker is
 * worker-main.ts, run under tsx's loader (by absolute URL: `--import tsx` would resolve from the user's
 * current folder). In a bundle (dist/cli, dist/electron) this code sits in a .js file beside the bundled
 * worker-main.js, which plain Node runs.
 */
function workerEntry(moduleUrl: string): WorkerEntry {
  if (moduleUrl.endsWith('.ts')) {
    return {
      modulePath: fileURLToPath(new URL('../../worker/worker-main.ts', moduleUrl)),
      execArgv: ['--import', import.meta.resolve('tsx')],
    };
  }
  return { modulePath: fileURLToPath(new URL('./worker-main.js', moduleUrl)), execArgv: [] };
}

let entry: WorkerEntry | undefined;

/** Forks the worker entry (see {@link workerEntry}); messages use structured clone ("advanced"). */
export const forkWorker: SpawnWorker = (env) => {
  entry ??= workerEntry(import.meta.url);
  const child = fork(entry.modulePath, [], {
    execArgv: entry.execArgv,
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
