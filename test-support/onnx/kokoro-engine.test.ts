/**
 * The Kokoro engine end to end on the Kokoro test model: a real onnxruntime-node session on the
 * onnxruntime thread, ids and style rows checked against the model's reference output sample by sample.
 */
import { copyFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../electron/worker/engines/engine';
import { KokoroEngine } from '../../electron/worker/engines/kokoro/kokoro-engine';
import { padKokoroIds, tokenizeKokoro } from '../../electron/worker/engines/kokoro/kokoro-vocab';
import { OnnxRuntime } from '../../electron/worker/engines/onnx/onnx-runtime';
import { EspeakPhonemizer } from '../../electron/worker/engines/onnx/phonemizer';
import type { ModelSpec, SynthesizeRequest } from '../../shared/protocol/worker-protocol';
import { kokoroReference, kokoroSamplesPerToken, kokoroTestVoice } from './test-model-contract';
import { writeKokoroTestPack, writePiperTestPack } from './test-packs';
import {
  concat,
  kokoroSpec,
  letterPhonemizer,
  makeTempDir,
  maxAbsDifference,
  neverAborted,
  rms,
} from './test-helpers';
import { kokoroTestVocab } from './test-vocab';

const temp = makeTempDir('kokoro-engine');
const runtime = new OnnxRuntime({ budgetBytes: 1024 ** 3 });
const engine = new KokoroEngine({ runtime, phonemizer: letterPhonemizer });
let spec: ModelSpec;
let npzSpec: ModelSpec;
let npzDeflateSpec: ModelSpec;
let int32Spec: ModelSpec;

beforeAll(async () => {
  await writeKokoroTestPack(`${temp.dir}/hf`);
  spec = kokoroSpec('kokoro-test', `${temp.dir}/hf`, {
    model: 'model.onnx',
    vocab: 'tokenizer.json',
    voiceFiles: { af_test: 'voices/af_test.bin', am_test: 'voices/am_test.bin' },
  });
  await writeKokoroTestPack(`${temp.dir}/npz`, { layout: 'npz' });
  npzSpec = kokoroSpec('kokoro-npz', `${temp.dir}/npz`, {
    model: 'kokoro-test.onnx',
    vocab: 'config.json',
    voices: 'voices-test.bin',
  });
  await writeKokoroTestPack(`${temp.dir}/npz-deflate`, { layout: 'npz', npzCompression: 'deflate' });
  npzDeflateSpec = kokoroSpec('kokoro-npz-deflate', `${temp.dir}/npz-deflate`, {
    model: 'kokoro-test.onnx',
    vocab: 'config.json',
    voices: 'voices-test.bin',
  });
  await writeKokoroTestPack(`${temp.dir}/old`, { idsInput: 'tokens', speedType: 'int32' });
  int32Spec = kokoroSpec('kokoro-old', `${temp.dir}/old`, {
    model: 'model.onnx',
    vocab: 'tokenizer.json',
    voiceFiles: { af_test: 'voices/af_test.bin' },
  });
});

afterAll(async () => {
  await engine.dispose();
  temp.cleanup();
});

function request(model: ModelSpec, text: string, voice = 'af_test', ratePercent = 100): SynthesizeRequest {
  return { engine: 'kokoro', model, voice, text, params: { ratePercent, pitchSemitones: 0 }, chunkIndex: 0 };
}

async function synth(req: SynthesizeRequest, on: KokoroEngine = engine): Promise<Float32Array[]> {
  const blocks: Float32Array[] = [];
  const result = await on.synthesize(req, neverAborted, (pcm) => blocks.push(pcm));
  expect(result.sampleRate).toBe(24_000);
  return blocks;
}

function expected(phonemes: string, voice: 'af' | 'am', speed: number): Float32Array {
  const { ids } = tokenizeKokoro(phonemes, new Map(Object.entries(kokoroTestVocab())));
  const table = kokoroTestVoice(voice);
  const row = Math.min(ids.length, 509);
  return kokoroReference(padKokoroIds(ids), table.slice(row * 256, (row + 1) * 256), speed);
}

describe('KokoroEngine on the Kokoro test model', () => {
  it('loads on the requested provider and reports it', async () => {
    const result = await engine.load(spec);
    expect(result).toMatchObject({ modelId: 'kokoro-test', provider: 'cpu' });
    expect(result.fallbackReason).toBeUndefined();
    expect((await engine.load(spec)).loadMs).toBe(0);
  });

  it('renders exactly what the model computes for [0, ...ids, 0] with the style row of the token count', async () => {
    const blocks = await synth(request(spec, 'Hello world.'));
    expect(blocks).toHaveLength(1);
    const audio = blocks[0] as Float32Array;
    expect(maxAbsDifference(audio, expected('hello world.', 'af', 1))).toBeLessThan(1e-4);
    // 12 symbols + 2 pads, 480 samples each: 0.28 s at 24 kHz, and audibly non-silent.
    expect(audio.length).toBe(14 * 480);
    expect(rms(audio)).toBeGreaterThan(0.1);
  });

  it('is deterministic, and different voices sound different', async () => {
    const first = concat(await synth(request(spec, 'Same text twice.')));
    const second = concat(await synth(request(spec, 'Same text twice.')));
    const other = concat(await synth(request(spec, 'Same text twice.', 'am_test')));
    expect(maxAbsDifference(first, second)).toBe(0);
    expect(other.length).toBe(first.length);
    expect(maxAbsDifference(first, other)).toBeGreaterThan(0.1);
    expect(maxAbsDifference(other, expected('same text twice.', 'am', 1))).toBeLessThan(1e-4);
  });

  it('turns ratePercent into the speed input: 200 % renders half as many samples per token', async () => {
    const audio = concat(await synth(request(spec, 'Quick.', 'af_test', 200)));
    expect(audio.length).toBe(8 * kokoroSamplesPerToken(2));
    expect(maxAbsDifference(audio, expected('quick.', 'af', 2))).toBeLessThan(1e-4);
  });

  it('reads the input names and dtypes at load: `tokens` and an int32 speed work too', async () => {
    const audio = concat(await synth(request(int32Spec, 'Old export.', 'af_test', 160)));
    // int32 speed takes whole numbers: 1.6 rounds to 2.
    expect(maxAbsDifference(audio, expected('old export.', 'af', 2))).toBeLessThan(1e-4);
  });

  it('reads voices from an .npz archive, stored or deflated, identical to the .bin voices', async () => {
    const fromBin = concat(await synth(request(spec, 'Archive voices.', 'am_test')));
    const fromNpz = concat(await synth(request(npzSpec, 'Archive voices.', 'am_test')));
    const fromDeflated = concat(await synth(request(npzDeflateSpec, 'Archive voices.', 'am_test')));
    expect(maxAbsDifference(fromBin, fromNpz)).toBe(0);
    expect(maxAbsDifference(fromBin, fromDeflated)).toBe(0);
  });

  it('splits input over 510 tokens at word boundaries, each run within the model limit', async () => {
    const words = Array.from({ length: 150 }, (_, i) => `word${'abcdefghij'[i % 10]}`).join(' ');
    const blocks = await synth(request(spec, words));
    expect(blocks.length).toBe(2);
    let tokens = 0;
    for (const block of blocks) {
      const padded = block.length / 480;
      expect(Number.isInteger(padded)).toBe(true);
      expect(padded).toBeLessThanOrEqual(512);
      tokens += padded - 2;
    }
    // 150 words of 5 letters, 149 spaces, one space dropped at the cut.
    expect(tokens).toBe(150 * 5 + 148);
  });

  it('describes the pack: voices with language and gender, 24 kHz', async () => {
    const description = await engine.describe(spec);
    expect(description.sampleRate).toBe(24_000);
    expect(description.voices.map((voice) => voice.id)).toEqual(['af_test', 'am_test']);
    expect(description.voices[0]).toMatchObject({
      language: 'en-US',
      gender: 'female',
      model: 'kokoro-test',
    });
    expect((await engine.describe(npzSpec)).voices.map((voice) => voice.id)).toEqual(['af_test', 'am_test']);
  });

  it('names the problem: unknown voice, missing file, a model that is not Kokoro', async () => {
    await expect(synth(request(spec, 'Hi.', 'zz_nobody'))).rejects.toMatchObject({ code: 'unknown-voice' });
    const missing = { ...spec, id: 'gone', files: { ...spec.files, model: `${temp.dir}/nowhere.onnx` } };
    await expect(engine.load(missing)).rejects.toMatchObject({
      code: 'model-missing',
      message: expect.stringContaining('nowhere.onnx'),
    });
    const piper = await writePiperTestPack(`${temp.dir}/piper`);
    const wrong = { ...spec, id: 'wrong', files: { ...spec.files, model: `${piper.dir}/${piper.model}` } };
    const error = await engine.load(wrong).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({
      code: 'model-invalid',
      message: expect.stringMatching(/input, input_lengths, scales/),
    });
  });

  it('stops at the next chunk when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      engine.synthesize(request(spec, 'Never.'), controller.signal, () => {}),
    ).rejects.toMatchObject({
      message: 'cancelled',
    });
  });

  it('speaks real espeak-ng phonemes', async () => {
    const espeakEngine = new KokoroEngine({ runtime, phonemizer: new EspeakPhonemizer() });
    const audio = concat(
      await synth(request(spec, 'The quick brown fox jumps over the lazy dog.'), espeakEngine),
    );
    // About 45 IPA symbols: 2 s of test tones, not silence.
    expect(audio.length / 24_000).toBeGreaterThan(1);
    expect(audio.length / 24_000).toBeLessThan(4);
    expect(rms(audio)).toBeGreaterThan(0.1);
    await espeakEngine.dispose();
  });

  it("refuses Kokoro's Mandarin and Japanese voices with a message instead of garbage", async () => {
    const dir = `${temp.dir}/zh`;
    await writeKokoroTestPack(dir);
    await copyFile(`${dir}/voices/af_test.bin`, `${dir}/voices/zf_test.bin`);
    await copyFile(`${dir}/voices/af_test.bin`, `${dir}/voices/jf_test.bin`);
    const zh = kokoroSpec('kokoro-zh', dir, {
      model: 'model.onnx',
      vocab: 'tokenizer.json',
      voiceFiles: {
        zf_test: 'voices/zf_test.bin',
        jf_test: 'voices/jf_test.bin',
        af_test: 'voices/af_test.bin',
      },
    });
    const described = (await engine.describe(zh)).voices;
    expect(described.find((v) => v.id === 'zf_test')).toMatchObject({
      language: 'zh',
      unsupported: expect.stringMatching(/Mandarin phonemes/),
    });
    expect(described.find((v) => v.id === 'af_test')?.unsupported).toBeUndefined();
    await expect(synth(request(zh, '你好。', 'zf_test'))).rejects.toMatchObject({
      code: 'unknown-voice',
      message: expect.stringMatching(
        /Kokoro voice "zf_test" cannot be used: .*Mandarin phonemes.*espeak-ng \(cmn\+f3\)/,
      ),
    });
    await expect(synth(request(zh, 'こんにちは。', 'jf_test'))).rejects.toMatchObject({
      message: expect.stringMatching(/Japanese phonemes/),
    });
    expect((await synth(request(zh, 'Hi.', 'af_test'))).length).toBeGreaterThan(0);
  });
});
