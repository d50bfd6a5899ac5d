/**
 * Kitten TTS end to end on a test folder laid out as published (config.json, <model_file>.onnx,
 * voices.npz, README.md): imported by the real model packs (the graph loaded once by onnxruntime), loaded
 * from the manifest by the real engine, audio compared sample by sample with what the test graph computes
 * for the reference tokenisation, style row and speed prior. Broken folders fail with typed errors.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessInspector } from '../../electron/host/models/in-process-inspector';
import type { InstalledPack } from '../../electron/host/models/model-packs';
import { ModelPacks } from '../../electron/host/models/model-packs';
import { KITTEN_SYMBOLS, tokenizeKitten } from '../../electron/worker/engines/kitten/kitten-symbols';
import { chunkKittenText } from '../../electron/worker/engines/kitten/kitten-text';
import { createOnnxEngines } from '../../electron/worker/engines/onnx/create-onnx-engines';
import type { SynthesizeRequest } from '../../shared/protocol/worker-protocol';
import { KITTEN_TEST_SAMPLES_PER_ID, kittenTestVoiceRows, writeKittenTestPack } from './kitten-test-pack';
import { burst, kokoroTestFrequency } from './test-model-contract';
import { concat, letterPhonemizer, makeTempDir, maxAbsDifference, neverAborted, rms } from './test-helpers';

const temp = makeTempDir('kitten');

function hasPython(): boolean {
  try {
    execFileSync('python3', ['-c', 'import json, re'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function hasNumpy(): boolean {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const packs = new ModelPacks({ modelsDir: path.join(temp.dir, 'models'), inspector: inProcessInspector });
const onnx = createOnnxEngines({ phonemizer: letterPhonemizer, budgetBytes: 1024 ** 3 });
let pack: InstalledPack;

beforeAll(async () => {
  await writeKittenTestPack(path.join(temp.dir, 'dl', 'kitten-tts-test-0.8'));
  pack = await packs.importPack(path.join(temp.dir, 'dl', 'kitten-tts-test-0.8'));
});

afterAll(async () => {
  for (const engine of onnx.engines) await engine.dispose();
  temp.cleanup();
});

function request(voice: string, text: string, ratePercent = 100): SynthesizeRequest {
  return {
    engine: 'kitten',
    model: packs.toModelSpec(pack, ['cpu']),
    voice,
    text,
    params: { ratePercent, pitchSemitones: 0 },
    chunkIndex: 0,
  };
}

async function synth(req: SynthesizeRequest): Promise<Float32Array> {
  const blocks: Float32Array[] = [];
  const result = await onnx.kitten.synthesize(req, neverAborted, (pcm) => blocks.push(pcm));
  expect(result.sampleRate).toBe(24_000);
  return concat(blocks);
}

/** What the test graph gives for one chunk (style row = chunk length), minus the 5000 trimmed samples. */
function expectedChunk(chunk: string, phonemes: string, base: number, speed: number): Float32Array {
  const rows = kittenTestVoiceRows(base);
  const row = Math.min([...chunk].length, 399);
  const style = rows.subarray(row * 256, (row + 1) * 256);
  let sum = 0;
  for (const v of style) sum += v;
  const mean = Math.fround(sum / 256);
  const n = Math.floor(Math.fround(KITTEN_TEST_SAMPLES_PER_ID / Math.fround(speed)));
  const wave = burst(tokenizeKitten(phonemes).ids, n, kokoroTestFrequency, 1 + mean, Math.abs(mean));
  return wave.subarray(0, wave.length - 5000);
}

