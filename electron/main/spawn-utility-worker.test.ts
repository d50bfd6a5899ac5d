import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { HostToWorker } from '../../shared/protocol/worker-protocol';
import type { UtilityProcessLike, UtilityProcessModule } from './spawn-utility-worker';
import { createUtilityWorkerSpawner, WORKER_SERVICE_NAME } from './spawn-utility-worker';

class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = undefined;
  readonly posted: unknown[] = [];
  killed = 0;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killed += 1;
    return true;
  }
  start(pid: number): void {
    this.pid = pid;
    this.emit('spawn');
  }
}

function setup() {
  const forks: Array<{ modulePath: string; options: unknown; child: FakeUtilityProcess }> = [];
  const module: UtilityProcessModule = {
    fork(modulePath, _args, options) {
      const child = new FakeUtilityProcess();
      forks.push({ modulePath, options, child });
      return child as unknown as UtilityProcessLike;
    },
  };
  const spawn = createUtilityWorkerSpawner(module, '/app/dist/electron/worker-main.js');
  return { spawn, forks };
}

const describeMessage: HostToWorker = { type: 'describe', callId: 1, engine: 'espeak' };

describe('createUtilityWorkerSpawner', () => {
  it('forks the worker entry with the env and a service name', () => {
    const { spawn, forks } = setup();
    spawn({ ROUNDTABLE_FAULTS: 'crash@2', UNSET: undefined });
    expect(forks[0]?.modulePath).toBe('/app/dist/electron/worker-main.js');
    expect(forks[0]?.options).toEqual({
      serviceName: WORKER_SERVICE_NAME,
      env: { ROUNDTABLE_FAULTS: 'crash@2' },
      stdio: 'inherit',
    });
  });

  it('holds messages until the process has started, then passes them through', () => {
    const { spawn, forks } = setup();
    const channel = spawn({});
    const child = forks[0]!.child;
    expect(channel.pid).toBeUndefined();
    channel.postMessage(describeMessage);
    expect(child.posted).toEqual([]);
    child.start(4242);
    expect(channel.pid).toBe(4242);
    expect(child.posted).toEqual([describeMessage]);
    channel.postMessage({ type: 'shutdown', callId: 2 });
    expect(child.posted).toHaveLength(2);
  });

  it('reports messages and exits the way a forked process does, and kills only a live process', () => {
    const { spawn, forks } = setup();
    const channel = spawn({});
    const child = forks[0]!.child;
    const messages: unknown[] = [];
    const exits: Array<[number | null, string | null]> = [];
    channel.onMessage((m) => messages.push(m));
    channel.onExit((code, signal) => exits.push([code, signal]));
    child.start(7);
    child.emit('message', { type: 'ready', pid: 7, engines: ['espeak'] });
    expect(messages).toEqual([{ type: 'ready', pid: 7, engines: ['espeak'] }]);
    channel.kill();
    expect(child.killed).toBe(1);
    child.emit('exit', 9);
    expect(exits).toEqual([[9, null]]);
    channel.kill();
    channel.postMessage(describeMessage);
    expect(child.killed).toBe(1);
    expect(child.posted).toEqual([]);
  });
});
