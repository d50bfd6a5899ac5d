/**
 * The Piper engine end to end on the Piper test models (one and two speakers): real onnxruntime-node
 * sessions, ids following Piper's published interleaving, checked against the models' reference output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineLogLevel } from '../../electron/worker/engines/onnx/engine-log';
import { OnnxRuntime } from '../../electron/worker/engines/onnx/onnx-runtime';
import { EspeakPhonemizer } from '../../electron/worker/engines/onnx/phonemizer';
import type { Phonemizer } from '../../electron/worker/engines/onnx/phonemizer';
import { PiperEngine } from '../../electron/worker/engines/piper/piper-engine';
import type { ModelSpec, SynthesizeRequest } from '../../shared/protocol/worker-protocol';
import { piperReference, piperSamplesPerId } from './test-model-contract';
import { writePiperTestPack } from './test-packs';
import {
  concat,
  letterPhonemizer,
  makeTempDir,
  maxAbsDifference,
  neverAborted,
  piperSpec,
  rms,
} from './test-helpers';
import { piperTestPhonemeIdMap } from './test-vocab';

const temp = makeTempDir('piper-engine');
const runtime = new OnnxRuntime({ budgetBytes: 1024 ** 3 });
const logs: Array<{ level: EngineLogLevel; message: string }> = [];
const engine = new PiperEngine({
  runtime,
  phonemizer: letterPhonemizer,
  log: (level, message) => logs.push({ level, message }),
});
let single: ModelSpec;
let multi: ModelSpec;
let slow: ModelSpec;

beforeAll(async () => {
  await writePiperTestPack(`${temp.dir}/single`);
  single = piperSpec('en_US-test-medium', `${temp.dir}/single`, 'en_US-test-medium');
  await writePiperTestPack(`${temp.dir}/multi`, { name: 'en_US-duo-medium', numSpeakers: 2 });
  multi = piperSpec('en_US-duo-medium', `${temp.dir}/multi`, 'en_US-duo-medium');
  await writePiperTestPack(`${temp.dir}/slow`, { name: 'en_US-slow-low', lengthScale: 1.5 });
  slow = piperSpec('en_US-slow-low', `${temp.dir}/slow`, 'en_US-slow-low');
});

afterAll(async () => {
  await engine.dispose();
  temp.cleanup();
});

function request(model: ModelSpec, text: string, voice = 'default', ratePercent = 100): SynthesizeRequest {
  return { engine: 'piper', model, voice, text, params: { ratePercent, pitchSemitones: 0 }, chunkIndex: 0 };
}

async function synth(req: SynthesizeRequest, on: PiperEngine = engine): Promise<Float32Array[]> {
  const blocks: Float32Array[] = [];
  const result = await on.synthesize(req, neverAborted, (pcm) => blocks.push(pcm));
  expect(result.sampleRate).toBe(22_050);
  return blocks;
}

/** Piper's rule, spelled out independently of the engine: ^ _ then each phoneme and _, then $. */
function expectedIds(phonemes: string): number[] {
  const map = piperTestPhonemeIdMap();
  const id = (symbol: string) => (map[symbol] as number[])[0] as number;
  return [id('^'), id('_'), ...[...phonemes].flatMap((symbol) => [id(symbol), id('_')]), id('$')];
}

describe('PiperEngine on the Piper test models', () => {
  it('renders one run per sentence, exactly what the model computes for ^ _ p _ … $', async () => {
    const blocks = await synth(request(single, 'Hi there. Bye!'));
    expect(blocks).toHaveLength(2);
    expect(
      maxAbsDifference(blocks[0] as Float32Array, piperReference(expectedIds('hi there.'), 1)),
    ).toBeLessThan(1e-4);
    expect(maxAbsDifference(blocks[1] as Float32Array, piperReference(expectedIds('bye!'), 1))).toBeLessThan(
      1e-4,
    );
    // "hi there." is 9 phonemes: 2 + 2·9 + 1 = 21 ids of 256 samples.
    expect(blocks[0]?.length).toBe(21 * 256);
    expect(rms(concat(blocks))).toBeGreaterThan(0.1);
  });

  it('is deterministic; speakers of a multi-speaker voice differ and are fed as sid', async () => {
    const alice = concat(await synth(request(multi, 'Same words.', 'alice')));
    const again = concat(await synth(request(multi, 'Same words.', 'alice')));
    const bob = concat(await synth(request(multi, 'Same words.', 'bob')));
    const bobByIndex = concat(await synth(request(multi, 'Same words.', '1')));
    expect(maxAbsDifference(alice, again)).toBe(0);
    expect(maxAbsDifference(alice, bob)).toBeGreaterThan(0.1);
    expect(maxAbsDifference(bob, piperReference(expectedIds('same words.'), 1, 1))).toBeLessThan(1e-4);
    expect(maxAbsDifference(bob, bobByIndex)).toBe(0);
  });

  it('takes length_scale from the config and divides it by the rate: 200 % is half as long', async () => {
    const normal = concat(await synth(request(slow, 'Slow.', 'default')));
    const fast = concat(await synth(request(slow, 'Slow.', 'default', 200)));
    expect(normal.length).toBe(expectedIds('slow.').length * piperSamplesPerId(1.5));
    expect(fast.length).toBe(expectedIds('slow.').length * piperSamplesPerId(0.75));
  });

  it('skips phonemes missing from the map and says how many in a debug log', async () => {
    const odd: Phonemizer = { phonemize: async () => 'hΩlΩo' };
    const oddEngine = new PiperEngine({
      runtime,
      phonemizer: odd,
      log: (level, message) => logs.push({ level, message }),
    });
    const audio = concat(await synth(request(single, 'Hello.'), oddEngine));
    expect(maxAbsDifference(audio, piperReference(expectedIds('hlo.'), 1))).toBeLessThan(1e-4);
    expect(logs).toContainEqual({ level: 'debug', message: expect.stringContaining('"Ω"×2') });
    await oddEngine.dispose();
  });

  it('describes voices from the config: one per speaker, language, sample rate', async () => {
    const description = await engine.describe(multi);
    expect(description.sampleRate).toBe(22_050);
    expect(description.voices.map((voice) => voice.id)).toEqual(['alice', 'bob']);
    expect(description.voices[0]).toMatchObject({
      language: 'en-US',
      engine: 'piper',
      model: 'en_US-duo-medium',
    });
    expect((await engine.describe(single)).voices.map((voice) => voice.id)).toEqual(['default']);
  });

  it('rejects an unknown speaker with the list of speakers', async () => {
    await expect(synth(request(multi, 'Hi.', 'carol'))).rejects.toMatchObject({
      code: 'unknown-voice',
      message: expect.stringContaining('alice, bob'),
    });
  });

  it('speaks real espeak-ng phonemes', async () => {
    const espeakEngine = new PiperEngine({ runtime, phonemizer: new EspeakPhonemizer() });
    const audio = concat(
      await synth(request(single, 'The quick brown fox. It jumps over the lazy dog.'), espeakEngine),
    );
    expect(audio.length / 22_050).toBeGreaterThan(1);
    expect(audio.length / 22_050).toBeLessThan(4);
    expect(rms(audio)).toBeGreaterThan(0.1);
    await espeakEngine.dispose();
  });
});
