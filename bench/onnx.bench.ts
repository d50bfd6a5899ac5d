/**
 * ONNX engine benchmark, in one process. Headline: the Kokoro engine's whole synthesize path (espeak-ng
 * phonemes, tokens, chunking, style row, the hop to the onnxruntime thread and back) against a raw
 * `session.run` of the same model on this thread with the same input prepared beforehand, on a
 * Kokoro-contract model whose run costs what a real Kokoro run does (bench/heavy-kokoro-model.ts: 80 dense
 * 1024² layers, 336 MB like Kokoro's float32 export, a few hundred ms for one 270-token sentence). Runs alternate raw / engine so a
 * busy machine slows both alike. Also: model load times (raw create, the engine's cold load with the
 * thread start, a reload), the fixed per-call cost on the tiny test model (where it dominates), and the
 * thread hop alone on a compute-bound model.
 *
 *   node bin/run-ts.js bench/run.ts onnx
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { KokoroEngine } from '../electron/worker/engines/kokoro/kokoro-engine';
import { chunkKokoroPhonemes } from '../electron/worker/engines/kokoro/kokoro-chunks';
import { KokoroModel } from '../electron/worker/engines/kokoro/kokoro-model';
import { padKokoroIds } from '../electron/worker/engines/kokoro/kokoro-vocab';
import { sessionOptionsFor } from '../electron/worker/engines/onnx/execution-providers';
import { OnnxRuntime } from '../electron/worker/engines/onnx/onnx-runtime';
import { OnnxSession } from '../electron/worker/engines/onnx/onnx-session';
import { OrtThread } from '../electron/worker/engines/onnx/ort-thread-client';
import { phonemizeSentences } from '../electron/worker/engines/onnx/phonemize-sentences';
import type { Phonemizer } from '../electron/worker/engines/onnx/phonemizer';
import { EspeakPhonemizer } from '../electron/worker/engines/onnx/phonemizer';
import type { ModelSpec, SynthesizeRequest } from '../shared/protocol/worker-protocol';
import { kokoroTestVoice } from '../test-support/onnx/test-model-contract';
import { letterPhonemizer } from '../test-support/onnx/test-helpers';
import { buildSlowTestModel } from '../test-support/onnx/test-models';
import { writeKokoroTestPack } from '../test-support/onnx/test-packs';
import { kokoroTestVocab } from '../test-support/onnx/test-vocab';
import type { BenchOutcome } from './bench-result';
import { headline, median, round1, round3 } from './bench-result';
import type { HeavyKokoroModelOptions } from './heavy-kokoro-model';
import { buildHeavyKokoroModel } from './heavy-kokoro-model';

export interface OnnxBenchOptions {
  /** Measured run pairs on the realistic model (default 15). */
  heavyRuns?: number;
  /** Measured run pairs on the tiny model (default 15). */
  tinyRuns?: number;
  heavyModel?: HeavyKokoroModelOptions;
}

const HEAVY_MODEL: Required<HeavyKokoroModelOptions> = { layers: 80, width: 1024, samplesPerToken: 1600 };
/** One sentence of the length the host sends Kokoro (its chunks are at most 300 characters). */
const SENTENCE =
  'When we tried this in the studio last spring, the results surprised everyone, because the ' +
  'recordings sounded warmer than anything we had made before, and the listeners who wrote in ' +
  'afterwards kept asking how we had managed it on such an ordinary machine.';
const TARGET = { max: 1.1 };

interface PairTimes {
  rawMs: number[];
  engineMs: number[];
  /** Time inside onnxruntime of each engine run, as the ORT thread measured it. */
  engineOrtMs: number[];
}

/** Alternates raw and engine runs (one warm-up each first): drift on a busy machine hits both alike. */
async function timePairs(
  runs: number,
  raw: () => Promise<unknown>,
  engine: () => Promise<unknown>,
  lastOrtMs: () => number,
): Promise<PairTimes> {
  await raw();
  await engine();
  const times: PairTimes = { rawMs: [], engineMs: [], engineOrtMs: [] };
  for (let i = 0; i < runs; i++) {
    let started = performance.now();
    await raw();
    times.rawMs.push(performance.now() - started);
    started = performance.now();
    await engine();
    times.engineMs.push(performance.now() - started);
    times.engineOrtMs.push(lastOrtMs());
  }
  return times;
}

function summary(times: PairTimes) {
  const rawMs = median(times.rawMs);
  const engineMs = median(times.engineMs);
  return {
    rawRunMs: round3(rawMs),
    engineSynthesizeMs: round3(engineMs),
    engineInsideOrtMs: round3(median(times.engineOrtMs)),
    /** Engine time outside onnxruntime, per call (measured within each call, so drift cancels). */
    outsideOrtMs: round3(median(times.engineMs.map((ms, i) => ms - times.engineOrtMs[i]!))),
    ratio: round3(engineMs / rawMs),
    medianPairRatio: round3(median(times.rawMs.map((raw, i) => times.engineMs[i]! / raw))),
    overheadMs: round3(engineMs - rawMs),
    rawRunsMs: times.rawMs.map(round1),
    engineRunsMs: times.engineMs.map(round1),
  };
}

