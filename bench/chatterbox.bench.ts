/**
 * Chatterbox Turbo loop overhead, in one process. Headline: the engine's whole chunk (text normalised and
 * tokenized, the prompt after the clip's `audio_features`, then per step `language_model` → a sampled token
 * → `embed_tokens` through the onnxruntime thread with the KV cache resident there, cancel and finiteness
 * checks, then `conditional_decoder`) against the same graph calls made with onnxruntime-node directly on
 * this thread, the cache passed back as the tensors onnxruntime returned, the same sampler and seed (so
 * the same tokens). Per generated step, the ratio of the two. The graphs have the published names and
 * cache geometry (24 layers × key and value [1,16,past,64] float32: 196 KB per position, ~30 MB per step
 * at this chunk's length) and width 1024, with a backbone of dense 1024² layers. Runs alternate raw /
 * engine so a busy machine slows both alike.
 *
 *   node bin/run-ts.js bench/run.ts chatterbox
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { BpeTokenizer } from '../electron/worker/engines/chatterbox/bpe-tokenizer';
import {
  CHATTERBOX_DEFAULTS,
  CHATTERBOX_GRAPHS,
  SILENCE_TOKEN,
  START_SPEECH_TOKEN,
  STOP_SPEECH_TOKEN,
} from '../electron/worker/engines/chatterbox/chatterbox-contract';
import { ChatterboxEngine } from '../electron/worker/engines/chatterbox/chatterbox-engine';
import { SeededUniform, chooseToken } from '../electron/worker/engines/chatterbox/chatterbox-sampling';
import { normaliseChatterboxText } from '../electron/worker/engines/chatterbox/chatterbox-text';
import { sessionOptionsFor } from '../electron/worker/engines/onnx/execution-providers';
import { OnnxRuntime } from '../electron/worker/engines/onnx/onnx-runtime';
import { pocketSeed } from '../electron/worker/engines/pocket/pocket-text';
import type { SynthesizeRequest } from '../shared/protocol/worker-protocol';
import {
  chatterboxSpec,
  chatterboxTestTokenizerJson,
  writeChatterboxTestPack,
} from '../test-support/onnx/chatterbox-test-pack';
import { clipWav } from '../test-support/onnx/pocket-test-pack';
import type { BenchOutcome } from './bench-result';
import { headline, median, round1, round3 } from './bench-result';

export interface ChatterboxBenchOptions {
  runs?: number;
  backboneLayers?: number;
}

const TEXT = 'Welcome back to the show, everyone.';
const WIDTH = 1024;
const LAYERS = 24;
const HEADS = 16;

type Feeds = Record<string, Tensor>;

/** The model card's loop as a plain onnxruntime-node caller writes it, with the engine's sampler. */
class RawLoop {
  private constructor(
    private readonly sessions: Record<string, InferenceSession>,
    private readonly voice: Record<string, Tensor>,
    private readonly ids: number[],
  ) {}

  static async open(dir: string, ids: number[], clip: Float32Array): Promise<RawLoop> {
    const sessions: Record<string, InferenceSession> = {};
    for (const graph of CHATTERBOX_GRAPHS)
      sessions[graph] = await InferenceSession.create(
        path.join(dir, 'onnx', `${graph}.onnx`),
        sessionOptionsFor('cpu'),
      );
    const voice = (await sessions.speech_encoder!.run({
      audio_values: new Tensor('float32', clip, [1, clip.length]),
    })) as Record<string, Tensor>;
    return new RawLoop(sessions, voice, ids);
  }

  /** One chunk; returns the steps taken. */
  async chunk(seed: number): Promise<number> {
    const { embed_tokens: embed, language_model: lm, conditional_decoder: decoder } = this.sessions;
    const ids = new Tensor('int64', BigInt64Array.from(this.ids.map(BigInt)), [1, this.ids.length]);
    const text = (await embed!.run({ input_ids: ids })).inputs_embeds as Tensor;
    const features = this.voice.audio_features!;
    const prompt = new Float32Array(features.data.length + text.data.length);
    prompt.set(features.data as Float32Array);
    prompt.set(text.data as Float32Array, features.data.length);
    let embeds: Tensor = new Tensor('float32', prompt, [1, prompt.length / WIDTH, WIDTH]);
    let past: Feeds = {};
    for (const input of lm!.inputNames)
      if (input.startsWith('past_key_values.'))
        past[input] = new Tensor('float32', new Float32Array(0), [1, HEADS, 0, WIDTH / HEADS]);
    const random = new SeededUniform(seed);
    const history = [START_SPEECH_TOKEN];
    const generated: number[] = [];
    let length = 0;
    for (let step = 0; ; step++) {
      const fed = embeds.dims[1]!;
      const positions = BigInt64Array.from({ length: fed }, (_, i) => BigInt(length + i));
      length += fed;
      const out = await lm!.run({
        ...past,
        inputs_embeds: embeds,
        attention_mask: new Tensor('int64', new BigInt64Array(length).fill(1n), [1, length]),
        position_ids: new Tensor('int64', positions, [1, fed]),
      });
      const next: Feeds = {};
      for (const [name, value] of Object.entries(out))
        if (name.startsWith('present.'))
          next[`past_key_values.${name.slice('present.'.length)}`] = value as Tensor;
      past = next;
      const logits = out.logits as Tensor;
      const vocabulary = logits.dims.at(-1)!;
      const data = logits.data as Float32Array;
      const token = chooseToken(
        data.subarray(data.length - vocabulary),
        history,
        CHATTERBOX_DEFAULTS,
        random,
      );
      history.push(token);
      if (token === STOP_SPEECH_TOKEN) break;
      generated.push(token);
      embeds = (await embed!.run({ input_ids: new Tensor('int64', BigInt64Array.of(BigInt(token)), [1, 1]) }))
        .inputs_embeds as Tensor;
    }
    const prompted = Array.from(this.voice.audio_tokens!.data as BigInt64Array, Number);
    const speech = [...prompted, ...generated, SILENCE_TOKEN, SILENCE_TOKEN, SILENCE_TOKEN];
    await decoder!.run({
      speech_tokens: new Tensor('int64', BigInt64Array.from(speech.map(BigInt)), [1, speech.length]),
      speaker_embeddings: this.voice.speaker_embeddings!,
      speaker_features: this.voice.speaker_features!,
    });
    return generated.length + 1;
  }

