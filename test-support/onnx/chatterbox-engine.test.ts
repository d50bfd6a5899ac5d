/**
 * The Chatterbox Turbo engine on graphs built with the published names, shapes and loop semantics
 * (chatterbox-test-models.ts): a voice cloned from a clip and encoded once (memory, then disk), the KV
 * cache carried on the onnxruntime thread with the positions and attention mask the card's loop feeds,
 * sentences as chunks, seeds, the hard step limit, cancel between steps and non-finite output.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SynthesizeRequest } from '../../shared/protocol/worker-protocol';
import { BpeTokenizer } from '../../electron/worker/engines/chatterbox/bpe-tokenizer';
import { ChatterboxEngine } from '../../electron/worker/engines/chatterbox/chatterbox-engine';
import {
  maxChatterboxSteps,
  normaliseChatterboxText,
} from '../../electron/worker/engines/chatterbox/chatterbox-text';
import { EngineError } from '../../electron/worker/engines/engine';
import { OnnxRuntime } from '../../electron/worker/engines/onnx/onnx-runtime';
import { chatterboxSpec, chatterboxTestTokenizerJson, writeChatterboxTestPack } from './chatterbox-test-pack';
import { clipWav } from './pocket-test-pack';
import { concat, makeTempDir, neverAborted, rms } from './test-helpers';

const temp = makeTempDir('chatterbox-engine');
const packs = {
  normal: path.join(temp.dir, 'chatterbox'),
  endless: path.join(temp.dir, 'endless'),
  broken: path.join(temp.dir, 'broken'),
};
const clips = { quiet: path.join(temp.dir, 'quiet.wav'), loud: path.join(temp.dir, 'loud.wav') };
const tokenizer = BpeTokenizer.fromJson(chatterboxTestTokenizerJson());
const runtime = new OnnxRuntime({ cpuCount: 1 });
const engine = new ChatterboxEngine({ runtime });

beforeAll(async () => {
  await writeChatterboxTestPack(packs.normal);
  await writeChatterboxTestPack(packs.endless, { neverEnds: true });
  await writeChatterboxTestPack(packs.broken, { nanAfterSteps: 2 });
  fs.writeFileSync(clips.quiet, clipWav(4, 0.05));
  fs.writeFileSync(clips.loud, clipWav(4, 0.6));
});

afterAll(async () => {
  await engine.dispose();
  temp.cleanup();
});

function request(text: string, extra: Partial<SynthesizeRequest> = {}): SynthesizeRequest {
  return {
    engine: 'chatterbox-turbo',
    model: chatterboxSpec('chatterbox-test', packs.normal),
    voice: 'clip',
    params: { ratePercent: 100, pitchSemitones: 0 },
    text,
    reference: { sha256: 'a'.repeat(64), path: clips.loud },
    chunkIndex: 0,
    ...extra,
  };
}

async function render(req: SynthesizeRequest, on: ChatterboxEngine = engine, signal = neverAborted) {
  const parts: Float32Array[] = [];
  const { sampleRate } = await on.synthesize(req, signal, (pcm) => parts.push(pcm));
  return { sampleRate, audio: concat(parts), parts };
}

/** Samples the test graphs make for one chunk: 3 speech tokens per text token, then 3 SILENCE, 960 each. */
function expectedSamples(chunk: string): number {
  return (3 * tokenizer.encode(normaliseChatterboxText(chunk)).length + 3) * 960;
}

const same = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer).equals(Buffer.from(b.buffer));