describe('Kitten TTS symbols and chunks (KittenML/KittenTTS onnx_model.py)', () => {
  it('has the reference table: 178 symbols, repeated symbols taking their last id', () => {
    expect(KITTEN_SYMBOLS).toHaveLength(178);
    // Ids computed with the reference TextCleaner and basic_english_tokenize in Python.
    expect(tokenizeKitten('həlˈoʊ, wˈɜːld!').ids).toEqual([
      0, 50, 83, 54, 156, 57, 135, 16, 3, 16, 65, 156, 87, 158, 54, 46, 16, 5, 10, 0,
    ]);
    expect(tokenizeKitten('"').ids).toEqual([0, 15, 10, 0]);
    expect(Object.fromEntries(tokenizeKitten('a⁂').dropped)).toEqual({ '⁂': 1 });
  });

  it.runIf(hasPython())(
    'tokenises as the reference does in Python (\\w+|[^\\w\\s], dict lookup, framing)',
    () => {
      const samples = [
        'ðə kwˈɪk bɹˈaʊn fˈɑːks',
        'aɪ hæv 3 kˈæts , ænd ɐ dˈɑːɡ !',
        'n̩ ˈʌ ʔ ɑ̃ x_y « z » — …',
        'ɾ ʲ ʰ ↗ 12ab',
      ];
      const script = [
        'import json, re, sys',
        'symbols, samples = json.load(sys.stdin)',
        'table = {}',
        'for i, s in enumerate(symbols): table[s] = i',
        'out = []',
        'for text in samples:',
        '    spaced = " ".join(re.findall(r"\\w+|[^\\w\\s]", text))',
        '    out.append([0] + [table[c] for c in spaced if c in table] + [10, 0])',
        'print(json.dumps(out))',
      ].join('\n');
      const python = JSON.parse(
        execFileSync('python3', ['-c', script], {
          input: JSON.stringify([KITTEN_SYMBOLS, samples]),
          encoding: 'utf8',
        }),
      ) as number[][];
      expect(samples.map((text) => tokenizeKitten(text).ids)).toEqual(python);
    },
  );

  it('cuts sentences, drops their end marks and ends every chunk in punctuation', () => {
    expect(chunkKittenText('Hello there. How are you? Fine, thanks')).toEqual([
      'Hello there,',
      'How are you,',
      'Fine, thanks,',
    ]);
    const long = chunkKittenText(Array.from({ length: 120 }, () => 'word').join(' '), 100);
    expect(long.every((chunk) => chunk.length <= 101 && chunk.endsWith(','))).toBe(true);
  });
});

describe('Kitten TTS packs as published', () => {
  it('imports config.json + graph + voices.npz with named voices, genders, language and licence', () => {
    expect(pack.manifest).toMatchObject({ engine: 'kitten', sampleRate: 24_000, license: 'apache-2.0' });
    expect(pack.manifest.voices).toEqual([
      { id: 'expr-voice-2-f', label: 'Bella — English (US), female', language: 'en-US', gender: 'female' },
      { id: 'expr-voice-2-m', label: 'Jasper — English (US), male', language: 'en-US', gender: 'male' },
    ]);
    expect(pack.manifest.files.map((file) => [file.path, file.role])).toEqual([
      ['kitten_tts_test_v0_8.onnx', 'model'],
      ['config.json', 'config'],
      ['voices.npz', 'voices-archive'],
      ['README.md', 'doc'],
    ]);
  });

  it('renders each chunk with the style row of its length, the speed prior, and the end trimmed', async () => {
    const audio = await synth(request('expr-voice-2-m', 'Hello there. Good day'));
    const expected = concat([
      expectedChunk('Hello there,', 'hello there,', 0.2, 0.8),
      expectedChunk('Good day,', 'good day,', 0.2, 0.8),
    ]);
    expect(audio.length).toBe(expected.length);
    expect(maxAbsDifference(audio, expected)).toBeLessThan(1e-3);
  });

  it('gives distinct voices distinct audio, and takes the friendly names', async () => {
    const jasper = await synth(request('Jasper', 'Welcome to the show.'));
    const bella = await synth(request('expr-voice-2-f', 'Welcome to the show.'));
    expect(rms(jasper)).toBeGreaterThan(0.05);
    expect(rms(bella)).toBeGreaterThan(0.05);
    expect(maxAbsDifference(jasper, await synth(request('expr-voice-2-m', 'Welcome to the show.')))).toBe(0);
    expect(bella.length).toBe(jasper.length);
    expect(maxAbsDifference(jasper, bella)).toBeGreaterThan(0.1);
    const fast = await synth(request('Jasper', 'Welcome to the show.', 200));
    expect(fast.length).toBeLessThan(jasper.length);
  });

  it('refuses a voice the pack does not have, naming the ones it has', async () => {
    await expect(synth(request('Nobody', 'Hi.'))).rejects.toThrow(
      /no voice "Nobody" \(voices: expr-voice-2-f, expr-voice-2-m\)/,
    );
  });

  it('describes the voices of an imported pack through the worker engine', async () => {
    const description = await onnx.kitten.describe(packs.toModelSpec(pack, ['cpu']));
    expect(description.voices.map((voice) => voice.label)).toEqual([
      'Bella — English (US), female',
      'Jasper — English (US), male',
    ]);
  });
});