  async release(): Promise<void> {
    for (const session of Object.values(this.sessions)) await session.release();
  }
}

export async function benchChatterbox(options: ChatterboxBenchOptions = {}): Promise<BenchOutcome> {
  const runs = options.runs ?? 4;
  const backboneLayers = options.backboneLayers ?? 16;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-chatterbox-'));
  const runtime = new OnnxRuntime({ budgetBytes: 4 * 1024 ** 3 });
  const engine = new ChatterboxEngine({ runtime });
  let raw: RawLoop | undefined;
  try {
    await writeChatterboxTestPack(dir, { width: WIDTH, layers: LAYERS, heads: HEADS, backboneLayers });
    const clipFile = path.join(dir, 'clip.wav');
    const clipBytes = clipWav(5, 0.5);
    fs.writeFileSync(clipFile, clipBytes);
    const clip = new Float32Array((clipBytes.length - 44) / 2).map(
      (_, i) => clipBytes.readInt16LE(44 + i * 2) / 32_768,
    );
    const prepared = normaliseChatterboxText(TEXT);
    const ids = BpeTokenizer.fromJson(chatterboxTestTokenizerJson()).encode(prepared);
    const spec = chatterboxSpec('chatterbox-bench', dir);
    const sha = 'e'.repeat(64);
    const request: SynthesizeRequest = {
      engine: 'chatterbox-turbo',
      model: spec,
      voice: 'clip',
      params: { ratePercent: 100, pitchSemitones: 0, seed: 11 },
      text: TEXT,
      reference: { sha256: sha, path: clipFile },
      chunkIndex: 0,
    };
    raw = await RawLoop.open(dir, ids, clip);
    // The seed the engine derives for this chunk: the same draws, so the same tokens.
    const seed = pocketSeed(11, []);
    let engineSteps = 0;
    const engineChunk = async () => {
      engineSteps = 0;
      await engine.synthesize(request, new AbortController().signal, () => undefined, {
        step: () => (engineSteps += 1),
      });
    };
    // Warm-up: loads, the clip encoded once, first runs.
    await engineChunk();
    const rawSteps = await raw.chunk(seed);
    const rawMs: number[] = [];
    const engineMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      let started = performance.now();
      await raw.chunk(seed);
      rawMs.push(performance.now() - started);
      started = performance.now();
      await engineChunk();
      engineMs.push(performance.now() - started);
    }
    if (engineSteps !== rawSteps)
      throw new Error(`the engine took ${engineSteps} steps and the raw loop ${rawSteps}: not the same work`);
    const rawStep = median(rawMs) / rawSteps;
    const engineStep = median(engineMs) / engineSteps;
    const head = headline(
      { label: 'ChatterboxEngine, per generated step', value: round3(engineStep), unit: 'ms' },
      { label: 'raw session.run loop, per step', value: round3(rawStep), unit: 'ms' },
      { max: 1.1 },
    );
    const lmMiB = Math.round(fs.statSync(spec.files.language_model!).size / 1024 / 1024);
    return {
      title: 'Chatterbox Turbo loop overhead',
      compared:
        'One chunk through ChatterboxEngine (onnxruntime thread, resident KV cache, sampling, checks, decoder) ' +
        'against the same graph calls and sampler used directly with onnxruntime-node on one thread, per generated step.',
      ...head,
      rows: [
        {
          label: 'Graphs',
          value: `language_model ${lmMiB} MiB (${LAYERS} layers of KV cache [1,${HEADS},past,${WIDTH / HEADS}], ${backboneLayers} dense ${WIDTH}² layers), ${ids.length} text tokens, ${engineSteps} steps`,
        },
        { label: 'Raw loop per step (median run / steps)', value: `${round3(rawStep)} ms` },
        { label: 'Engine per step (median run / steps)', value: `${round3(engineStep)} ms` },
        { label: 'Raw chunk (median)', value: `${round1(median(rawMs))} ms` },
        { label: 'Engine chunk (median)', value: `${round1(median(engineMs))} ms` },
      ],
      params: { runs, backboneLayers, width: WIDTH, layers: LAYERS },
      details: {
        rawMs: rawMs.map(round1),
        engineMs: engineMs.map(round1),
        steps: engineSteps,
        tokens: ids.length,
      },
      notes: [
        'Both loops sample with the same seeded sampler (temperature 0.8, top-k 1000, top-p 0.95, repetition penalty 1.2), so its cost is in both; the engine keeps the cache on its thread and sends only an embedding and a row of logits across per step.',
      ],
    };
  } finally {
    await raw?.release();
    await engine.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
