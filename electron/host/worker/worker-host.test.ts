import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SynthesizeResult, WorkerRequest } from '../../../shared/protocol/worker-protocol';
import { RestartPolicy } from './restart-policy';
import { WorkerCallError } from './worker-errors';
import { WorkerHost } from './worker-host';

const hosts: WorkerHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.dispose()));
});

function makeHost(env: NodeJS.ProcessEnv = {}, options: ConstructorParameters<typeof WorkerHost>[0] = {}) {
  const host = new WorkerHost({
    env: { ROUNDTABLE_FAULTS: '', ROUNDTABLE_FAULTS_STATE: '', ...env },
    ...options,
  });
  hosts.push(host);
  return host;
}

const synth = (text: string, chunkIndex = 0): WorkerRequest => ({
  type: 'synthesize',
  request: {
    engine: 'espeak',
    voice: 'en-us+m3',
    params: { ratePercent: 100, pitchSemitones: 0 },
    text,
    chunkIndex,
  },
});

async function render(host: WorkerHost, text: string) {
  const blocks: Float32Array[] = [];
  const result = await host.call<SynthesizeResult>(synth(text), { onAudio: (pcm) => blocks.push(pcm) });
  const received = blocks.reduce((sum, block) => sum + block.length, 0);
  return { result, received };
}

describe('WorkerHost with the real worker process', () => {
  it('streams espeak audio whose length matches the reported total', async () => {
    const host = makeHost();
    const { result, received } = await render(host, 'Hello from the inference worker.');
    expect(result.sampleRate).toBe(22050);
    expect(received).toBe(result.totalSamples);
    expect(received).toBeGreaterThan(22050); // over a second of speech
  });

  it('rejects an unknown voice with a typed error and stays up', async () => {
    const host = makeHost();
    const request = synth('Hi');
    if (request.type !== 'synthesize') throw new Error('unreachable');
    request.request.voice = 'xx-nope';
    await expect(host.call(request)).rejects.toMatchObject({ code: 'unknown-voice' });
    const { received } = await render(host, 'Still here.');
    expect(received).toBeGreaterThan(0);
  });

  it('turns a native abort into worker-crashed and serves the next call from a new process', async () => {
    const state = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rt-faults-')), 'fired');
    const host = makeHost({ ROUNDTABLE_FAULTS: 'abort@chunk:1', ROUNDTABLE_FAULTS_STATE: state });
    const crashed: string[] = [];
    host.events.on('crashed', (event) => crashed.push(event.reason));
    await expect(render(host, 'This one dies.')).rejects.toMatchObject({ code: 'worker-crashed' });
    const firstPid = crashed.length;
    const { received } = await render(host, 'This one lives.');
    expect(received).toBeGreaterThan(0);
    expect(firstPid).toBe(1);
    expect(crashed[0]).toMatch(/SIGABRT|code/);
  });

  it('detects a hang through missing heartbeats and recovers', async () => {
    const state = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rt-faults-')), 'fired');
    const host = makeHost(
      { ROUNDTABLE_FAULTS: 'hang@chunk:1', ROUNDTABLE_FAULTS_STATE: state },
      { hangTimeoutMs: 3000 },
    );
    // No deadline on the call: only the missing heartbeats can end it as worker-hung (how soon depends on
    // the machine's load, so it is not timed here).
    await expect(render(host, 'This one hangs.')).rejects.toMatchObject({ code: 'worker-hung' });
    const { received } = await render(host, 'Recovered.');
    expect(received).toBeGreaterThan(0);
  });

  it('gives up after the restart budget with a clear message', async () => {
    const host = makeHost(
      { ROUNDTABLE_FAULTS: 'exit@chunk:1' },
      { restartPolicy: new RestartPolicy(2, 60_000) },
    );
    const reasons: string[] = [];
    host.events.on('gave-up', (event) => reasons.push(event.reason));
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(render(host, 'Crash.')).rejects.toMatchObject({ code: 'worker-crashed' });
    }
    const error = await render(host, 'Crash.').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkerCallError);
    expect((error as WorkerCallError).code).toBe('worker-unavailable');
    expect(reasons[0]).toMatch(/2 times/);
  });
});

describe('WorkerHost when the worker dies while starting', () => {
  it('starts it again within the restart policy, and the call goes through', async () => {
    const state = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rt-faults-')), 'fired');
    const host = makeHost({ ROUNDTABLE_FAULTS: 'abort@start', ROUNDTABLE_FAULTS_STATE: state });
    const crashed: string[] = [];
    host.events.on('crashed', (event) => crashed.push(event.reason));
    const { received } = await render(host, 'Second time lucky.');
    expect(received).toBeGreaterThan(0);
    expect(crashed).toEqual(['the inference worker was killed by SIGABRT']);
    expect(host.restartPolicy.recentRestarts).toBe(1);
  });

  it('gives up like any crash once the budget is spent, saying finished turns are kept', async () => {
    const host = makeHost(
      { ROUNDTABLE_FAULTS: 'exit@start' },
      { restartPolicy: new RestartPolicy(2, 60_000) },
    );
    const crashed: string[] = [];
    host.events.on('crashed', (event) => crashed.push(event.reason));
    const error = await render(host, 'Never.').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkerCallError);
    expect((error as WorkerCallError).code).toBe('worker-unavailable');
    expect((error as WorkerCallError).message).toBe(
      'the inference worker crashed or hung 2 times within 1 minutes; rendering stopped. Finished turns are kept.',
    );
    expect(crashed).toHaveLength(3); // the first start and two restarts
  });

  it('stops waiting for a worker that is shut down before it is ready', async () => {
    const host = makeHost({ ROUNDTABLE_FAULTS: 'hang@start' }, { startupTimeoutMs: 600_000 });
    const call = render(host, 'Never.').catch((caught: unknown) => caught);
    await host.dispose();
    expect(await call).toMatchObject({ code: 'worker-unavailable' });
  });
});

describe('WorkerHost restarts the host asks for', () => {
  it('do not count against the crash budget', async () => {
    const host = makeHost({}, { restartPolicy: new RestartPolicy(1, 60_000) });
    await render(host, 'First.');
    await host.restart('giving GPU memory back');
    await host.restart('giving GPU memory back again');
    const { received } = await render(host, 'Still allowed.');
    expect(received).toBeGreaterThan(0);
    expect(host.restartPolicy.recentRestarts).toBe(0);
  });
});
