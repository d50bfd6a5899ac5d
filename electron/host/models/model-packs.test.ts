/**
 * Model packs with a fake model inspector (the ONNX files here are placeholders): recognition of the
 * distributed layouts, atomic import with hashes, listing, removal and verification errors. The same flow
 * with real test models and real onnxruntime is in test-support/onnx/model-packs.test.ts.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fsp from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DiskFullError } from '../files/write-errors';
import type { ModelInspector, ModelSignature } from './model-inspector';
import { ModelLoadError } from './model-inspector';
import { ModelPackError } from './model-pack-error';
import { ModelPacks } from './model-packs';
import { MANIFEST_FILE } from './pack-manifest';

const KOKORO_SIGNATURE: ModelSignature = {
  inputs: [
    { name: 'input_ids', type: 'int64', shape: [1, 'T'] },
    { name: 'style', type: 'float32', shape: [1, 256] },
    { name: 'speed', type: 'float32', shape: [1] },
  ],
  outputs: [{ name: 'waveform', type: 'float32', shape: ['N'] }],
};
const PIPER_SIGNATURE: ModelSignature = {
  inputs: [
    { name: 'input', type: 'int64', shape: [1, 'T'] },
    { name: 'input_lengths', type: 'int64', shape: [1] },
    { name: 'scales', type: 'float32', shape: [3] },
  ],
  outputs: [{ name: 'output', type: 'float32', shape: [1, 1, 1, 'S'] }],
};

/** Answers by file content: "kokoro", "piper", or fails like onnxruntime on anything else. */
const fakeInspector: ModelInspector = async (file) => {
  const content = fs.readFileSync(file, 'utf8');
  if (content.startsWith('kokoro')) return KOKORO_SIGNATURE;
  if (content.startsWith('piper')) return PIPER_SIGNATURE;
  throw new ModelLoadError('Protobuf parsing failed.');
};

function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

