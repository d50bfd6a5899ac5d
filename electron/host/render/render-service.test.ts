import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderProgress, WatchdogAction } from '../../../shared/api/studio-api';
import type { VoiceRef } from '../../../shared/model/voice';
import { RestartPolicy } from '../worker/restart-policy';
import { WorkerHost } from '../worker/worker-host';
import { RenderService } from './render-service';
import type { TakeRequest } from './render-service';
import { fillDiskAfter } from '../files/testing/fault-fs';
import type { FullDisk } from '../files/testing/fault-fs';
import { parseTempName } from '../files/temp-files';
import { TakeStore } from './take-store';
import { HANG_GUARD_MS, NO_HANG_DETECTION_MS } from '../../../test-support/hang-guard';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-render-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function service(env: NodeJS.ProcessEnv = {}, policy?: RestartPolicy) {
  const worker = new WorkerHost({
    env: { ROUNDTABLE_FAULTS: '', ROUNDTABLE_FAULTS_STATE: '', ...env },
    // No test here is about hangs: a worker starved on a busy machine must not be recycled mid-test.
    hangTimeoutMs: NO_HANG_DETECTION_MS,
    restartPolicy: policy,
  });
  // Shutting down waits for cancelled jobs however slow the machine is (a test says that it waits).
  const render = new RenderService({ worker, shutdownWaitMs: HANG_GUARD_MS });
  cleanups.push(() => worker.dispose());
  cleanups.push(() => render.dispose());
  return { worker, render };
}

const voiceA: VoiceRef = {
  engine: 'espeak',
  voice: 'en-us+m3',
  params: { ratePercent: 100, pitchSemitones: 0 },
};
const voiceB: VoiceRef = {
  engine: 'espeak',
  voice: 'en-gb-x-rp+m6',
  params: { ratePercent: 110, pitchSemitones: 2 },
};
const requests: TakeRequest[] = [
  { segmentId: 't1', text: 'Welcome to the show. Tonight we talk about sound.', voice: voiceA },
  { segmentId: 't2', text: 'Thanks for having me. It is good to be back!', voice: voiceB },
  { segmentId: 't3', text: 'Let us begin with a question, shall we?', voice: voiceA },
  { segmentId: 't4', text: 'Of course. Ask away, and I will do my best.', voice: voiceB },
];

const ONE_THREAD = { ROUNDTABLE_ESPEAK_THREADS: '1' };
const TWO_THREADS = { ROUNDTABLE_ESPEAK_THREADS: '2' };

function sameAudio(actual: Float32Array[], expected: Float32Array[]): void {
  expect(actual.map((pcm) => pcm.length)).toEqual(expected.map((pcm) => pcm.length));
  actual.forEach((pcm, index) =>
    expect(Buffer.from(pcm.buffer).equals(Buffer.from(expected[index]!.buffer)), `turn ${index + 1}`).toBe(
      true,
    ),
  );
}

async function renderAll(render: RenderService, store: TakeStore, list = requests) {
  const events: RenderProgress[] = [];
  const actions: WatchdogAction[] = [];
  const offs = [
    render.events.on('progress', (event) => events.push(event)),
    render.events.on('action', (action) => actions.push(action)),
  ];
  const takes = await render.startJob(store, list).done;
  offs.forEach((off) => off());
  const audio = await Promise.all(
    list.map(async (request) => (await store.read(takes.get(request.segmentId)!.hash)).pcm),
  );
  return { takes, events, actions, audio };
}

