/**
 * Supertonic end to end on test graphs with the published names and types, from a folder laid out as on
 * Hugging Face: imported by the real model packs (each graph loaded once by onnxruntime), loaded from the
 * manifest by the real engine, and rendered through the four-graph pipeline with N denoising steps.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessInspector } from '../../electron/host/models/in-process-inspector';
import type { InstalledPack } from '../../electron/host/models/model-packs';
import { ModelPacks } from '../../electron/host/models/model-packs';
import { createOnnxEngines } from '../../electron/worker/engines/onnx/create-onnx-engines';
import { SUPERTONIC_STEPS } from '../../electron/worker/engines/supertonic/supertonic-engine';
import { parseSupertonicVoiceId } from '../../electron/worker/engines/supertonic/supertonic-languages';
import {
  chunkSupertonicText,
  normaliseSupertonicText,
} from '../../electron/worker/engines/supertonic/supertonic-text';
import type { SynthesizeRequest } from '../../shared/protocol/worker-protocol';
import { SUPERTONIC_TEST_SECONDS_PER_CHAR, writeSupertonicTestPack } from './supertonic-test-pack';
import { concat, letterPhonemizer, makeTempDir, maxAbsDifference, neverAborted, rms } from './test-helpers';

const temp = makeTempDir('supertonic');
const packs = new ModelPacks({ modelsDir: path.join(temp.dir, 'models'), inspector: inProcessInspector });
const steps: string[] = [];
let onStep: ((message: string) => void) | undefined;
const onnx = createOnnxEngines({
  phonemizer: letterPhonemizer,
  budgetBytes: 1024 ** 3,
  log: (_level, message) => {
    if (!message.startsWith('supertonic: denoising step')) return;
    steps.push(message);
    onStep?.(message);
  },
});
let pack: InstalledPack;
let englishOnly: InstalledPack;

beforeAll(async () => {
  await writeSupertonicTestPack(path.join(temp.dir, 'dl', 'supertonic-3'), { languages: ['en', 'ko'] });
  await writeSupertonicTestPack(path.join(temp.dir, 'dl', 'supertonic'), { languages: ['en'] });
  pack = await packs.importPack(path.join(temp.dir, 'dl', 'supertonic-3'));
  englishOnly = await packs.importPack(path.join(temp.dir, 'dl', 'supertonic'));
});

afterAll(async () => {
  for (const engine of onnx.engines) await engine.dispose();
  temp.cleanup();
});

function request(voice: string, text: string, seed?: number, from = pack): SynthesizeRequest {
  return {
    engine: 'supertonic',
    model: packs.toModelSpec(from, ['cpu']),
    voice,
    text,
    params: { ratePercent: 100, pitchSemitones: 0, ...(seed !== undefined ? { seed } : {}) },
    chunkIndex: 0,
  };
}

async function synth(req: SynthesizeRequest, signal = neverAborted): Promise<Float32Array> {
  const blocks: Float32Array[] = [];
  const result = await onnx.supertonic.synthesize(req, signal, (pcm) => blocks.push(pcm));
  expect(result.sampleRate).toBe(44_100);
  return concat(blocks);
}

/** Samples the reference keeps for a chunk of `chars` characters: the predicted seconds / 1.05 × 44100. */
function expectedSamples(chars: number): number {
  return Math.floor((Math.fround(chars * Math.fround(SUPERTONIC_TEST_SECONDS_PER_CHAR)) / 1.05) * 44_100);
}

describe('Supertonic text (supertone-inc/supertonic py/helper.py)', () => {
  it('normalises as the reference does and wraps the text in its language tag', () => {
    expect(normaliseSupertonicText('Hello — “world” , isn’t it', 'en')).toBe(
      `<en>Hello - "world", isn't it.</en>`,
    );
    expect(normaliseSupertonicText('Mail me @ home 😀!')).toBe('Mail me at home!');
    expect(normaliseSupertonicText('a_b [c] #d')).toBe('a b c d.');
  });

  it('chunks whole sentences, not after abbreviations', () => {
    expect(chunkSupertonicText('Dr. Smith is here. He says hi. Bye now.', 10)).toEqual([
      'Dr. Smith is here.',
      'He says hi.',
      'Bye now.',
    ]);
  });

  it('reads voice ids as style and language', () => {
    expect(parseSupertonicVoiceId('M1-ko')).toEqual({ style: 'M1', language: 'ko' });
    expect(parseSupertonicVoiceId('my-voice')).toEqual({ style: 'my-voice' });
  });
});