let root: string;
let packs: ModelPacks;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-model-packs-'));
  packs = new ModelPacks({
    modelsDir: path.join(root, 'data', 'models'),
    inspector: fakeInspector,
    now: () => new Date('2026-01-02T03:04:05Z'),
  });
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function write(file: string, content: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function kokoroFolder(name = 'Kokoro-82M-v1.0-ONNX'): string {
  const dir = path.join(root, 'downloads', name);
  write(path.join(dir, 'onnx', 'model.onnx'), 'kokoro model');
  write(path.join(dir, 'onnx', 'model_q8f16.onnx'), 'kokoro model, quantized');
  write(path.join(dir, 'voices', 'af_heart.bin'), new Uint8Array(510 * 256 * 4));
  write(path.join(dir, 'voices', 'bm_lewis.bin'), new Uint8Array(510 * 256 * 4).fill(1));
  write(path.join(dir, 'tokenizer.json'), JSON.stringify({ model: { vocab: { $: 0, a: 1, b: 2 } } }));
  write(path.join(dir, 'config.json'), JSON.stringify({ model_type: 'style_text_to_speech_2' }));
  write(path.join(dir, 'README.md'), '---\nlicense: apache-2.0\n---\n# Kokoro\n');
  return dir;
}

function piperFolder(name = 'en_US-lessac-medium'): string {
  const dir = path.join(root, 'downloads', 'piper', name);
  write(path.join(dir, `${name}.onnx`), 'piper model');
  const config = {
    audio: { sample_rate: 22050, quality: 'medium' },
    espeak: { voice: 'en-us' },
    language: { code: 'en_US' },
    phoneme_id_map: { _: [0], '^': [1], $: [2] },
    num_speakers: 1,
    dataset: 'lessac',
  };
  write(path.join(dir, `${name}.onnx.json`), JSON.stringify(config));
  write(path.join(dir, 'MODEL_CARD'), '# Model card\n* License: Blue Oak 1.0\n');
  return dir;
}

describe('ModelPacks.importPack', () => {
  it('recognises a Kokoro folder as distributed and installs the chosen files with hashes', async () => {
    const result = await packs.importPack(kokoroFolder());
    const { manifest } = result;
    expect(manifest).toMatchObject({
      id: 'Kokoro-82M-v1.0-ONNX',
      engine: 'kokoro',
      sampleRate: 24_000,
      license: 'apache-2.0',
      inputs: ['input_ids', 'style', 'speed'],
      importedAt: '2026-01-02T03:04:05.000Z',
    });
    expect(manifest.files.map((file) => [file.path, file.role])).toEqual([
      ['onnx/model.onnx', 'model'],
      ['tokenizer.json', 'vocab'],
      ['voices/af_heart.bin', 'voice'],
      ['voices/bm_lewis.bin', 'voice'],
      ['README.md', 'doc'],
    ]);
    expect(manifest.files[0]).toMatchObject({ bytes: 12, sha256: sha256('kokoro model') });
    expect(manifest.voices.map((voice) => [voice.id, voice.language, voice.gender])).toEqual([
      ['af_heart', 'en-US', 'female'],
      ['bm_lewis', 'en-GB', 'male'],
    ]);
    expect(result.notes[0]).toMatch(/took onnx\/model\.onnx .* also found onnx\/model_q8f16\.onnx/);
    // The quantized variant was not copied; nothing is left in the staging area.
    expect(fs.existsSync(path.join(result.dir, 'onnx', 'model_q8f16.onnx'))).toBe(false);
    expect(fs.readdirSync(packs.modelsDir)).toEqual(['Kokoro-82M-v1.0-ONNX']);
    const onDisk = JSON.parse(fs.readFileSync(path.join(result.dir, MANIFEST_FILE), 'utf8'));
    expect(onDisk).toEqual(manifest);
  });

  it('refuses a Kokoro voice holding NaN or Infinity, naming the file and the first bad value', async () => {
    const folder = kokoroFolder();
    const values = new Float32Array(510 * 256).fill(0.5);
    values[300] = Number.NaN;
    values[301] = Number.POSITIVE_INFINITY;
    write(path.join(folder, 'voices', 'bm_lewis.bin'), new Uint8Array(values.buffer));
    const error = await packs.importPack(folder).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelPackError);
    expect(error).toMatchObject({ code: 'voices-invalid' });
    expect((error as Error).message).toBe(
      'voices/bm_lewis.bin: bm_lewis.bin: style value 300 (row 1, column 44) is NaN; a voice holds only finite numbers',
    );
    expect(fs.existsSync(packs.modelsDir) ? fs.readdirSync(packs.modelsDir) : []).toEqual([]);
  });

  it('refuses a Piper config whose sample rate is not a plausible one, naming the file and field', async () => {
    for (const rate of [7, 1e9]) {
      const folder = piperFolder();
      const configFile = path.join(folder, 'en_US-lessac-medium.onnx.json');
      const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
      write(configFile, JSON.stringify({ ...config, audio: { sample_rate: rate } }));
      await expect(packs.importPack(folder)).rejects.toMatchObject({
        code: 'config-invalid',
        message:
          'en_US-lessac-medium.onnx.json is not a Piper voice config: audio.sample_rate: must be a whole number of Hz from 8000 to 192000 (Piper voices use 16000 or 22050)',
      });
    }
  });

  it('refuses huge side files before reading them, naming the file and the limit', async () => {
    const kokoro = kokoroFolder();
    const voice = path.join(kokoro, 'voices', 'bm_lewis.bin');
    fs.truncateSync(voice, 3 * 1024 ** 3); // sparse: 3 GiB on paper
    await expect(packs.importPack(kokoro)).rejects.toMatchObject({
      code: 'voices-invalid',
      message: `voices/bm_lewis.bin: ${voice} is 3.0 GiB; a Kokoro voice file is at most 256 MiB — this is not one`,
    });
    const piper = piperFolder();
    const config = path.join(piper, 'en_US-lessac-medium.onnx.json');
    fs.truncateSync(config, 1024 ** 3);
    await expect(packs.importPack(piper)).rejects.toMatchObject({
      code: 'config-invalid',
      message: `${config} is 1.0 GiB; a Piper voice config is at most 16 MiB — this is not one`,
    });
  });

  it('records the SHA-256 and size of every file', async () => {
    const folder = piperFolder();
    const { manifest } = await packs.importPack(folder);
    for (const file of manifest.files) {
      const content = fs.readFileSync(path.join(folder, file.path));
      expect(file).toMatchObject({ bytes: content.length, sha256: sha256(content) });
    }
  });

  it('recognises a Piper voice (.onnx + .onnx.json) with its model card license', async () => {
    const { manifest } = await packs.importPack(piperFolder());
    expect(manifest).toMatchObject({
      id: 'en_US-lessac-medium',
      engine: 'piper',
      sampleRate: 22_050,
      license: 'Blue Oak 1.0',
    });
    expect(manifest.voices).toEqual([{ id: 'default', label: 'lessac — en-US (medium)', language: 'en-US' }]);
    expect(manifest.files.map((file) => file.role)).toEqual(['model', 'config', 'doc']);
  });

  it('takes a named variant on request, with its own id', async () => {
    const { manifest } = await packs.importPack(kokoroFolder(), { model: 'model_q8f16.onnx' });
    expect(manifest.id).toBe('Kokoro-82M-v1.0-ONNX-model_q8f16');
    expect(manifest.files[0]?.path).toBe('onnx/model_q8f16.onnx');
  });

  it('refuses to overwrite unless asked, and replaces atomically when asked', async () => {
    const folder = piperFolder();
    await packs.importPack(folder);
    await expect(packs.importPack(folder)).rejects.toMatchObject({ code: 'pack-exists' });
    write(path.join(folder, 'en_US-lessac-medium.onnx'), 'piper model v2');
    const { manifest } = await packs.importPack(folder, { replace: true });
    expect(manifest.files[0]?.bytes).toBe(14);
    expect(fs.readdirSync(packs.modelsDir)).toEqual(['en_US-lessac-medium']);
  });

  it('refuses a pack the disk cannot hold before copying anything, saying how large it is', async () => {
    const folder = kokoroFolder();
    const statfs = vi.spyOn(fsp, 'statfs').mockResolvedValue({ bavail: 0, bsize: 4096 } as never);
    const error = await packs.importPack(folder).catch((caught: unknown) => caught);
    statfs.mockRestore();
    expect(error).toBeInstanceOf(DiskFullError);
    expect((error as Error).message).toMatch(
      /^the disk is full: cannot write .*models\/Kokoro-82M-v1\.0-ONNX; it needs about \d+(\.\d)? [KM]B and 0 bytes are free there$/,
    );
    expect(fs.readdirSync(path.join(root, 'data', 'models'))).toEqual([]);
  });

  it('says what is wrong with folders that are not packs', async () => {
    const empty = path.join(root, 'empty');
    fs.mkdirSync(empty);
    await expect(packs.importPack(empty)).rejects.toMatchObject({ code: 'not-a-pack' });
    await expect(packs.importPack(path.join(root, 'nowhere'))).rejects.toMatchObject({
      code: 'not-a-directory',
    });

    const noVocab = kokoroFolder('no-vocab');
    fs.rmSync(path.join(noVocab, 'tokenizer.json'));
    await expect(packs.importPack(noVocab)).rejects.toMatchObject({
      code: 'vocab-missing',
      hint: expect.stringContaining('tokenizer.json'),
    });

    const badVoice = kokoroFolder('bad-voice');
    write(path.join(badVoice, 'voices', 'af_heart.bin'), new Uint8Array(1000));
    await expect(packs.importPack(badVoice)).rejects.toMatchObject({
      code: 'voices-invalid',
      file: path.join(badVoice, 'voices', 'af_heart.bin'),
    });

    const wrongModel = piperFolder('en_US-wrong-low');
    write(path.join(wrongModel, 'en_US-wrong-low.onnx'), 'kokoro model in a piper folder');
    await expect(packs.importPack(wrongModel)).rejects.toMatchObject({
      code: 'model-mismatch',
      message: expect.stringContaining('input_lengths'),
    });

    const garbage = piperFolder('en_US-garbage-low');
    write(path.join(garbage, 'en_US-garbage-low.onnx'), 'not a model');
    await expect(packs.importPack(garbage)).rejects.toMatchObject({
      code: 'model-unloadable',
      message: expect.stringContaining('Protobuf'),
    });

    const badConfig = piperFolder('en_US-config-low');
    write(path.join(badConfig, 'en_US-config-low.onnx.json'), '{"audio": {}}');
    await expect(packs.importPack(badConfig)).rejects.toMatchObject({ code: 'config-invalid' });
    // Nothing half-installed.
    expect(fs.existsSync(packs.modelsDir) ? fs.readdirSync(packs.modelsDir) : []).toEqual([]);
  });
});

