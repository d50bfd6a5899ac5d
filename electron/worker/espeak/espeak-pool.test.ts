import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { EspeakPool, EspeakThreadError } from './espeak-pool';
import type { EspeakSynthOptions } from './espeak-wasm';

const pools: EspeakPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.dispose();
});

function pool(size: number): EspeakPool {
  const created = new EspeakPool(size);
  pools.push(created);
  return created;
}

const male: EspeakSynthOptions = { voice: 'en-us+m3', wordsPerMinute: 175, pitch: 50 };
const other: EspeakSynthOptions = { voice: 'en-gb-x-rp+m6', wordsPerMinute: 190, pitch: 58 };
const LONG = 'This sentence is here to keep espeak busy for a while. '.repeat(30);

async function render(
  target: EspeakPool,
  text: string,
  options: EspeakSynthOptions,
  signal = new AbortController().signal,
) {
  const blocks: Float32Array[] = [];
  const result = await target.synthesize(text, options, signal, (pcm) => blocks.push(pcm));
  const pcm = new Float32Array(blocks.reduce((sum, block) => sum + block.length, 0));
  let offset = 0;
  for (const block of blocks) {
    pcm.set(block, offset);
    offset += block.length;
  }
  return { ...result, pcm };
}

function threadsOf(target: EspeakPool): Worker[] {
  return [...(target as unknown as { threads: Set<{ worker: Worker }> }).threads].map((t) => t.worker);
}

describe('EspeakPool', () => {
  it('renders two requests at once on two threads, sample for sample as one thread does one after another', async () => {
    const serial = pool(1);
    const a1 = await render(serial, 'Good evening, and welcome to the show.', male);
    const b1 = await render(serial, 'Thank you. It is a pleasure to be here again!', other);
    expect(serial.threadCount).toBe(1);

    const parallel = pool(2);
    const [a2, b2] = await Promise.all([
      render(parallel, 'Good evening, and welcome to the show.', male),
      render(parallel, 'Thank you. It is a pleasure to be here again!', other),
    ]);
    expect(parallel.threadCount).toBe(2);
    expect(a1.pcm.length).toBeGreaterThan(22_050);
    expect(Buffer.from(a2.pcm.buffer).equals(Buffer.from(a1.pcm.buffer))).toBe(true);
    expect(Buffer.from(b2.pcm.buffer).equals(Buffer.from(b1.pcm.buffer))).toBe(true);
    expect(a2.cancelled).toBe(false);
  });

  it('stops a running request at its next block and drops a queued one, both as cancelled', async () => {
    const target = pool(1);
    const full = await render(target, LONG, male);
    const running = new AbortController();
    const queued = new AbortController();
    // Cancelled as its first block arrives (no clock: a busy machine decides nothing here).
    let delivered = 0;
    const first = target.synthesize(LONG, male, running.signal, (pcm) => {
      delivered += pcm.length;
      running.abort();
    });
    const second = render(target, LONG, male, queued.signal);
    queued.abort();
    const [stopped, dropped] = await Promise.all([first, second]);
    expect(stopped.cancelled).toBe(true);
    expect(delivered).toBeGreaterThan(0);
    expect(delivered).toBeLessThan(full.pcm.length / 2);
    expect(dropped).toMatchObject({ cancelled: true });
    expect(dropped.pcm.length).toBe(0);
    // The thread is free again and renders the next request whole.
    expect((await render(target, 'Still here.', male)).cancelled).toBe(false);
  });

  it('fails an unknown voice with its own code, and keeps the thread', async () => {
    const target = pool(1);
    await expect(render(target, 'Hello.', { ...male, voice: 'xx-nope' })).rejects.toMatchObject({
      code: 'unknown-voice',
      message: expect.stringContaining('xx-nope'),
    });
    expect((await render(target, 'Hello.', male)).pcm.length).toBeGreaterThan(0);
    expect(target.threadCount).toBe(1);
  });

  it('fails only the request of a thread that dies, and starts a fresh thread for the next', async () => {
    const target = pool(2);
    const reference = await render(target, 'After the crash.', male);
    const doomed = render(target, LONG, male);
    const survivor = render(target, LONG, other);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const busy = threadsOf(target);
    expect(busy).toHaveLength(2);
    await busy[0]!.terminate();
    const outcomes = await Promise.allSettled([doomed, survivor]);
    const failed = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect((failed[0] as PromiseRejectedResult).reason).toBeInstanceOf(EspeakThreadError);
    expect(((failed[0] as PromiseRejectedResult).reason as Error).message).toMatch(/espeak thread stopped/);
    const again = await render(target, 'After the crash.', male);
    expect(Buffer.from(again.pcm.buffer).equals(Buffer.from(reference.pcm.buffer))).toBe(true);
  });

  it('rejects what waits when disposed, and everything after', async () => {
    const target = pool(1);
    const running = expect(render(target, LONG, male)).rejects.toThrow(/shut down/);
    const waiting = expect(render(target, 'Never rendered.', male)).rejects.toThrow(/shut down/);
    await target.dispose();
    await running;
    await waiting;
    await expect(render(target, 'Too late.', male)).rejects.toThrow(/shut down/);
  });

  it('refuses a pool without threads', () => {
    expect(() => new EspeakPool(0)).toThrow(/1 or more/);
  });
});

describe('the bundled voices', () => {
  it('every voice the app offers renders audible speech, and each sounds different', async () => {
    const { ESPEAK_VOICES } = await import('../../../shared/model/espeak-voices');
    const target = pool(1);
    const fingerprints = new Set<string>();
    for (const voice of ESPEAK_VOICES) {
      const { pcm } = await render(target, 'Every voice has to speak.', {
        voice: voice.id,
        wordsPerMinute: 175,
        pitch: 50,
      });
      let energy = 0;
      for (const v of pcm) energy += v * v;
      const rms = Math.sqrt(energy / Math.max(1, pcm.length));
      expect(pcm.length, voice.id).toBeGreaterThan(11_025);
      expect(rms, voice.id).toBeGreaterThan(0.01);
      fingerprints.add(`${pcm.length}:${rms.toFixed(5)}`);
    }
    expect(fingerprints.size).toBe(ESPEAK_VOICES.length);
  });

  it('reads "en-gb" (a language tag earlier versions offered as a voice) as British English', async () => {
    const target = pool(1);
    const alias = await render(target, 'Hello there.', { voice: 'en-gb+f5', wordsPerMinute: 175, pitch: 50 });
    const voice = await render(target, 'Hello there.', { voice: 'en+f5', wordsPerMinute: 175, pitch: 50 });
    expect(Array.from(alias.pcm)).toEqual(Array.from(voice.pcm));
  });
});
