/** Host engines (speech servers) through the render queue: the same cache, checks and progress as every engine. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderProgress } from '../../../shared/api/studio-api';
import type { VoiceRef } from '../../../shared/model/voice';
import type { HostEngine, HostSynthesis } from '../speech-server/server-engine';
import { ServerEngineError } from '../speech-server/server-engine';
import type { WorkerHost } from '../worker/worker-host';
import { RenderService } from './render-service';
import { takeKey } from './take-key';
import { TakeStore, takeOf } from './take-store';

const RATE = 24_000;
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

/** Speech-like audio: a tone of 60 ms per character. */
function speech(text: string): Float32Array {
  return Float32Array.from(
    { length: Math.round((text.length * 60 * RATE) / 1000) },
    (_, i) => 0.3 * Math.sin(i / 5),
  );
}

/** Speech-like for take QA: a tone cut into syllables, four a second, with gaps between them. */
function syllables(seconds: number): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * RATE) }, (_, i) => {
    const t = i / RATE;
    return 0.3 * Math.sin(2 * Math.PI * 180 * t) * Math.max(0, Math.sin(2 * Math.PI * 4 * t)) ** 2;
  });
}

class FakeHostEngine implements HostEngine {
  readonly id = 'lab';
  sampling: { seed: boolean; guidance: boolean } | undefined;
  readonly calls: { text: string; voice: VoiceRef }[] = [];
  answer: (text: string) => Promise<HostSynthesis> = async (text) => ({
    pcm: speech(text),
    sampleRate: RATE,
    renderedBy: 'http://127.0.0.1:9',
  });

  describe() {
    return {
      id: 'lab',
      label: 'lab',
      sampleRate: RATE,
      voices: [],
      maxChunkChars: 400,
      parallelCalls: 3,
      device: 'cpu' as const,
      memoryEstimateBytes: 0,
      ...(this.sampling ? { sampling: this.sampling } : {}),
    };
  }

  synthesize(text: string, voice: VoiceRef): Promise<HostSynthesis> {
    this.calls.push({ text, voice });
    return this.answer(text);
  }
}

async function setup() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'host-engine-'));
  dirs.push(dir);
  const engine = new FakeHostEngine();
  // The worker is never asked: every call would throw.
  const worker = new Proxy(
    {},
    {
      get: () => {
        throw new Error('the worker was used');
      },
    },
  ) as unknown as WorkerHost;
  const render = new RenderService({
    worker,
    hostEngine: async (id) => (id === 'lab' ? engine : undefined),
    resolveModel: async () => undefined,
  });
  const events: RenderProgress[] = [];
  render.events.on('progress', (event) => events.push(event));
  return { engine, render, store: new TakeStore(path.join(dir, 'takes')), events };
}

const voice: VoiceRef = {
  engine: 'lab',
  model: 'fake-tts',
  voice: 'alloy',
  params: { ratePercent: 100, pitchSemitones: 0 },
};

