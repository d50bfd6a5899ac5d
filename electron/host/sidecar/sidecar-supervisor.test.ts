import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeSidecarCommand } from '../../../test-support/fake-sidecar/fake-sidecar-path';
import { RestartPolicy } from '../worker/restart-policy';
import { findFreePort } from './free-port';
import { readStat, treeAlive } from './process-tree';
import type { SidecarDefinitionInput } from './sidecar-definition';
import { parseSidecarDefinition } from './sidecar-definition';
import { SidecarError } from './sidecar-errors';
import type { SidecarSupervisorOptions } from './sidecar-supervisor';
import { SidecarSupervisor } from './sidecar-supervisor';

const HOST_THAT_DIES = fileURLToPath(
  new URL('../../../test-support/fake-sidecar/host-that-dies.ts', import.meta.url),
);
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let dir: string;
const supervisors: SidecarSupervisor[] = [];
const strays = new Set<number>();

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-test-'));
});

afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((supervisor) => supervisor.dispose()));
  // A failed test must not leave fakes behind (they also end themselves after 5 minutes).
  for (const pid of strays) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
  strays.clear();
  fs.rmSync(dir, { recursive: true, force: true });
});

function supervise(
  extra: string[],
  over: Partial<SidecarDefinitionInput> = {},
  options: SidecarSupervisorOptions = {},
): SidecarSupervisor {
  const definition = parseSidecarDefinition({
    name: 'fake',
    command: fakeSidecarCommand(['--pid-file', path.join(dir, 'pids'), ...extra]),
    values: { model: '/models/VibeVoice-1.5B' },
    loadTimeoutS: 120,
    idleTimeoutS: 0,
    ...over,
  });
  const supervisor = new SidecarSupervisor(definition, {
    killGraceMs: 2000,
    healthPollMs: 20,
    ...options,
  });
  supervisor.events.on('state', ({ pid }) => {
    if (pid !== null) strays.add(pid);
  });
  supervisors.push(supervisor);
  return supervisor;
}

function startedPids(): number[] {
  const file = path.join(dir, 'pids');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie is dead; only its parent has not collected it yet.
  return readStat(pid)?.state !== 'Z';
}