describe('files outside a pack', () => {
  it('a voices/ folder linked to somewhere else is refused at import, and nothing is installed', async () => {
    const folder = kokoroFolder();
    const elsewhere = path.join(root, 'elsewhere', 'voices');
    fs.mkdirSync(path.dirname(elsewhere));
    fs.renameSync(path.join(folder, 'voices'), elsewhere);
    fs.symlinkSync(elsewhere, path.join(folder, 'voices'), 'dir');
    const error = await packs.importPack(folder).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelPackError);
    expect(error).toMatchObject({ code: 'outside-pack', file: 'voices/af_heart.bin' });
    expect((error as Error).message).toContain(`leads outside the folder (to ${fs.realpathSync(elsewhere)}`);
    expect(fs.existsSync(packs.modelsDir) ? fs.readdirSync(packs.modelsDir) : []).toEqual([]);
  });

  it('a link that stays inside the folder is fine', async () => {
    const folder = kokoroFolder();
    fs.renameSync(path.join(folder, 'voices'), path.join(folder, 'voices-v1'));
    fs.symlinkSync(path.join(folder, 'voices-v1'), path.join(folder, 'voices'), 'dir');
    const { manifest } = await packs.importPack(folder);
    expect(manifest.voices.map((voice) => voice.id)).toEqual(['af_heart', 'bm_lewis']);
  });

  it('an installed pack whose voices/ now leads outside it is not loaded or verified', async () => {
    const { dir } = await packs.importPack(kokoroFolder());
    const elsewhere = path.join(root, 'elsewhere-installed');
    fs.renameSync(path.join(dir, 'voices'), elsewhere);
    fs.symlinkSync(elsewhere, path.join(dir, 'voices'), 'dir');
    await expect(packs.getPack('Kokoro-82M-v1.0-ONNX')).rejects.toMatchObject({ code: 'outside-pack' });
    await expect(packs.verifyPack('Kokoro-82M-v1.0-ONNX')).rejects.toMatchObject({
      code: 'outside-pack',
      message: expect.stringContaining('voices/af_heart.bin leads outside the pack folder'),
    }); // Removing the pack removes the link, never the files it leads to.
    await packs.removePack('Kokoro-82M-v1.0-ONNX');
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.readdirSync(elsewhere).sort()).toEqual(['af_heart.bin', 'bm_lewis.bin']);
  });
});