describe('RenderService', () => {
  it('renders every turn, then serves an unchanged turn from the cache and re-renders only a changed one', async () => {
    const { render } = service();
    const store = new TakeStore(tempDir());
    const first = await renderAll(render, store);
    expect(first.events.filter((event) => event.status === 'done')).toHaveLength(4);
    for (const pcm of first.audio) {
      expect(pcm.length).toBeGreaterThan(22050);
      // Faded in and out (edge-fades.ts): a take never starts or stops on a step.
      expect([pcm[0], pcm[pcm.length - 1]]).toEqual([0, 0]);
    }

    const edited = requests.map((request) =>
      request.segmentId === 't3' ? { ...request, text: 'Let us begin with a different question.' } : request,
    );
    const second = await renderAll(render, store, edited);
    const statuses = Object.fromEntries(
      second.events
        .filter((e) => e.status === 'done' || e.status === 'cached')
        .map((e) => [e.segmentId, e.status]),
    );
    expect(statuses).toEqual({ t1: 'cached', t2: 'cached', t3: 'done', t4: 'cached' });
    expect(second.takes.get('t3')!.hash).not.toBe(first.takes.get('t3')!.hash);
  });

  // espeak gets one call per turn here (it packs sentences), so each fault hits the second call of a worker
  // process: t2 on the first, t3 on the fresh one after it, t4 on the next; every retry is a first retry.
  // One espeak thread, so one turn renders at a time and each fault hits exactly one call.
  // espeak variants with breath noise (the female ones) keep state outside the engine's memory and are not
  // bit-reproducible across processes; these two voices are, so the episode must match to the sample.
  it('survives two worker aborts and an out-of-memory error with audio identical to an undisturbed render', async () => {
    const clean = service(ONE_THREAD);
    const reference = await renderAll(clean.render, new TakeStore(tempDir()));

    const state = path.join(tempDir(), 'faults');
    const faulty = service({
      ...ONE_THREAD,
      ROUNDTABLE_FAULTS: 'abort@chunk:2,oom@chunk:2,abort@chunk:2',
      ROUNDTABLE_FAULTS_STATE: state,
    });
    const disturbed = await renderAll(faulty.render, new TakeStore(tempDir()));

    expect(fs.readFileSync(state, 'utf8').trim().split('\n')).toHaveLength(3);
    expect(disturbed.actions.filter((action) => action.action === 'retry-chunk')).toHaveLength(3);
    expect(disturbed.events.filter((event) => event.status === 'failed')).toEqual([]);
    sameAudio(disturbed.audio, reference.audio);
  });

  it('renders two turns at once on two espeak threads, reports them in turn order, and sounds the same', async () => {
    const serial = await renderAll(service(ONE_THREAD).render, new TakeStore(tempDir()));
    const parallel = await renderAll(service(TWO_THREADS).render, new TakeStore(tempDir()));
    const order = parallel.events
      .filter((event) => event.status !== 'queued')
      .map((event) => `${event.status}:${event.segmentId}`);
    // t2 starts before t1 is done: two turns were in the worker at once.
    expect(order.indexOf('rendering:t2')).toBeLessThan(order.indexOf('done:t1'));
    expect(order.filter((entry) => entry.startsWith('done:'))).toEqual([
      'done:t1',
      'done:t2',
      'done:t3',
      'done:t4',
    ]);
    expect(
      parallel.events.filter((event) => event.status === 'done').map((event) => event.doneCount),
    ).toEqual([1, 2, 3, 4]);
    sameAudio(parallel.audio, serial.audio);
  });

  it('retries every turn a crash takes down when two render at once, and loses none', async () => {
    const reference = await renderAll(service(ONE_THREAD).render, new TakeStore(tempDir()));
    const faulty = service({
      ...TWO_THREADS,
      ROUNDTABLE_FAULTS: 'abort@chunk:2',
      ROUNDTABLE_FAULTS_STATE: path.join(tempDir(), 'faults'),
    });
    const disturbed = await renderAll(faulty.render, new TakeStore(tempDir()));
    const retries = disturbed.actions.filter((action) => action.action === 'retry-chunk');
    // The abort arrives with t2's call while t1 renders: both are lost with the process, both are retried.
    expect(retries).toHaveLength(2);
    expect(retries.every((action) => /crashed/.test(action.reason))).toBe(true);
    expect(disturbed.events.filter((event) => event.status === 'failed')).toEqual([]);
    sameAudio(disturbed.audio, reference.audio);
  });

  it('stops after the restart budget, keeps finished turns and reports every other turn as failed', async () => {
    const { render } = service(
      { ...ONE_THREAD, ROUNDTABLE_FAULTS: 'exit@chunk:2' },
      new RestartPolicy(2, 60_000),
    );
    const store = new TakeStore(tempDir());
    const events: RenderProgress[] = [];
    render.events.on('progress', (event) => events.push(event));
    const takes = await render.startJob(store, requests).done;
    const final = new Map(
      events.filter((e) => e.status !== 'queued' && e.status !== 'rendering').map((e) => [e.segmentId, e]),
    );
    expect(final.size).toBe(4);
    expect(takes.size).toBeGreaterThanOrEqual(1);
    const failed = [...final.values()].filter((event) => event.status === 'failed');
    expect(failed.length + takes.size).toBe(4);
    expect(failed.at(-1)?.error?.message).toMatch(/2 times|stopped/);
    for (const [segmentId, take] of takes) expect(await store.get(take.hash), segmentId).toBeDefined();
  });

  it('stops at the first full disk: that turn fails naming the file, every later one is cancelled', async () => {
    const { render } = service(ONE_THREAD);
    const dir = tempDir();
    let disk: FullDisk | null = null;
    cleanups.push(() => disk?.restore());
    class FillingStore extends TakeStore {
      puts = 0;
      private first: Promise<unknown> = Promise.resolve();
      override async put(...args: Parameters<TakeStore['put']>) {
        this.puts += 1;
        if (this.puts === 1) {
          const stored = super.put(...args);
          this.first = stored.catch(() => undefined);
          return stored;
        }
        // The disk is full from the second take on (once the first is safely written).
        await this.first;
        disk ??= fillDiskAfter(dir, 0);
        return super.put(...args);
      }
    }
    const store = new FillingStore(dir);
    const events: RenderProgress[] = [];
    render.events.on('progress', (event) => events.push(event));
    const takes = await render.startJob(store, requests).done;
    (disk as FullDisk | null)?.restore();
    const final = events.filter((e) => e.status !== 'queued' && e.status !== 'rendering');
    expect(final.map((e) => `${e.segmentId}:${e.status}`)).toEqual([
      't1:done',
      't2:failed',
      't3:cancelled',
      't4:cancelled',
    ]);
    const failure = final[1]?.error;
    expect(failure?.code).toBe('disk-full');
    expect(failure?.message).toMatch(new RegExp(`^the disk is full: cannot write ${dir}/[0-9a-f]+\\.wav`));
    expect(failure?.hint).toMatch(/^Free /);
    // t3 may already be rendered (and fail to store) while t2 is written; t4 never renders.
    expect(store.puts).toBeLessThanOrEqual(3);
    expect(takes.size).toBe(1);
    expect(fs.readdirSync(dir).filter((name) => parseTempName(name) !== null)).toEqual([]);
  });

  it('waits for a slow disk: a turn starts only once the take two before it is stored', async () => {
    const { render } = service(ONE_THREAD);
    const log: string[] = [];
    // t1's write lasts until t2 is being written too, however long rendering t2 takes on a busy machine
    // (no timer: should t2 never get there, the test's hang guard ends it).
    let releaseT1 = () => {};
    const t1Released = new Promise<void>((resolve) => {
      releaseT1 = resolve;
    });
    class SlowStore extends TakeStore {
      override async put(...args: Parameters<TakeStore['put']>) {
        const turn = requests.find((request) => request.text === args[3].text)!.segmentId;
        log.push(`put:${turn}`);
        if (turn === 't2') releaseT1();
        if (turn === 't1') await t1Released;
        const meta = await super.put(...args);
        log.push(`stored:${turn}`);
        return meta;
      }
    }
    render.events.on('progress', (event) => {
      if (event.status === 'rendering') log.push(`rendering:${event.segmentId}`);
    });
    const takes = await render.startJob(new SlowStore(tempDir()), requests).done;
    expect(takes.size).toBe(4);
    // t2 renders while t1 is written; t3 waits for t1 to be on disk.
    expect(log.indexOf('rendering:t2')).toBeLessThan(log.indexOf('stored:t1'));
    expect(log.indexOf('put:t2')).toBeLessThan(log.indexOf('stored:t1'));
    expect(log.indexOf('rendering:t3')).toBeGreaterThan(log.indexOf('stored:t1'));
  });

  it('pauses between chunks and resumes without losing a turn', async () => {
    const { render } = service();
    const store = new TakeStore(tempDir());
    const finished: string[] = [];
    render.events.on('progress', (event) => event.status === 'done' && finished.push(event.segmentId));
    render.pause('test squeeze');
    const job = render.startJob(store, requests.slice(0, 2));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(finished).toEqual([]);
    render.resume('memory freed');
    const takes = await job.done;
    expect(takes.size).toBe(2);
  });

  it('on shutdown cancels its jobs and returns only once they have ended, with no temporary file left', async () => {
    const { render } = service();
    const dir = tempDir();
    const store = new TakeStore(dir);
    let firstDone!: () => void;
    const oneStored = new Promise<void>((resolve) => (firstDone = resolve));
    render.events.on('progress', (event) => event.status === 'done' && firstDone());
    const job = render.startJob(store, requests);
    let ended = false;
    void job.done.then(
      () => (ended = true),
      () => (ended = true),
    );
    await oneStored;
    await render.dispose();
    expect(ended).toBe(true);
    const left = fs.readdirSync(dir, { recursive: true }).map(String);
    expect(left.filter((name) => parseTempName(path.basename(name)) !== null)).toEqual([]);
  });
});