async function until<T>(what: string, probe: () => T | Promise<T>, guardMs = 30_000): Promise<T> {
  const deadline = Date.now() + guardMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`hang guard: still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function speak(baseUrl: string, input = 'Hello there.'): Promise<Response> {
  return fetch(`${baseUrl}/v1/audio/speech`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', connection: 'close' },
    body: JSON.stringify({ model: 'VibeVoice-1.5B', input, response_format: 'wav' }),
  });
}

const signal = () => new AbortController().signal;

describe('SidecarSupervisor', () => {
  it('starts on demand on a loopback port, waits for health and serves; dispose ends it', async () => {
    const supervisor = supervise([]);
    expect(supervisor.state).toBe('stopped');
    const lease = await supervisor.acquire(signal(), { chars: 12 });
    expect(lease.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(supervisor.state).toBe('ready');
    const models = (await (await fetch(`${lease.baseUrl}/v1/models`)).json()) as { data: { id: string }[] };
    expect(models.data[0]!.id).toBe('VibeVoice-1.5B');
    const speech = await speak(lease.baseUrl);
    expect(speech.status).toBe(200);
    expect(
      Buffer.from(await speech.arrayBuffer())
        .subarray(0, 4)
        .toString('ascii'),
    ).toBe('RIFF');
    lease.release();
    expect(supervisor.status().logTail.join('\n')).toMatch(/listening on http:\/\/127\.0\.0\.1/);
    const pid = supervisor.pid!;
    await supervisor.dispose();
    expect(alive(pid)).toBe(false);
  });

  it('stays "starting" while the server loads and is ready once health answers 2xx', async () => {
    const readyFile = path.join(dir, 'loaded');
    const supervisor = supervise(['--ready-file', readyFile]);
    let lease: Awaited<ReturnType<SidecarSupervisor['acquire']>> | undefined;
    const acquiring = supervisor.acquire(signal()).then((value) => (lease = value));
    await until('the server to listen', () =>
      supervisor.status().logTail.some((l) => l.includes('listening')),
    );
    expect(supervisor.state).toBe('starting');
    expect(lease).toBeUndefined();
    fs.writeFileSync(readyFile, '');
    await acquiring;
    expect(supervisor.state).toBe('ready');
    expect((await speak(lease!.baseUrl)).status).toBe(200);
    lease!.release();
  });

  it('stops a server stuck loading at the load timeout, says so and what to try', async () => {
    const supervisor = supervise(['--hang-at-load'], { loadTimeoutS: 1 });
    const error = await supervisor.acquire(signal()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SidecarError);
    const failure = error as SidecarError;
    expect(failure.code).toBe('sidecar-load-timeout');
    expect(failure.message).toMatch(/did not become ready within its 1 s load timeout/);
    expect(failure.message).toMatch(/HTTP 503/);
    expect(failure.message).toMatch(/Loading diffusion model/);
    expect(failure.message).toMatch(/it was stopped/);
    expect(failure.hint).toMatch(/longer load timeout/);
    expect(failure.hint).toMatch(/smaller model/);
    expect(supervisor.state).toBe('failed');
    const [pid] = startedPids();
    expect(pid).toBeDefined();
    await until('the stuck server to be gone', () => !alive(pid!));
  });

  it('restarts after a crash and serves the next request', async () => {
    const supervisor = supervise(['--crash-after', '1']);
    const first = await supervisor.acquire(signal());
    const firstPid = supervisor.pid!;
    expect((await speak(first.baseUrl)).status).toBe(200);
    await expect(speak(first.baseUrl)).rejects.toThrow();
    first.release();
    await until('the crash to be seen', () => supervisor.state === 'crashed');
    expect(supervisor.status().lastError).toMatch(/killed by SIGKILL.*segmentation fault/);
    const second = await supervisor.acquire(signal());
    expect(supervisor.pid).not.toBe(firstPid);
    expect((await speak(second.baseUrl)).status).toBe(200);
    second.release();
    expect(supervisor.restartPolicy.recentRestarts).toBe(1);
    expect(alive(firstPid)).toBe(false);
  });

  it('ends a server that stopped answering and serves the next request from a fresh one', async () => {
    const supervisor = supervise([]);
    const lease = await supervisor.acquire(signal());
    const firstPid = supervisor.pid!;
    lease.reportHung('no answer within the 40 s deadline');
    lease.release();
    expect(supervisor.state).toBe('crashed');
    expect(supervisor.status().lastError).toMatch(/stopped answering \(no answer within the 40 s deadline\)/);
    await until('the hung server to be gone', () => !alive(firstPid));
    const next = await supervisor.acquire(signal());
    expect(supervisor.pid).not.toBe(firstPid);
    expect((await speak(next.baseUrl)).status).toBe(200);
    next.release();
    expect(supervisor.restartPolicy.recentRestarts).toBe(1);
  });

  it('gives up on a crash loop under the restart policy with a clear error', async () => {
    const supervisor = supervise(
      ['--exit-at-start', '3'],
      {},
      { restartPolicy: new RestartPolicy(2, 60_000) },
    );
    const error = (await supervisor.acquire(signal()).catch((e: unknown) => e)) as SidecarError;
    expect(error).toBeInstanceOf(SidecarError);
    expect(error.code).toBe('sidecar-gave-up');
    expect(error.message).toMatch(/crashed or failed to start 3 times within 1 minute/);
    expect(error.message).toMatch(/exited with code 3 before it was ready/);
    expect(error.message).toMatch(/CUDA error: out of memory/);
    expect(startedPids()).toHaveLength(3);
    expect(supervisor.state).toBe('failed');
    // It stays given up (no new process) until reset.
    await expect(supervisor.acquire(signal())).rejects.toMatchObject({ code: 'sidecar-gave-up' });
    expect(startedPids()).toHaveLength(3);
    supervisor.resetAfterGiveUp();
    await expect(supervisor.acquire(signal())).rejects.toMatchObject({ code: 'sidecar-gave-up' });
    expect(startedPids()).toHaveLength(6);
  });

  it('stops when idle and starts again on the next request without counting a restart', async () => {
    const supervisor = supervise([], { idleTimeoutS: 0.05 });
    const lease = await supervisor.acquire(signal());
    const pid = supervisor.pid!;
    lease.release();
    await until('the idle stop', () => supervisor.state === 'stopped');
    await until('the idle server to be gone', () => !alive(pid));
    const again = await supervisor.acquire(signal());
    expect(supervisor.pid).not.toBe(pid);
    expect((await speak(again.baseUrl)).status).toBe(200);
    again.release();
    expect(supervisor.restartPolicy.recentRestarts).toBe(0);
  });

  it('is not stopped as idle while a request is in flight', async () => {
    const supervisor = supervise([], { idleTimeoutS: 0.05 });
    const held = await supervisor.acquire(signal());
    const other = await supervisor.acquire(signal());
    other.release();
    // Longer than the idle timeout several times over: the held lease keeps it up.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(supervisor.state).toBe('ready');
    held.release();
    await until('the idle stop', () => supervisor.state === 'stopped');
  });

  it('leaves no process on quit: the whole group goes, grandchild and SIGTERM-ignoring ones included', async () => {
    const grandchildFile = path.join(dir, 'grandchild');
    const supervisor = supervise(
      ['--grandchild-pid-file', grandchildFile, '--ignore-sigterm'],
      {},
      {
        killGraceMs: 100,
      },
    );
    const lease = await supervisor.acquire(signal());
    lease.release();
    const pid = supervisor.pid!;
    const grandchild = Number(fs.readFileSync(grandchildFile, 'utf8'));
    strays.add(grandchild);
    expect(alive(grandchild)).toBe(true);
    if (process.platform === 'linux') {
      expect(readStat(pid)?.pgid).toBe(pid);
      expect(readStat(grandchild)?.pgid).toBe(pid);
      expect(supervisor.pids().sort()).toEqual([pid, grandchild].sort());
    }
    await supervisor.dispose();
    expect(alive(pid)).toBe(false);
    expect(alive(grandchild)).toBe(false);
    expect(treeAlive(pid)).toBe(false);
  });

  it('kills what a crashed server left in its group', async () => {
    const grandchildFile = path.join(dir, 'grandchild');
    const supervisor = supervise(['--grandchild-pid-file', grandchildFile, '--crash-after', '0']);
    const lease = await supervisor.acquire(signal());
    const grandchild = Number(fs.readFileSync(grandchildFile, 'utf8'));
    strays.add(grandchild);
    await expect(speak(lease.baseUrl)).rejects.toThrow();
    lease.release();
    await until('the grandchild to be gone', () => !alive(grandchild));
  });

  it('starts again on a new port when the port it was given is taken', async () => {
    // Another program holds the port (it hangs up on anyone who connects).
    const blocker = net.createServer((socket) => socket.destroy());
    const taken = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    try {
      const ports = [taken];
      const supervisor = supervise(
        [],
        {},
        {
          pickPort: async () => ports.shift() ?? findFreePort(),
        },
      );
      const lease = await supervisor.acquire(signal());
      expect(lease.baseUrl).not.toContain(`:${taken}`);
      expect((await speak(lease.baseUrl)).status).toBe(200);
      lease.release();
      expect(startedPids()).toHaveLength(2);
      expect(supervisor.restartPolicy.recentRestarts).toBe(0);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('retries a server that reports a bind failure on a new port, a bounded number of times', async () => {
    const retried = supervise(['--bind-failures', '1', '--state-dir', path.join(dir, 'state-a')]);
    const lease = await retried.acquire(signal());
    lease.release();
    expect(startedPids()).toHaveLength(2);

    const stuck = supervise(
      ['--bind-failures', '99', '--state-dir', path.join(dir, 'state-b')],
      {},
      {
        maxPortAttempts: 2,
        restartPolicy: new RestartPolicy(0, 60_000),
      },
    );
    const error = (await stuck.acquire(signal()).catch((e: unknown) => e)) as SidecarError;
    expect(error.code).toBe('sidecar-gave-up');
    expect(error.message).toMatch(/could not bind 127\.0\.0\.1:\d+ \(address already in use\)/);
  });

  it('says which program could not be found', async () => {
    const supervisor = supervise([], { command: [path.join(dir, 'no-such-server'), '--port', '{port}'] });
    await expect(supervisor.acquire(signal())).rejects.toMatchObject({
      code: 'sidecar-not-found',
      message: expect.stringMatching(/could not start ".*no-such-server" \(no such program\)/),
    });
  });

  it('a cancelled acquire leaves the start going for others', async () => {
    const readyFile = path.join(dir, 'loaded');
    const supervisor = supervise(['--ready-file', readyFile]);
    const controller = new AbortController();
    const cancelled = supervisor.acquire(controller.signal);
    const waiting = supervisor.acquire(signal());
    await until('the start', () => supervisor.state === 'starting');
    controller.abort(new Error('user cancelled'));
    await expect(cancelled).rejects.toThrow('user cancelled');
    fs.writeFileSync(readyFile, '');
    const lease = await waiting;
    expect(supervisor.status().inFlight).toBe(1);
    lease.release();
    lease.release();
    expect(supervisor.status().inFlight).toBe(0);
  });
});

describe('a host that goes away', () => {
  it.skipIf(process.platform === 'win32')(
    'ends its sidecars when it exits without stopping them',
    async () => {
      const grandchildFile = path.join(dir, 'grandchild');
      const host = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          HOST_THAT_DIES,
          path.join(dir, 'records'),
          path.join(dir, 'pids'),
          '--host-exit',
          '--grandchild-pid-file',
          grandchildFile,
        ],
        { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let output = '';
      host.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const sidecar = await until(
        'the host to report',
        () => Number(/ready (\d+)/.exec(output)?.[1] ?? 0),
        60_000,
      );
      strays.add(sidecar);
      await until('the host to exit', () => host.exitCode !== null);
      const grandchild = Number(fs.readFileSync(grandchildFile, 'utf8'));
      strays.add(grandchild);
      await until('the sidecar and its child to be gone', () => !alive(sidecar) && !alive(grandchild));
    },
  );

  it.skipIf(process.platform !== 'linux')(
    'is ended by the next host that starts it, after a SIGKILL',
    async () => {
      const recordDir = path.join(dir, 'records');
      const host = spawn(
        process.execPath,
        ['--import', 'tsx', HOST_THAT_DIES, recordDir, path.join(dir, 'pids')],
        {
          cwd: REPO_ROOT,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let output = '';
      host.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const orphan = await until(
        'the first host to report',
        () => {
          const match = /ready (\d+)/.exec(output);
          return match ? Number(match[1]) : 0;
        },
        60_000,
      );
      strays.add(orphan);
      host.kill('SIGKILL');
      await until('the first host to die', () => host.exitCode !== null || host.signalCode !== null);
      // Nothing in the killed host could stop it: the sidecar is still there.
      expect(alive(orphan)).toBe(true);
      const next = supervise([], {}, { recordDir });
      const lease = await next.acquire(signal());
      lease.release();
      expect(alive(orphan)).toBe(false);
      expect(next.pid).not.toBe(orphan);
      expect(fs.existsSync(path.join(recordDir, 'fake.json'))).toBe(true);
    },
  );
});