describe('ModelPacks list, verify, remove', () => {
  it('lists packs and reports broken folders instead of failing', async () => {
    await packs.importPack(kokoroFolder());
    await packs.importPack(piperFolder());
    write(path.join(packs.modelsDir, 'stray', 'manifest.json'), '{"schemaVersion": 1}');
    write(path.join(packs.modelsDir, 'future', 'manifest.json'), '{"schemaVersion": 9}');
    const listing = await packs.listPacks();
    expect(listing.packs.map((pack) => pack.manifest.id)).toEqual([
      'Kokoro-82M-v1.0-ONNX',
      'en_US-lessac-medium',
    ]);
    expect(listing.broken.map((entry) => [path.basename(entry.dir), entry.problem.code])).toEqual([
      ['future', 'manifest-invalid'],
      ['stray', 'manifest-invalid'],
    ]);
    expect(listing.broken[0]?.problem.message).toMatch(/newer Roundtable Studio/);
  });

  it('reports an installed pack whose manifest has an implausible sample rate as broken', async () => {
    const { dir } = await packs.importPack(piperFolder());
    const file = path.join(dir, MANIFEST_FILE);
    write(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), sampleRate: 7 }));
    const listing = await packs.listPacks();
    expect(listing.packs).toEqual([]);
    expect(listing.broken.map((entry) => entry.problem.code)).toEqual(['manifest-invalid']);
    expect(listing.broken[0]?.problem.message).toMatch(/sampleRate/);
  });

  it('verifies an intact pack and names missing, resized and damaged files', async () => {
    const { dir } = await packs.importPack(kokoroFolder());
    await expect(packs.verifyPack('Kokoro-82M-v1.0-ONNX', { loadModel: true })).resolves.toMatchObject({
      files: 5,
    });

    fs.rmSync(path.join(dir, 'voices', 'bm_lewis.bin'));
    fs.appendFileSync(path.join(dir, 'tokenizer.json'), ' ');
    const voice = path.join(dir, 'voices', 'af_heart.bin');
    const bytes = fs.readFileSync(voice);
    bytes[100] = 7;
    fs.writeFileSync(voice, bytes);
    const error = await packs.verifyPack('Kokoro-82M-v1.0-ONNX').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelPackError);
    const packError = error as ModelPackError;
    expect(packError.problems.map((problem) => [problem.code, problem.file])).toEqual([
      ['file-mismatch', 'tokenizer.json'],
      ['file-corrupt', 'voices/af_heart.bin'],
      ['file-missing', 'voices/bm_lewis.bin'],
    ]);
    expect(packError.hint).toMatch(/models import <folder> --replace/);
  });

  it('builds the worker’s ModelSpec from a manifest', async () => {
    const kokoro = await packs.importPack(kokoroFolder());
    const spec = packs.toModelSpec(kokoro, ['cpu']);
    expect(spec).toMatchObject({
      id: 'Kokoro-82M-v1.0-ONNX',
      engine: 'kokoro',
      sampleRate: 24_000,
      providers: ['cpu'],
    });
    expect(Object.keys(spec.files).sort()).toEqual(['model', 'vocab', 'voice:af_heart', 'voice:bm_lewis']);
    expect(spec.files.model).toBe(path.join(kokoro.dir, 'onnx', 'model.onnx'));
    const piper = packs.toModelSpec(await packs.importPack(piperFolder()));
    expect(Object.keys(piper.files).sort()).toEqual(['config', 'model']);
  });

  it('records observed memory in the manifest', async () => {
    await packs.importPack(piperFolder());
    await packs.recordObservedMemory('en_US-lessac-medium', 123_456_789, 'cpu');
    const { manifest } = await packs.getPack('en_US-lessac-medium');
    expect(manifest.memory.observed).toEqual({
      residentBytes: 123_456_789,
      provider: 'cpu',
      at: '2026-01-02T03:04:05.000Z',
    });
  });

  it('removes a pack (also one with a broken manifest) and says when there is none', async () => {
    await packs.importPack(piperFolder());
    await packs.removePack('en_US-lessac-medium');
    expect(fs.readdirSync(packs.modelsDir)).toEqual([]);
    await expect(packs.removePack('en_US-lessac-medium')).rejects.toMatchObject({ code: 'pack-not-found' });
    write(path.join(packs.modelsDir, 'broken', 'manifest.json'), 'not json');
    await packs.removePack('broken');
    expect(fs.readdirSync(packs.modelsDir)).toEqual([]);
    await expect(packs.verifyPack('../etc')).rejects.toMatchObject({ code: 'not-a-pack' });
  });
});
