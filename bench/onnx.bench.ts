/**
 * ONNX engine benchmark, in one process: raw `session.run` of the Kokoro test model (onnxruntime on this
 * thread, ids and style prepared beforehand) against the engine's whole synthesize path on the same input
 * (phonemes, tokens, style row, the hop to the onnxruntime thread and back), plus model load times and the
 * cost of the thread hop alone on a compute-heavy model.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { KokoroEngine } from '../electron/worker/engines/kokoro/kokoro-engine';
import { padKokoroIds, tokenizeKokoro } from '../electron/worker/engines/kokoro/kokoro-vocab';
import { OnnxRuntime } from '../electron/worker/engines/onnx/onnx-runtime';
import { OnnxSession } from '../electron/worker/engines/onnx/onnx-session';
import { OrtThread } from '../electron/worker/engines/onnx/ort-thread-client';
import { sessionOptionsFor } from '../electron/worker/engines/onnx/execution-providers';
import type { ModelSpec, SynthesizeRequest } from '../shared/protocol/worker-protocol';
import { kokoroTestVoice } from '../test-support/onnx/test-model-contract';
import { buildSlowTestModel } from '../test-support/onnx/test-models';
import { writeKokoroTestPack } from '../test-support/onnx/test-packs';
import { letterPhonemizer } from '../test-support/onnx/test-helpers';
import { kokoroTestVocab } from '../test-support/onnx/test-vocab';

const RUNS = 15;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

async function timeRuns(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return median(times);
}

export async function benchOnnx(): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-onnx-'));
  const runtime = new OnnxRuntime({ budgetBytes: 1024 ** 3 });
  const engine = new KokoroEngine({ runtime, phonemizer: letterPhonemizer });
  try {
    await writeKokoroTestPack(dir);
    const spec: ModelSpec = {
      id: 'bench',
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
    // About 400 tokens: one model run, near the 510-token limit.
    const text = Array.from({ length: 80 }, (_, i) => `w${'abcdefgh'[i % 8]}rd`).join(' ') + '.';
    const request: SynthesizeRequest = {
      engine: 'kokoro',
      model: spec,
      voice: 'af_test',
      text,
      params: { ratePercent: 100, pitchSemitones: 0 },
      chunkIndex: 0,
    };

    // Load times: raw create on this thread, the engine's first load (starts the thread), a reload.
    let started = performance.now();
    const raw = await InferenceSession.create(spec.files.model as string, sessionOptionsFor('cpu'));
    const rawCreateMs = performance.now() - started;
    started = performance.now();
    await engine.load(spec);
    const engineColdLoadMs = performance.now() - started;
    await engine.unload(spec.id);
    started = performance.now();
    await engine.load(spec);
    const engineWarmLoadMs = performance.now() - started;

    // The same input for both paths.
    const { ids } = tokenizeKokoro(
      (await letterPhonemizer.phonemize(text.slice(0, -1), 'en-us')) + '.',
      new Map(Object.entries(kokoroTestVocab())),
    );
    const padded = padKokoroIds(ids);
    const row = Math.min(ids.length, 509);
    const style = kokoroTestVoice('af').slice(row * 256, (row + 1) * 256);
    const feeds = {
      input_ids: new Tensor('int64', BigInt64Array.from(padded.map(BigInt)), [1, padded.length]),
      style: new Tensor('float32', style, [1, 256]),
      speed: new Tensor('float32', Float32Array.of(1), [1]),
    };
    let samples = 0;
    const rawRunMs = await timeRuns(RUNS, async () => {
      samples = ((await raw.run(feeds)).waveform?.data as Float32Array).length;
    });
    let engineSamples = 0;
    const engineMs = await timeRuns(RUNS, async () => {
      engineSamples = 0;
      await engine.synthesize(request, new AbortController().signal, (pcm) => (engineSamples += pcm.length));
    });
    if (engineSamples !== samples)
      throw new Error(`engine rendered ${engineSamples} samples, raw run ${samples}`);
    await raw.release();

    // The thread hop alone, on a model whose run is compute-bound (512×512 MatMul ×4).
    const slowPath = path.join(dir, 'slow.onnx');
    fs.writeFileSync(slowPath, buildSlowTestModel(512, 4));
    const slowRaw = await InferenceSession.create(slowPath, sessionOptionsFor('cpu'));
    const x = new Float32Array(512 * 512).fill(0.1);
    const slowRawMs = await timeRuns(5, () => slowRaw.run({ x: new Tensor('float32', x, [512, 512]) }));
    await slowRaw.release();
    const thread = new OrtThread();
    const slowThreaded = await OnnxSession.open(thread, slowPath, ['cpu']);
    const slowThreadMs = await timeRuns(5, () =>
      slowThreaded.run({ x: { type: 'float32', data: x.slice(), dims: [512, 512] } }),
    );
    await thread.dispose();

    return {
      kokoroTokens: ids.length,
      audioSeconds: round3(samples / 24_000),
      rawRunMs: round3(rawRunMs),
      engineSynthesizeMs: round3(engineMs),
      ratio: round3(engineMs / rawRunMs),
      rawCreateMs: round3(rawCreateMs),
      engineColdLoadMs: round3(engineColdLoadMs),
      engineWarmLoadMs: round3(engineWarmLoadMs),
      computeBoundRawMs: round3(slowRawMs),
      computeBoundThreadMs: round3(slowThreadMs),
      threadHopOverheadMs: round3(slowThreadMs - slowRawMs),
    };
  } finally {
    await engine.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  console.log(JSON.stringify(await benchOnnx(), null, 2));
}
