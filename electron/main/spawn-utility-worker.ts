/**
 * Starts the inference worker as an Electron utilityProcess and presents it as the host's `WorkerChannel`
 * (the same shape `forkWorker` gives for a forked Node process), so WorkerHost does not care which.
 * Messages posted before the process has started are held and sent once it has.
 */
import type { ForkOptions, UtilityProcess } from 'electron';
import type { HostToWorker, WorkerToHost } from '../../shared/protocol/worker-protocol';
import type { SpawnWorker, WorkerChannel } from '../host/worker/worker-channel';

/** The part of Electron's `utilityProcess` module used here. */
export interface UtilityProcessModule {
  fork(modulePath: string, args?: string[], options?: ForkOptions): UtilityProcessLike;
}

export type UtilityProcessLike = Pick<UtilityProcess, 'pid' | 'postMessage' | 'kill'> & {
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
};

export const WORKER_SERVICE_NAME = 'Roundtable inference worker';

export function createUtilityWorkerSpawner(
  utilityProcess: UtilityProcessModule,
  entryPath: string,
): SpawnWorker {
  return (env) => {
    const child = utilityProcess.fork(entryPath, [], {
      serviceName: WORKER_SERVICE_NAME,
      env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
      stdio: 'inherit',
    });
    let started = false;
    let exited = false;
    let held: HostToWorker[] = [];
    child.on('spawn', () => {
      started = true;
      for (const message of held) child.postMessage(message);
      held = [];
    });
    child.on('exit', () => {
      exited = true;
      held = [];
    });
    const channel: WorkerChannel = {
      get pid() {
        return child.pid;
      },
      postMessage(message) {
        if (exited) return;
        if (started) child.postMessage(message);
        else held.push(message);
      },
      onMessage(listener) {
        child.on('message', (message) => listener(message as WorkerToHost));
      },
      onExit(listener) {
        child.on('exit', (code) => listener(code, null));
      },
      kill() {
        if (!exited) child.kill();
      },
    };
    return channel;
  };
}