interface KokoroCase {
  spec: ModelSpec;
  text: string;
  phonemizer: Phonemizer;
  runs: number;
}

/**
 * Loads the pack raw and through a fresh engine (own runtime: its cold load starts the onnxruntime
 * thread), then times raw runs against engine synthesize calls on the same input.
 */
async function compareKokoro({ spec, text, phonemizer, runs }: KokoroCase) {
  const runtime = new OnnxRuntime({ budgetBytes: 2 * 1024 ** 3 });
  const engine = new KokoroEngine({ runtime, phonemizer });
  try {
    const modelPath = spec.files.model as string;
    let started = performance.now();
    const raw = await InferenceSession.create(modelPath, sessionOptionsFor('cpu'));
    const rawCreateMs = performance.now() - started;
    started = performance.now();
    await engine.load(spec);
    const engineColdLoadMs = performance.now() - started;
    await engine.unload(spec.id);
    started = performance.now();
    await engine.load(spec);
    const engineWarmLoadMs = performance.now() - started;

    // The engine's own steps give the raw run its input: phonemes, one chunk of ids, the style row.
    const vocab = new Map(Object.entries(kokoroTestVocab()));
    const sentences = await phonemizeSentences(text, 'en-us', phonemizer);
    const { chunks } = chunkKokoroPhonemes(sentences, vocab);
    const ids = chunks[0];
    if (!ids || chunks.length !== 1)
      throw new Error(`the bench text made ${chunks.length} Kokoro chunks, not 1`);
    const padded = padKokoroIds(ids);
    const row = Math.min(ids.length, 509);
    const feeds = {
      input_ids: new Tensor('int64', BigInt64Array.from(padded.map(BigInt)), [1, padded.length]),
      style: new Tensor('float32', kokoroTestVoice('af').slice(row * 256, (row + 1) * 256), [1, 256]),
      speed: new Tensor('float32', Float32Array.of(1), [1]),
    };
    const request: SynthesizeRequest = {
      engine: 'kokoro',
      model: spec,
      voice: 'af_test',
      text,
      params: { ratePercent: 100, pitchSemitones: 0 },
      chunkIndex: 0,
    };

    let rawOut: Float32Array = new Float32Array(0);
    let engineOut: Float32Array[] = [];
    const loaded = runtime.cache.get(spec.id);
    if (!(loaded instanceof KokoroModel)) throw new Error('the engine did not cache a Kokoro model');
    const times = await timePairs(
      runs,
      async () => {
        rawOut = (await raw.run(feeds)).waveform?.data as Float32Array;
      },
      async () => {
        engineOut = [];
        await engine.synthesize(request, new AbortController().signal, (pcm) => engineOut.push(pcm));
      },
      () => loaded.session.lastRunMs,
    );
    await raw.release();
    const engineSamples = engineOut.reduce((sum, pcm) => sum + pcm.length, 0);
    const identical =
      engineOut.length === 1 &&
      engineOut[0]!.length === rawOut.length &&
      engineOut[0]!.every((v, i) => v === rawOut[i]);
    if (!identical)
      throw new Error(`engine gave ${engineSamples} samples, raw run ${rawOut.length} (or they differ)`);
    return {
      tokens: ids.length,
      audioSeconds: round3(rawOut.length / 24_000),
      modelMiB: round1(fs.statSync(modelPath).size / 1024 / 1024),
      rawCreateMs: round1(rawCreateMs),
      engineColdLoadMs: round1(engineColdLoadMs),
      engineWarmLoadMs: round1(engineWarmLoadMs),
      ...summary(times),
    };
  } finally {
    await engine.dispose();
  }
}

/** The thread hop alone, on a model whose run is compute-bound (512×512 MatMul ×4). */
async function threadHop(dir: string) {
  const slowPath = path.join(dir, 'slow.onnx');
  fs.writeFileSync(slowPath, buildSlowTestModel(512, 4));
  const x = new Float32Array(512 * 512).fill(0.1);
  const slowRaw = await InferenceSession.create(slowPath, sessionOptionsFor('cpu'));
  const thread = new OrtThread();
  try {
    const slowThreaded = await OnnxSession.open(thread, slowPath, ['cpu']);
    const times = await timePairs(
      5,
      () => slowRaw.run({ x: new Tensor('float32', x, [512, 512]) }),
      () => slowThreaded.run({ x: { type: 'float32', data: x.slice(), dims: [512, 512] } }),
      () => slowThreaded.lastRunMs,
    );
    const rawMs = median(times.rawMs);
    const threadMs = median(times.engineMs);
    return { rawMs: round3(rawMs), threadMs: round3(threadMs), hopOverheadMs: round3(threadMs - rawMs) };
  } finally {
    await slowRaw.release();
    await thread.dispose();
  }
}