describe('Supertonic packs as published', () => {
  it('imports the four graphs, config, indexer and styles; voices per style and listed language', () => {
    expect(pack.manifest).toMatchObject({
      engine: 'supertonic',
      sampleRate: 44_100,
      license: 'BigScience Open RAIL-M License',
    });
    expect(
      pack.manifest.voices.map((voice) => [voice.id, voice.label, voice.language, voice.gender]),
    ).toEqual([
      ['F1-en', 'F1 — English, female', 'en', 'female'],
      ['M1-en', 'M1 — English, male', 'en', 'male'],
      ['F1-ko', 'F1 — Korean, female', 'ko', 'female'],
      ['M1-ko', 'M1 — Korean, male', 'ko', 'male'],
    ]);
    expect(pack.manifest.files.filter((file) => file.role === 'graph').map((file) => file.path)).toEqual([
      'onnx/duration_predictor.onnx',
      'onnx/text_encoder.onnx',
      'onnx/vocoder.onnx',
    ]);
    expect(englishOnly.manifest.voices.map((voice) => voice.id)).toEqual(['F1', 'M1']);
  });

  it('verifies an installed pack by loading every graph again, naming one that is not what it should be', async () => {
    await expect(packs.verifyPack(pack.manifest.id, { loadModel: true })).resolves.toMatchObject({
      files: pack.manifest.files.length,
    });
    // A copy whose manifest agrees with its files, but whose vocoder is another graph.
    const copy = await packs.importPack(path.join(temp.dir, 'dl', 'supertonic-3'), { id: 'swapped' });
    const vocoder = path.join(copy.dir, 'onnx', 'vocoder.onnx');
    await fs.copyFile(path.join(copy.dir, 'onnx', 'text_encoder.onnx'), vocoder);
    const bytes = await fs.readFile(vocoder);
    const manifest = { ...copy.manifest };
    manifest.files = manifest.files.map((file) =>
      file.path === 'onnx/vocoder.onnx'
        ? { ...file, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }
        : file,
    );
    await fs.writeFile(path.join(copy.dir, 'manifest.json'), JSON.stringify(manifest));
    await expect(packs.verifyPack('swapped', { loadModel: true })).rejects.toMatchObject({
      code: 'model-mismatch',
      file: 'onnx/vocoder.onnx',
      message: expect.stringMatching(/onnx\/vocoder\.onnx is not Supertonic's vocoder/),
    });
  });

  it('renders the predicted duration of the tagged text, distinct per voice, the same for one seed', async () => {
    steps.length = 0;
    const m1 = await synth(request('M1-en', 'Welcome to the show.', 7));
    expect(steps).toHaveLength(SUPERTONIC_STEPS);
    // "<en>Welcome to the show.</en>": 29 characters.
    expect(m1.length).toBe(expectedSamples(29));
    expect(rms(m1)).toBeGreaterThan(0.1);
    const f1 = await synth(request('F1-en', 'Welcome to the show.', 7));
    expect(f1.length).toBe(m1.length);
    expect(maxAbsDifference(m1, f1)).toBeGreaterThan(0.1);
    expect(maxAbsDifference(m1, await synth(request('M1-en', 'Welcome to the show.', 7)))).toBe(0);
    expect(maxAbsDifference(m1, await synth(request('M1-en', 'Welcome to the show.', 8)))).toBeGreaterThan(0);
    // Without a seed the take is still repeatable (the seed comes from voice and text).
    const unseeded = await synth(request('M1-en', 'Welcome to the show.'));
    expect(maxAbsDifference(unseeded, await synth(request('M1-en', 'Welcome to the show.')))).toBe(0);
  });

  it('gives the first release (English only) untagged text', async () => {
    const audio = await synth(request('M1', 'Welcome to the show.', 7, englishOnly));
    expect(audio.length).toBe(expectedSamples(20));
  });

  it('joins chunks with 0.3 s of silence', async () => {
    const long = `${'A sentence of some length here. '.repeat(12)}`.trim();
    const chunks = chunkSupertonicText(long, 300);
    expect(chunks.length).toBeGreaterThan(1);
    const audio = await synth(request('F1-en', long, 1));
    const expected = chunks.reduce((sum, chunk) => sum + expectedSamples([...chunk].length + 9), 0);
    expect(audio.length).toBe(expected + (chunks.length - 1) * Math.floor(0.3 * 44_100));
  });

  it('stops between denoising steps when cancelled', async () => {
    const controller = new AbortController();
    steps.length = 0;
    onStep = (message) => {
      if (message.includes('step 3/')) controller.abort();
    };
    try {
      await expect(synth(request('M1-en', 'Stop me.', 1), controller.signal)).rejects.toThrow(/cancelled/);
    } finally {
      onStep = undefined;
    }
    expect(steps).toHaveLength(3);
  });

  it('refuses a style the pack does not have', async () => {
    await expect(synth(request('X9-en', 'Hi.'))).rejects.toThrow(/no voice style "X9" \(styles: F1, M1/);
  });
});

describe('broken Supertonic folders', () => {
  async function importBroken(name: string, options: Parameters<typeof writeSupertonicTestPack>[1]) {
    const dir = path.join(temp.dir, 'broken', name);
    await writeSupertonicTestPack(dir, options);
    return packs.importPack(dir, { id: name });
  }

  it('names a missing graph', async () => {
    await expect(importBroken('no-vocoder', { omit: 'onnx/vocoder.onnx' })).rejects.toMatchObject({
      code: 'file-missing',
      message: expect.stringMatching(/Supertonic folder without onnx\/vocoder\.onnx/),
    });
  });

  it('imports the styles a folder has, and refuses a style of the wrong shape', async () => {
    await expect(
      importBroken('no-m1', { omit: 'voice_styles/M1.json', badStyleDims: undefined }),
    ).resolves.toMatchObject({
      manifest: { voices: expect.arrayContaining([expect.objectContaining({ id: 'F1-en' })]) },
    });
    await expect(importBroken('bad-dims', { badStyleDims: [1, 49, 256] })).rejects.toMatchObject({
      code: 'voices-invalid',
      message: expect.stringMatching(/style_ttl has 12800 values, its dims \[1, 49, 256\] need 12544/),
    });
  });

  it('refuses a vector estimator with another output', async () => {
    await expect(importBroken('renamed', { estimator: { output: 'latent_out' } })).rejects.toMatchObject({
      code: 'model-mismatch',
      message: expect.stringMatching(/Supertonic's vector_estimator gives denoised_latent/),
    });
  });
});
