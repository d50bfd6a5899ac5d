/**
 * The Pocket TTS engine on graphs built with the published names, shapes and loop semantics
 * (pocket-test-models.ts): a voice cloned from a clip, the KV cache carried on the onnxruntime thread,
 * the end signal and the frames after it, the hard step limit, cancel mid-loop, non-finite output,
 * seeds, and the clip encoded once (memory, then disk).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SynthesizeRequest } from '../../shared/protocol/worker-protocol';
import { EngineError } from '../../electron/worker/engines/engine';
import { OnnxRuntime } from '../../electron/worker/engines/onnx/onnx-runtime';
import { PocketEngine } from '../../electron/worker/engines/pocket/pocket-engine';
import { SentencePieceTokenizer } from '../../electron/worker/engines/pocket/sentencepiece';
import {
  framesAfterEos,
  maxPocketFrames,
  preparePocketText,
} from '../../electron/worker/engines/pocket/pocket-text';
import { POCKET_TEST_TOKENIZER, clipWav, pocketSpec, writePocketTestPack } from './pocket-test-pack';
import { concat, makeTempDir, neverAborted, rms } from './test-helpers';
import { writeNpyFloat32 } from './zip-writer';

const temp = makeTempDir('pocket-engine');
const packs = {
  normal: path.join(temp.dir, 'pocket'),
  endless: path.join(temp.dir, 'endless'),
  broken: path.join(temp.dir, 'broken'),
};
const clips = { quiet: path.join(temp.dir, 'quiet.wav'), loud: path.join(temp.dir, 'loud.wav') };
const tokenizer = SentencePieceTokenizer.fromModel(fs.readFileSync(POCKET_TEST_TOKENIZER));
const runtime = new OnnxRuntime({ cpuCount: 1 });
const engine = new PocketEngine({ runtime });

beforeAll(async () => {
  await writePocketTestPack(packs.normal);
  await writePocketTestPack(packs.endless, { neverEnds: true });
  await writePocketTestPack(packs.broken, { nanAfterFrames: 3 });
  fs.writeFileSync(clips.quiet, clipWav(4, 0.05));
  fs.writeFileSync(clips.loud, clipWav(4, 0.6));
});

afterAll(async () => {
  await engine.dispose();
  temp.cleanup();
});

function request(text: string, extra: Partial<SynthesizeRequest> = {}): SynthesizeRequest {
  return {
    engine: 'pocket-tts',
    model: pocketSpec('pocket-test', packs.normal),
    voice: 'clip',
    params: { ratePercent: 100, pitchSemitones: 0 },
    text,
    reference: { sha256: 'a'.repeat(64), path: clips.loud },
    chunkIndex: 0,
    ...extra,
  };
}

async function render(req: SynthesizeRequest, on: PocketEngine = engine, signal = neverAborted) {
  const parts: Float32Array[] = [];
  const { sampleRate } = await on.synthesize(req, signal, (pcm) => parts.push(pcm));
  return { sampleRate, audio: concat(parts), frames: parts.length };
}

/** Frames the test graph makes for a text: the end signal after 2 frames per token, then the tail. */
function expectedFrames(text: string): number {
  const prepared = preparePocketText(text, false);
  return 2 * tokenizer.encode(prepared).length - 1 + framesAfterEos(prepared);
}

