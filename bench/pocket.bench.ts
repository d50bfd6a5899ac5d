/**
 * Pocket TTS loop overhead, in one process. Headline: the engine's whole chunk (tokens, text prompt on
 * a copy of the voice's prompted state, then per frame `flow_lm_main` → `flow_lm_flow` → `mimi_decoder`
 * through the onnxruntime thread, the KV cache resident there, cancel and finiteness checks, audio
 * handed out per frame) against the same graph calls made with onnxruntime-node directly on this thread,
 * states carried as tensors, the same noise and the same number of frames. Per generated step, the
 * ratio of the two. The graphs have the published names and the published state sizes (6 layers,
 * KV cache [2,1,1000,16,64] float32 each: 49 MB of state per call) and width 1024, with a backbone of
 * dense 1024² layers so a step costs about what a real int8 step does on a CPU. Runs alternate
 * raw / engine so a busy machine slows both alike.
 *
 *   node bin/run-ts.js bench/run.ts pocket
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { sessionOptionsFor } from '../electron/worker/engines/onnx/execution-providers';
import { OnnxRuntime } from '../electron/worker/engines/onnx/onnx-runtime';
import { POCKET_GRAPHS } from '../electron/worker/engines/pocket/pocket-contract';
import { PocketEngine } from '../electron/worker/engines/pocket/pocket-engine';
import { GaussianNoise, pocketSeed, preparePocketText } from '../electron/worker/engines/pocket/pocket-text';
import { SentencePieceTokenizer } from '../electron/worker/engines/pocket/sentencepiece';
import type { SynthesizeRequest } from '../shared/protocol/worker-protocol';
import {
  POCKET_TEST_TOKENIZER,
  clipWav,
  pocketSpec,
  writePocketTestPack,
} from '../test-support/onnx/pocket-test-pack';
import type { BenchOutcome } from './bench-result';
import { headline, median, round1, round3 } from './bench-result';

export interface PocketBenchOptions {
  runs?: number;
  backboneLayers?: number;
}

const TEXT = 'Welcome back to the show, everyone.';
const WIDTH = 1024;
const LAYERS = 6;
const CACHE = { positions: 1000, heads: 16, headDim: 64 };
const FRAMES_PER_TOKEN = 4;

type Feeds = Record<string, Tensor>;

/** The loop as a plain onnxruntime-node caller writes it: same graphs, same order, same noise. */
class RawLoop {
  private constructor(
    private readonly sessions: Record<string, InferenceSession>,
    private readonly voiceState: Feeds,
    private readonly tokens: number[],
  ) {}

  static async open(dir: string, tokens: number[], clip: Float32Array): Promise<RawLoop> {
    const sessions: Record<string, InferenceSession> = {};
    for (const graph of POCKET_GRAPHS)
      sessions[graph] = await InferenceSession.create(
        path.join(dir, 'onnx', `${graph}.onnx`),
        sessionOptionsFor('cpu'),
      );
    const encoded = await sessions.mimi_encoder!.run({
      audio: new Tensor('float32', clip, [1, 1, clip.length]),
    });
    const conditioning = Object.values(encoded)[0] as Tensor;
    const state = initial(sessions.flow_lm_main!);
    const prompted = await sessions.flow_lm_main!.run({
      ...state,
      sequence: empty(32),
      text_embeddings: conditioning,
    });
    return new RawLoop(sessions, carried(prompted), tokens);
  }

  /** One chunk; returns the frames made. */
  async chunk(seed: number): Promise<number> {
    const main = this.sessions.flow_lm_main!;
    let state: Feeds = {};
    for (const [name, tensor] of Object.entries(this.voiceState))
      state[name] = new Tensor(tensor.type as 'float32', (tensor.data as Float32Array).slice(), tensor.dims);
    let decoder = initial(this.sessions.mimi_decoder!);
    const ids = new Tensor('int64', BigInt64Array.from(this.tokens.map(BigInt)), [1, this.tokens.length]);
    const text = Object.values(await this.sessions.text_conditioner!.run({ token_ids: ids }))[0] as Tensor;
    state = carried(await main.run({ ...state, sequence: empty(32), text_embeddings: text }));
    const noise = new GaussianNoise(seed);
    let latent: Float32Array = new Float32Array(32).fill(Number.NaN);
    let eosStep: number | undefined;
    for (let step = 0; ; step++) {
      const out = await main.run({
        ...state,
        sequence: new Tensor('float32', latent, [1, 1, 32]),
        text_embeddings: empty(WIDTH),
      });
      state = carried(out);
      const eos = (out.eos_logit!.data as Float32Array)[0]!;
      if (eos > -4 && eosStep === undefined) eosStep = step;
      if (eosStep !== undefined && step >= eosStep + 3) return step;
      const x = noise.fill(32, Math.sqrt(0.7));
      const flow = await this.sessions.flow_lm_flow!.run({
        c: out.conditioning!,
        s: new Tensor('float32', Float32Array.of(0), [1, 1]),
        t: new Tensor('float32', Float32Array.of(1), [1, 1]),
        x: new Tensor('float32', x, [1, 32]),
      });
      const v = Object.values(flow)[0]!.data as Float32Array;
      for (let k = 0; k < 32; k++) x[k] = x[k]! + v[k]!;
      const decoded = await this.sessions.mimi_decoder!.run({
        ...decoder,
        latent: new Tensor('float32', x, [1, 1, 32]),
      });
      decoder = carried(decoded);
      latent = x;
    }
  }

