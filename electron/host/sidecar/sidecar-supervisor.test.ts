import fs from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../../test-support/poll';
import { RestartPolicy } from '../worker/restart-policy';
import { findFreePort } from './free-port';
import { readStat, treeAlive } from './process-tree';
import { SidecarError } from './sidecar-errors';
import type { SidecarSupervisor } from './sidecar-supervisor';
import { alive, sidecarFixture, signal, speak } from './testing/sidecar-fixture';

const fx = sidecarFixture();
const { supervise, startedPids, strays } = fx;

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
    const readyFile = fx.at('loaded');
    const supervisor = supervise(['--ready-file', readyFile]);
    let lease: Awaited<ReturnType<SidecarSupervisor['acquire']>> | undefined;
    const acquiring = supervisor.acquire(signal()).then((value) => (lease = value));
    await pollUntil(
      () => supervisor.status().logTail.some((l) => l.includes('listening')),
      'the server to listen',
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
    await pollUntil(() => !alive(pid!), 'the stuck server to be gone');
  });

  it('restarts after a crash and serves the next request', async () => {
    const supervisor = supervise(['--crash-after', '1']);
    const first = await supervisor.acquire(signal());
    const firstPid = supervisor.pid!;
    expect((await speak(first.baseUrl)).status).toBe(200);
    await expect(speak(first.baseUrl)).rejects.toThrow();
    first.release();
    await pollUntil(() => supervisor.state === 'crashed', 'the crash to be seen');
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
    await pollUntil(() => !alive(firstPid), 'the hung server to be gone');
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
    await pollUntil(() => supervisor.state === 'stopped', 'the idle stop');
    await pollUntil(() => !alive(pid), 'the idle server to be gone');
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
    await pollUntil(() => supervisor.state === 'stopped', 'the idle stop');
  });

  it('leaves no process on quit: the whole group goes, grandchild and SIGTERM-ignoring ones included', async () => {
    const grandchildFile = fx.at('grandchild');
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
    const grandchildFile = fx.at('grandchild');
    const supervisor = supervise(['--grandchild-pid-file', grandchildFile, '--crash-after', '0']);
    const lease = await supervisor.acquire(signal());
    const grandchild = Number(fs.readFileSync(grandchildFile, 'utf8'));
    strays.add(grandchild);
    await expect(speak(lease.baseUrl)).rejects.toThrow();
    lease.release();
    await pollUntil(() => !alive(grandchild), 'the grandchild to be gone');
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
    const retried = supervise(['--bind-failures', '1', '--state-dir', fx.at('state-a')]);
    const lease = await retried.acquire(signal());
    lease.release();
    expect(startedPids()).toHaveLength(2);

    const stuck = supervise(
      ['--bind-failures', '99', '--state-dir', fx.at('state-b')],
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
    const supervisor = supervise([], { command: [fx.at('no-such-server'), '--port', '{port}'] });
    await expect(supervisor.acquire(signal())).rejects.toMatchObject({
      code: 'sidecar-not-found',
      message: expect.stringMatching(/could not start ".*no-such-server" \(no such program\)/),
    });
  });

  it('a cancelled acquire leaves the start going for others', async () => {
    const readyFile = fx.at('loaded');
    const supervisor = supervise(['--ready-file', readyFile]);
    const controller = new AbortController();
    const cancelled = supervisor.acquire(controller.signal);
    const waiting = supervisor.acquire(signal());
    await pollUntil(() => supervisor.state === 'starting', 'the start');
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