describe('Chatterbox Turbo engine', () => {
  it('clones a voice from a clip, a sentence at a time, each stopping where the model says', async () => {
    const { sampleRate, parts } = await render(request('welcome back to the show. it is good to be here'));
    expect(sampleRate).toBe(24_000);
    expect(parts.map((part) => part.length)).toEqual([
      expectedSamples('welcome back to the show.'),
      expectedSamples('it is good to be here'),
    ]);
    for (const part of parts) expect(rms(part)).toBeGreaterThan(0.1);
    // Normalised as Resemble's punc_norm: capital first letter, a full stop added.
    expect(normaliseChatterboxText('it is good to be here')).toBe('It is good to be here.');
  });

  it('is deterministic: the same seed gives the same samples, another seed others', async () => {
    const seeded = (seed?: number) =>
      request('Hello world, [laugh] hello again.', {
        params: { ratePercent: 100, pitchSemitones: 0, ...(seed === undefined ? {} : { seed }) },
      });
    const a = await render(seeded(7));
    const b = await render(seeded(7));
    const c = await render(seeded(8));
    expect(same(a.audio, b.audio)).toBe(true);
    expect(c.audio.length).toBe(a.audio.length);
    expect(same(a.audio, c.audio)).toBe(false);
    // No seed: one derived from model, voice and text, the same every time.
    expect(same((await render(seeded())).audio, (await render(seeded())).audio)).toBe(true);
    // Greedy decoding (the model card's loop) does not depend on the seed.
    const greedy = new ChatterboxEngine({ runtime, sampling: { temperature: 0 } });
    expect(same((await render(seeded(1), greedy)).audio, (await render(seeded(2), greedy)).audio)).toBe(true);
  });

  it('makes another voice from another clip, and asks for a clip when there is none', async () => {
    const params = { ratePercent: 100, pitchSemitones: 0, seed: 1 };
    const loud = await render(request('Hello world.', { params }));
    const quiet = await render(
      request('Hello world.', { params, reference: { sha256: 'b'.repeat(64), path: clips.quiet } }),
    );
    expect(quiet.audio.length).toBe(loud.audio.length);
    expect(same(quiet.audio, loud.audio)).toBe(false);
    const { reference: _omit, ...rest } = request('Hello world.');
    await expect(render(rest)).rejects.toMatchObject({
      code: 'unknown-voice',
      message: expect.stringMatching(/voice from a clip/),
    });
  });

  it('encodes a clip once: later chunks reuse it, and a new worker reads it from the voice cache', async () => {
    const cacheDir = path.join(temp.dir, 'voice-cache');
    const own = new ChatterboxEngine({ runtime: new OnnxRuntime({ cpuCount: 1 }) });
    const spec = chatterboxSpec('chatterbox-cache', packs.normal, { voiceCacheDir: cacheDir });
    const clip = { sha256: 'c'.repeat(64), path: clips.loud };
    const first = await render(request('One.', { model: spec, reference: clip }), own);
    await render(request('Two sentences. Right here.', { model: spec, reference: clip }), own);
    expect(own.voices.encodeCount).toBe(1);
    expect(fs.existsSync(path.join(cacheDir, 'test-chatterbox-cache', `${'c'.repeat(64)}.cbx`))).toBe(true);
    await own.dispose();
    const restarted = new ChatterboxEngine({ runtime: new OnnxRuntime({ cpuCount: 1 }) });
    const again = await render(request('One.', { model: spec, reference: clip }), restarted);
    expect(restarted.voices.encodeCount).toBe(0);
    expect(same(again.audio, first.audio)).toBe(true);
    await restarted.dispose();
  });

  it('fails a chunk that never gives its stop token at the step limit its length allows, saying so', async () => {
    const text = 'This model never stops talking.';
    let steps = 0;
    const error = await engine
      .synthesize(
        request(text, { model: chatterboxSpec('chatterbox-endless', packs.endless) }),
        neverAborted,
        () => undefined,
        { step: () => (steps += 1) },
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('engine-failed');
    const limit = maxChatterboxSteps(tokenizer.encode(normaliseChatterboxText(text)).length);
    expect((error as Error).message).toContain(`within ${limit} speech tokens`);
    expect((error as Error).message).toMatch(/never gave its stop token/);
    expect(steps).toBe(limit);
  });

  it('stops between steps when cancelled mid-loop, and is usable afterwards', async () => {
    const controller = new AbortController();
    let steps = 0;
    let audio = 0;
    const error = await engine
      .synthesize(
        request('A sentence long enough to take many steps, and then some more.'),
        controller.signal,
        () => (audio += 1),
        {
          step: () => {
            steps += 1;
            if (steps === 5) controller.abort();
          },
        },
      )
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('cancelled');
    expect(steps).toBe(5);
    expect(audio).toBe(0);
    const after = await render(request('Hello world.'));
    expect(after.audio.length).toBe(expectedSamples('Hello world.'));
  });

  it('fails the chunk when the model gives NaN', async () => {
    await expect(
      render(
        request('Hello world, hello again.', { model: chatterboxSpec('chatterbox-broken', packs.broken) }),
      ),
    ).rejects.toMatchObject({
      code: 'engine-failed',
      message: expect.stringMatching(/language_model gave a non-finite logits at step 3/),
    });
  });

  it('describes itself: 24 kHz, voices from clips, a seed, a memory estimate', async () => {
    const description = await engine.describe(chatterboxSpec('chatterbox-describe', packs.normal));
    expect(description.sampleRate).toBe(24_000);
    expect(description.acceptsReferenceClip).toBe(true);
    expect(description.sampling).toEqual({ seed: true, guidance: false });
    expect(description.voices.map((voice) => voice.id)).toEqual(['clip']);
    expect(description.memoryEstimateBytes).toBeGreaterThan(64 * 1024 * 1024);
  });
});