describe('RenderService with a host engine', () => {
  it('renders through it without the worker, records the endpoint, and serves the take from the cache next time', async () => {
    const { engine, render, store, events } = await setup();
    const requests = [
      { segmentId: 's1', text: 'Hello there. How are you today?', voice },
      { segmentId: 's2', text: 'Fine, thanks for asking.', voice },
    ];
    const takes = await render.startJob(store, requests).done;
    expect(takes.size).toBe(2);
    expect(takes.get('s1')?.renderedBy).toEqual(['http://127.0.0.1:9']);
    expect(events.filter((event) => event.status === 'done').map((event) => event.renderedBy)).toEqual([
      'http://127.0.0.1:9',
      'http://127.0.0.1:9',
    ]);
    expect(engine.calls.map((call) => call.text)).toEqual([
      'Hello there.',
      'How are you today?',
      'Fine, thanks for asking.',
    ]);
    await render.startJob(store, requests).done;
    expect(engine.calls).toHaveLength(3);
    expect(events.filter((event) => event.status === 'cached')).toHaveLength(2);
  });

  it('caches nothing from a failed request and reports what the server did', async () => {
    const { engine, render, store, events } = await setup();
    engine.answer = async () => {
      throw new ServerEngineError(
        'engine-failed',
        'lab could not render "Hello" in 6 attempts; last: http://127.0.0.1:9: the server answered 500: CUDA out of memory',
      );
    };
    const request = { segmentId: 's1', text: 'Hello.', voice };
    const takes = await render.startJob(store, [request]).done;
    expect(takes.size).toBe(0);
    expect(events.find((event) => event.status === 'failed')?.error?.message).toMatch(
      /answered 500: CUDA out of memory/,
    );
    // Not retried by the queue: the engine did its own retries.
    expect(engine.calls).toHaveLength(1);
    expect(await store.get(takeKey(voice, request.text))).toBeUndefined();
  });

  it('checks the audio like every chunk: silence from the server fails with where it came from', async () => {
    const { engine, render, store, events } = await setup();
    engine.answer = async () => ({
      pcm: new Float32Array(RATE),
      sampleRate: RATE,
      renderedBy: 'http://10.0.0.5:8000',
    });
    const takes = await render.startJob(store, [{ segmentId: 's1', text: 'Hello.', voice }]).done;
    expect(takes.size).toBe(0);
    expect(events.find((event) => event.status === 'failed')?.error?.message).toMatch(
      /silence .*\(from http:\/\/10\.0\.0\.5:8000\)/,
    );
  });

  it('renders up to the pool capacity of turns at once', async () => {
    const { engine, render, store } = await setup();
    let inFlight = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    engine.answer = async (text) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => gates.push(resolve));
      inFlight -= 1;
      return { pcm: speech(text), sampleRate: RATE, renderedBy: 'a' };
    };
    const requests = Array.from({ length: 6 }, (_, i) => ({
      segmentId: `s${i}`,
      text: `Turn number ${i} is here.`,
      voice,
    }));
    const done = render.startJob(store, requests).done;
    await expect.poll(() => gates.length).toBe(3);
    let finished = false;
    void done.finally(() => (finished = true));
    while (!finished) {
      gates.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect((await done).size).toBe(6);
    expect(most).toBe(3);
  });

  it('keys a take by its seed where one is set (and as before where none is)', () => {
    const seeded = { ...voice, params: { ...voice.params, seed: 7 } };
    expect(takeKey(seeded, 'Hi.')).not.toBe(takeKey(voice, 'Hi.'));
    expect(takeKey(seeded, 'Hi.')).not.toBe(
      takeKey({ ...voice, params: { ...voice.params, seed: 8 } }, 'Hi.'),
    );
    expect(takeKey(voice, 'Hi.')).toBe(
      takeKey({ ...voice, params: { ratePercent: 100, pitchSemitones: 0 } }, 'Hi.'),
    );
  });

  it('keeps every key made before CFG scale and steps existed (golden keys from the earlier code)', () => {
    expect(takeKey(voice, 'Hi.')).toBe('3ac247c9be85dd160200517c34b11eca');
    expect(takeKey({ ...voice, params: { ...voice.params, seed: 7 } }, 'Hi.')).toBe(
      'ec753298ce568460b0f2dc9abe6f942d',
    );
    const espeak: VoiceRef = {
      engine: 'espeak',
      voice: 'en-us',
      params: { ratePercent: 110, pitchSemitones: -2 },
    };
    expect(takeKey(espeak, 'Hello there.')).toBe('000403ee45b3a601223eb6280974aec0');
  });

  it('keys a take by CFG scale and diffusion steps where set, each apart from a seed', () => {
    const withParams = (params: Partial<VoiceRef['params']>) => ({
      ...voice,
      params: { ...voice.params, ...params },
    });
    const keys = [
      takeKey(voice, 'Hi.'),
      takeKey(withParams({ cfgScale: 1.3 }), 'Hi.'),
      takeKey(withParams({ cfgScale: 1.35 }), 'Hi.'),
      takeKey(withParams({ diffusionSteps: 10 }), 'Hi.'),
      takeKey(withParams({ diffusionSteps: 20 }), 'Hi.'),
      takeKey(withParams({ seed: 10 }), 'Hi.'),
      takeKey(withParams({ cfgScale: 1.3, diffusionSteps: 10, seed: 10 }), 'Hi.'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    // A scale is keyed in hundredths: float noise from a slider does not make a new take.
    expect(takeKey(withParams({ cfgScale: 0.1 + 0.2 + 1 }), 'Hi.')).toBe(
      takeKey(withParams({ cfgScale: 1.3 }), 'Hi.'),
    );
  });

  it('records the seed on the take and flags a long stretch of non-speech where the engine samples', async () => {
    const { engine, render, store } = await setup();
    engine.sampling = { seed: true, guidance: true };
    const seeded = { ...voice, params: { ...voice.params, seed: 4242 } };
    const words = syllables(2);
    const music = Float32Array.from({ length: 8 * RATE }, (_, i) =>
      i < words.length ? words[i]! : 0.3 * Math.sin((2 * Math.PI * 440 * i) / RATE),
    );
    engine.answer = async (text) => ({
      pcm: text.startsWith('Music') ? music : syllables(Math.max(1, text.length * 0.06)),
      sampleRate: RATE,
      renderedBy: 'http://127.0.0.1:9',
    });
    const takes = await render.startJob(store, [
      { segmentId: 'speech', text: 'Hello there, how are you doing on this fine evening?', voice: seeded },
      { segmentId: 'music', text: 'Music plays where words should be.', voice: seeded },
    ]).done;
    expect(takeOf(takes.get('speech')!)).toMatchObject({ seed: 4242 });
    expect(takeOf(takes.get('speech')!).nonSpeech).toBeUndefined();
    const flagged = takeOf(takes.get('music')!);
    expect(flagged.seed).toBe(4242);
    expect(flagged.nonSpeech?.durationMs).toBeGreaterThanOrEqual(5000);
    expect(flagged.nonSpeech?.startMs).toBeLessThanOrEqual(3000);
    // Read back from the cache, the flag and the seed are still there.
    expect(takeOf((await store.get(flagged.hash))!)).toEqual(flagged);

    // A deterministic engine's takes are not checked (nothing there samples).
    engine.sampling = undefined;
    const plain = await render.startJob(store, [
      { segmentId: 'music', text: 'Music plays where words should be.', voice },
    ]).done;
    expect(takeOf(plain.get('music')!).nonSpeech).toBeUndefined();
  });
});