describe('Pocket TTS engine', () => {
  it('clones a voice from a clip and stops the frames after the end signal that follow from the text', async () => {
    const text = 'Welcome back to the show';
    const { sampleRate, audio, frames } = await render(request(text));
    expect(sampleRate).toBe(24_000);
    expect(frames).toBe(expectedFrames(text));
    expect(audio.length).toBe(frames * 1920);
    expect(rms(audio)).toBeGreaterThan(0.1);
    // Longer text, longer speech: the cache counted the tokens.
    const longer = await render(request('Welcome back to the show, everyone, on this quiet evening.'));
    expect(longer.frames).toBe(expectedFrames('Welcome back to the show, everyone, on this quiet evening.'));
    expect(longer.frames).toBeGreaterThan(frames);
  });

  it('is deterministic: the same seed gives the same samples, another seed others', async () => {
    const seeded = (seed?: number) =>
      request('Hello world.', {
        params: { ratePercent: 100, pitchSemitones: 0, ...(seed === undefined ? {} : { seed }) },
      });
    const a = await render(seeded(7));
    const b = await render(seeded(7));
    const c = await render(seeded(8));
    expect(Buffer.from(b.audio.buffer).equals(Buffer.from(a.audio.buffer))).toBe(true);
    expect(Buffer.from(c.audio.buffer).equals(Buffer.from(a.audio.buffer))).toBe(false);
    // No seed: one derived from model, voice and text, the same every time.
    const d = await render(seeded());
    const e = await render(seeded());
    expect(Buffer.from(e.audio.buffer).equals(Buffer.from(d.audio.buffer))).toBe(true);
  });

  it('makes another voice from another clip, and from the pack’s reference sample', async () => {
    const loud = await render(
      request('Hello world.', { params: { ratePercent: 100, pitchSemitones: 0, seed: 1 } }),
    );
    const quiet = await render(
      request('Hello world.', {
        params: { ratePercent: 100, pitchSemitones: 0, seed: 1 },
        reference: { sha256: 'b'.repeat(64), path: clips.quiet },
      }),
    );
    expect(quiet.audio.length).toBe(loud.audio.length);
    expect(Buffer.from(quiet.audio.buffer).equals(Buffer.from(loud.audio.buffer))).toBe(false);
    const { reference: _omit, ...rest } = request('Hello world.');
    const sample = await render({ ...rest, voice: 'reference_sample' });
    expect(rms(sample.audio)).toBeGreaterThan(0.1);
    await expect(render({ ...rest, voice: 'nobody' })).rejects.toMatchObject({ code: 'unknown-voice' });
  });

  it('encodes a clip once: later chunks reuse it, and a new worker reads it from the voice cache', async () => {
    const cacheDir = path.join(temp.dir, 'voice-cache');
    const own = new PocketEngine({ runtime: new OnnxRuntime({ cpuCount: 1 }) });
    const spec = pocketSpec('pocket-cache', packs.normal, { voiceCacheDir: cacheDir });
    const clip = { sha256: 'c'.repeat(64), path: clips.loud };
    await render(request('One.', { model: spec, reference: clip }), own);
    await render(request('Two sentences here.', { model: spec, reference: clip }), own);
    expect(own.voices.encodeCount).toBe(1);
    expect(fs.existsSync(path.join(cacheDir, 'test-pocket-cache', `${'c'.repeat(64)}.emb`))).toBe(true);
    await own.dispose();
    const restarted = new PocketEngine({ runtime: new OnnxRuntime({ cpuCount: 1 }) });
    const again = await render(request('One.', { model: spec, reference: clip }), restarted);
    expect(restarted.voices.encodeCount).toBe(0);
    expect(again.frames).toBe(expectedFrames('One.'));
    await restarted.dispose();
  });

  it('fails a chunk that never signals its end at the step limit its length allows, saying so', async () => {
    const text = 'This model never stops talking.';
    const parts: Float32Array[] = [];
    const error = await engine
      .synthesize(
        request(text, { model: pocketSpec('pocket-endless', packs.endless) }),
        neverAborted,
        (pcm) => parts.push(pcm),
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('engine-failed');
    const tokens = tokenizer.encode(preparePocketText(text, false)).length;
    expect((error as Error).message).toContain(`within ${maxPocketFrames(tokens)} frames`);
    expect((error as Error).message).toMatch(/never signalled the end of speech/);
    expect(parts.length).toBe(maxPocketFrames(tokens));
  });

  it('stops between steps when cancelled mid-loop', async () => {
    const controller = new AbortController();
    let frames = 0;
    const error = await engine
      .synthesize(
        request('A sentence long enough to take many frames, and then some more.'),
        controller.signal,
        () => {
          frames += 1;
          if (frames === 3) controller.abort();
        },
      )
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('cancelled');
    expect(frames).toBe(3);
    // The engine is usable afterwards (the working state was released, the voice state kept).
    const after = await render(request('Hello world.'));
    expect(after.frames).toBe(expectedFrames('Hello world.'));
  });

  it('fails the chunk when the model gives NaN', async () => {
    await expect(
      render(request('Hello world, hello again.', { model: pocketSpec('pocket-broken', packs.broken) })),
    ).rejects.toMatchObject({
      code: 'engine-failed',
      message: expect.stringMatching(/non-finite conditioning at frame 3/),
    });
  });

  it('follows a bundle.json: its state manifest and the BOS rows it puts before the voice', async () => {
    const dir = path.join(temp.dir, 'bundle');
    await writePocketTestPack(dir);
    const base = pocketSpec('pocket-bundle', dir);
    const plain = await render(request('Hello world.', { model: base }));
    // The manifest starts the cache at ones: a text token and a frame already counted (2 frames per
    // token, less the one counted), so one frame more before the end signal.
    fs.writeFileSync(
      path.join(dir, 'bundle.json'),
      JSON.stringify({
        flow_lm_state_manifest: [
          { input_name: 'state_0', dtype: 'float32', shape: [2, 1, 8, 2, 4], fill: 'ones' },
          { input_name: 'state_1', dtype: 'float32', shape: [0], fill: 'empty' },
          { input_name: 'state_2', dtype: 'int64', shape: [1], fill: 'zeros' },
          { input_name: 'state_3', dtype: 'float32', shape: [2, 1, 8, 2, 4], fill: 'zeros' },
          { input_name: 'state_4', dtype: 'float32', shape: [0], fill: 'empty' },
          { input_name: 'state_5', dtype: 'int64', shape: [1], fill: 'zeros' },
        ],
      }),
    );
    const manifested = await render(
      request('Hello world.', {
        model: pocketSpec('pocket-bundle-manifest', dir, {
          files: { ...base.files, bundle: path.join(dir, 'bundle.json') },
        }),
      }),
    );
    expect(manifested.frames).toBe(plain.frames + 1);
    // BOS rows before the voice change what the backbone was prompted with, so the voice.
    const bos = new Float32Array(16).fill(0);
    bos[1] = 5;
    fs.writeFileSync(path.join(dir, 'bos.npy'), writeNpyFloat32([1, 1, 16], bos));
    fs.writeFileSync(path.join(dir, 'bundle.json'), JSON.stringify({ insert_bos_before_voice: true }));
    const withBos = await render(
      request('Hello world.', {
        model: pocketSpec('pocket-bundle-bos', dir, {
          files: {
            ...base.files,
            bundle: path.join(dir, 'bundle.json'),
            bos_before_voice: path.join(dir, 'bos.npy'),
          },
        }),
      }),
    );
    expect(withBos.frames).toBe(plain.frames);
    expect(Buffer.from(withBos.audio.buffer).equals(Buffer.from(plain.audio.buffer))).toBe(false);
  });

  it('describes the pack: 24 kHz, its reference sample as a voice, a memory estimate', async () => {
    const description = await engine.describe(pocketSpec('pocket-describe', packs.normal));
    expect(description.sampleRate).toBe(24_000);
    expect(description.voices.map((voice) => voice.id)).toEqual(['reference_sample']);
    expect(description.memoryEstimateBytes).toBeGreaterThan(64 * 1024 * 1024);
  });
});