  async release(): Promise<void> {
    for (const session of Object.values(this.sessions)) await session.release();
  }
}

function empty(width: number): Tensor {
  return new Tensor('float32', new Float32Array(0), [1, 0, width]);
}

function initial(session: InferenceSession): Feeds {
  const feeds: Feeds = {};
  for (const input of session.inputMetadata) {
    if (!input.name.startsWith('state_') || !input.isTensor) continue;
    const dims = input.shape.map((dim) => (typeof dim === 'number' ? dim : 0));
    const count = dims.reduce((a, b) => a * b, 1);
    if (input.type === 'int64') feeds[input.name] = new Tensor('int64', new BigInt64Array(count), dims);
    else if (input.type === 'bool') feeds[input.name] = new Tensor('bool', new Uint8Array(count), dims);
    else feeds[input.name] = new Tensor('float32', new Float32Array(count), dims);
  }
  return feeds;
}

function carried(outputs: InferenceSession.OnnxValueMapType): Feeds {
  const state: Feeds = {};
  for (const [name, value] of Object.entries(outputs))
    if (name.startsWith('out_state_')) state[name.slice('out_'.length)] = value as Tensor;
  return state;
}

export async function benchPocket(options: PocketBenchOptions = {}): Promise<BenchOutcome> {
  const runs = options.runs ?? 4;
  const backboneLayers = options.backboneLayers ?? 16;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-pocket-'));
  const runtime = new OnnxRuntime({ budgetBytes: 4 * 1024 ** 3 });
  const engine = new PocketEngine({ runtime, sampling: { temperature: 0.7, lsdSteps: 1, eosThreshold: -4 } });
  let raw: RawLoop | undefined;
  try {
    await writePocketTestPack(dir, {
      width: WIDTH,
      layers: LAYERS,
      cache: CACHE,
      framesPerToken: FRAMES_PER_TOKEN,
      backboneLayers,
    });
    const clipFile = path.join(dir, 'clip.wav');
    const clipBytes = clipWav(5, 0.5);
    fs.writeFileSync(clipFile, clipBytes);
    const clip = new Float32Array((clipBytes.length - 44) / 2).map(
      (_, i) => clipBytes.readInt16LE(44 + i * 2) / 32_768,
    );
    const tokenizer = SentencePieceTokenizer.fromModel(fs.readFileSync(POCKET_TEST_TOKENIZER));
    const prepared = preparePocketText(TEXT, false);
    const tokens = tokenizer.encode(prepared);
    const spec = pocketSpec('pocket-bench', dir);
    const request: SynthesizeRequest = {
      engine: 'pocket-tts',
      model: spec,
      voice: 'clip',
      params: { ratePercent: 100, pitchSemitones: 0, seed: 11 },
      text: TEXT,
      reference: { sha256: 'e'.repeat(64), path: clipFile },
      chunkIndex: 0,
    };
    raw = await RawLoop.open(dir, tokens, clip);
    const seed = pocketSeed(11, []);
    let engineFrames = 0;
    const engineChunk = async () => {
      engineFrames = 0;
      await engine.synthesize(request, new AbortController().signal, () => (engineFrames += 1));
    };
    // Warm-up: loads, the clip encoded and prompted once, first runs.
    await engineChunk();
    const rawFrames = await raw.chunk(seed);
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
    if (engineFrames !== rawFrames)
      throw new Error(
        `the engine made ${engineFrames} frames and the raw loop ${rawFrames}: not the same work`,
      );
    const rawStep = median(rawMs) / rawFrames;
    const engineStep = median(engineMs) / engineFrames;
    const head = headline(
      { label: 'PocketEngine, per generated step', value: round3(engineStep), unit: 'ms' },
      { label: 'raw session.run loop, per step', value: round3(rawStep), unit: 'ms' },
      { max: 1.1 },
    );
    const mainMiB = Math.round(fs.statSync(spec.files.flow_lm_main!).size / 1024 / 1024);
    return {
      title: 'Pocket TTS loop overhead',
      compared:
        'One chunk through PocketEngine (onnxruntime thread, resident KV cache, checks, audio per frame) against ' +
        'the same graph calls made directly with onnxruntime-node on one thread, per generated step.',
      ...head,
      rows: [
        {
          label: 'Graphs',
          value: `flow_lm_main ${mainMiB} MiB (${LAYERS} layers of KV cache [2,1,${CACHE.positions},${CACHE.heads},${CACHE.headDim}], ${backboneLayers} dense ${WIDTH}² layers), ${tokens.length} tokens, ${engineFrames} frames`,
        },
        { label: 'Raw loop per step (median run / frames)', value: `${round3(rawStep)} ms` },
        { label: 'Engine per step (median run / frames)', value: `${round3(engineStep)} ms` },
        { label: 'Raw chunk (median)', value: `${round1(median(rawMs))} ms` },
        { label: 'Engine chunk (median)', value: `${round1(median(engineMs))} ms` },
      ],
      params: { runs, backboneLayers, width: WIDTH, layers: LAYERS },
      details: {
        rawMs: rawMs.map(round1),
        engineMs: engineMs.map(round1),
        frames: engineFrames,
        tokens: tokens.length,
      },
      notes: [
        'The raw loop passes the 49 MB of KV cache back into each run as the tensors onnxruntime returned (no copy); the engine keeps them on its thread the same way and sends only the latent, the conditioning and the audio across.',
      ],
    };
  } finally {
    await raw?.release();
    await engine.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