describe('Kitten voices written by numpy', () => {
  it.runIf(hasNumpy())(
    'imports a voices.npz that numpy.savez wrote ([rows,256] float32 per voice)',
    async () => {
      const dir = path.join(temp.dir, 'numpy', 'kitten-tts-nano-0.1');
      await writeKittenTestPack(dir);
      const script = [
        'import numpy as np, sys',
        'rows = np.arange(3 * 256, dtype=np.float32).reshape(3, 256) / 1000',
        "np.savez(sys.argv[1], **{'expr-voice-3-f': rows, 'expr-voice-3-m': rows + 0.5})",
      ].join('\n');
      execFileSync('python3', ['-c', script, path.join(dir, 'voices.npz')]);
      const imported = await packs.importPack(dir, { id: 'numpy-voices' });
      expect(imported.manifest.voices.map((voice) => [voice.id, voice.gender])).toEqual([
        ['expr-voice-3-f', 'female'],
        ['expr-voice-3-m', 'male'],
      ]);
      const audio = await synth({
        ...request('expr-voice-3-m', 'Hi there.'),
        model: packs.toModelSpec(imported, ['cpu']),
      });
      expect(rms(audio)).toBeGreaterThan(0.05);
    },
  );
});

describe('broken Kitten folders', () => {
  async function importBroken(name: string, options: Parameters<typeof writeKittenTestPack>[1]) {
    const dir = path.join(temp.dir, 'broken', name);
    await writeKittenTestPack(dir, options);
    return packs.importPack(dir, { id: name });
  }

  it('names the missing voices file', async () => {
    await expect(importBroken('no-voices', { voices: 'missing' })).rejects.toMatchObject({
      code: 'file-missing',
      message: expect.stringMatching(/has no voices\.npz, the voices file its config\.json names/),
    });
  });

  it('refuses voices of the wrong shape', async () => {
    await expect(importBroken('narrow', { voices: 'wrong-shape' })).rejects.toMatchObject({
      code: 'voices-invalid',
      message: expect.stringMatching(/shape \[400,128\], expected \[rows,1,256\]/),
    });
  });

  it('refuses a graph without the Kitten inputs, and a style of the wrong width', async () => {
    await expect(importBroken('renamed', { rename: { from: 'style', to: 'ref_s' } })).rejects.toMatchObject({
      code: 'model-mismatch',
      message: expect.stringMatching(/a Kitten TTS model has input_ids, style and speed/),
    });
    await expect(importBroken('wide', { styleWidth: 128 })).rejects.toMatchObject({
      code: 'model-mismatch',
      message: expect.stringMatching(/style has 128 values per row, expected 256/),
    });
  });

  it('refuses a config of another type', async () => {
    await expect(importBroken('typed', { config: { type: 'PYTORCH' } })).rejects.toMatchObject({
      code: 'config-invalid',
      message: expect.stringMatching(/type must be "ONNX1" or "ONNX2"/),
    });
    await fs.rm(path.join(temp.dir, 'broken'), { recursive: true, force: true });
  });
});