function packSpec(dir: string, id: string): ModelSpec {
  return {
    id,
    engine: 'kokoro',
    dir,
    files: {
      model: path.join(dir, 'model.onnx'),
      vocab: path.join(dir, 'tokenizer.json'),
      'voice:af_test': path.join(dir, 'voices/af_test.bin'),
    },
    sampleRate: 24_000,
    providers: ['cpu'],
  };
}

export async function benchOnnx(options: OnnxBenchOptions = {}): Promise<BenchOutcome> {
  const heavyOptions = { ...HEAVY_MODEL, ...options.heavyModel };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-onnx-'));
  try {
    // Tiny test model (~2 ms a run): what a call costs on top of onnxruntime, when nothing else does.
    const tinyDir = path.join(dir, 'tiny');
    await writeKokoroTestPack(tinyDir);
    const tinyText = Array.from({ length: 80 }, (_, i) => `w${'abcdefgh'[i % 8]}rd`).join(' ') + '.';
    const tiny = await compareKokoro({
      spec: packSpec(tinyDir, 'bench-tiny'),
      text: tinyText,
      phonemizer: letterPhonemizer,
      runs: options.tinyRuns ?? 15,
    });

    // The realistic model, with the real phonemizer (espeak-ng, as the worker runs it).
    const heavyDir = path.join(dir, 'heavy');
    await writeKokoroTestPack(heavyDir);
    fs.writeFileSync(path.join(heavyDir, 'model.onnx'), buildHeavyKokoroModel(heavyOptions));
    const heavy = await compareKokoro({
      spec: packSpec(heavyDir, 'bench-heavy'),
      text: SENTENCE,
      phonemizer: new EspeakPhonemizer(),
      runs: options.heavyRuns ?? 15,
    });

    // What the phonemizer costs on its own for the same sentence (part of the engine's overhead).
    const espeak = new EspeakPhonemizer();
    const phonemizeMs: number[] = [];
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      await phonemizeSentences(SENTENCE, 'en-us', espeak);
      phonemizeMs.push(performance.now() - started);
    }
    const hop = await threadHop(dir);

    const head = headline(
      { label: 'KokoroEngine.synthesize (realistic model)', value: heavy.engineSynthesizeMs, unit: 'ms' },
      { label: 'raw session.run, same model and input', value: heavy.rawRunMs, unit: 'ms' },
      TARGET,
    );
    return {
      title: 'ONNX engine overhead',
      compared:
        'One Kokoro sentence through the engine (phonemes, tokens, style, onnxruntime thread) against a raw ' +
        'session.run of the same model on the same input, on a Kokoro-contract model that runs as long as a ' +
        'real Kokoro run.',
      ...head,
      rows: [
        {
          label: 'Realistic model',
          value: `${heavy.modelMiB} MiB, ${heavy.tokens} tokens, ${heavy.audioSeconds} s of audio`,
        },
        { label: 'Raw session.run (median)', value: `${round1(heavy.rawRunMs)} ms` },
        { label: 'Engine synthesize (median)', value: `${round1(heavy.engineSynthesizeMs)} ms` },
        { label: '… of which inside onnxruntime (median)', value: `${round1(heavy.engineInsideOrtMs)} ms` },
        {
          label: '… of which outside onnxruntime (median per call)',
          value: `${round1(heavy.outsideOrtMs)} ms = ${round3(1 + heavy.outsideOrtMs / heavy.rawRunMs)}× the raw run`,
          target: '≤ 1.1×',
          pass: 1 + heavy.outsideOrtMs / heavy.rawRunMs <= 1.1,
        },
        { label: 'espeak-ng phonemes for the sentence (median)', value: `${round1(median(phonemizeMs))} ms` },
        { label: 'Median of per-pair ratios', value: `${heavy.medianPairRatio}×` },
        { label: 'Load: raw InferenceSession.create', value: `${heavy.rawCreateMs} ms` },
        { label: 'Load: engine, cold (starts the ORT thread)', value: `${heavy.engineColdLoadMs} ms` },
        { label: 'Load: engine, reload', value: `${heavy.engineWarmLoadMs} ms` },
        {
          label: 'Tiny test model: raw / engine (median)',
          value: `${round1(tiny.rawRunMs)} / ${round1(tiny.engineSynthesizeMs)} ms = ${tiny.ratio}×`,
        },
        {
          label: 'Fixed cost per engine call (tiny model, outside ORT)',
          value: `${round1(tiny.outsideOrtMs)} ms`,
        },
        {
          label: 'Thread hop alone (512² MatMul ×4)',
          value: `${round1(hop.hopOverheadMs)} ms on a ${round1(hop.rawMs)} ms run`,
        },
      ],
      params: { ...heavyOptions, heavyRuns: options.heavyRuns ?? 15, tinyRuns: options.tinyRuns ?? 15 },
      details: { heavy, tiny, phonemizeMs: phonemizeMs.map(round3), threadHop: hop },
      notes: [],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
