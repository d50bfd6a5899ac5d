/**
 * Recognises a model folder as it is distributed and plans which files make the pack:
 * - Piper: `<name>.onnx` + `<name>.onnx.json` (rhasspy/piper-voices, piper1-gpl), plus MODEL_CARD;
 * - Pocket TTS: five graphs in `onnx/` (or the folder) with `tokenizer.model` (pocket-recognition.ts);
 * - Chatterbox Turbo: four graphs (and their `.onnx_data`) in `onnx/` with `tokenizer.json`
 *   (chatterbox-recognition.ts);
 * - Kokoro: an .onnx (root or `onnx/`), voices as `voices/*.bin` (raw float32, onnx-community) or one
 *   `voices*.bin`/`.npz` archive (kokoro-onnx), and the vocabulary from `tokenizer.json`, `config.json`
 *   (`vocab`) or `tokens.txt`.
 * - Kitten TTS: `config.json` naming the graph (`model_file`) and the `.npz` voices (KittenML on Hugging
 *   Face), see kitten-pack.ts;
 * - Supertonic: `onnx/` with four graphs, `tts.json` and `unicode_indexer.json`, and `voice_styles/*.json`
 *   (Supertone on Hugging Face), see supertonic-pack.ts;
 * Side files are parsed here (config, vocabulary, voices) so a bad pack fails before anything is copied.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { kokoroVoiceInfo } from '../../worker/engines/kokoro/kokoro-voice-info';
import { parseKokoroVocab } from '../../worker/engines/kokoro/kokoro-vocab';
import { voiceFromRaw, voicesFromNpz } from '../../worker/engines/kokoro/kokoro-voices';
import { checkInsideFolder } from './inside-folder';
import { isZip } from '../../worker/engines/kokoro/zip-archive';
import type { PiperConfig } from '../../worker/engines/piper/piper-config';
import { parsePiperConfig } from '../../worker/engines/piper/piper-config';
import { piperVoiceInfos } from '../../worker/engines/piper/piper-voice-info';
import { recogniseKitten } from './kitten-pack';
import { ModelPackError } from './model-pack-error';
import type { PocketGraph } from '../../worker/engines/pocket/pocket-contract';
import type { ChatterboxGraph } from '../../worker/engines/chatterbox/chatterbox-contract';
import { findChatterboxGraphDir, recogniseChatterbox } from './chatterbox-recognition';
import { findPocketGraphDir, recognisePocket } from './pocket-recognition';
import { recogniseSupertonic } from './supertonic-pack';
import type { PackEngine, PackFileRole, PackVoice } from './pack-manifest';

export interface PlannedFile {
  /** Absolute path in the source folder. */
  source: string;
  /** Path inside the pack (`/`-separated). */
  path: string;
  role: PackFileRole;
  voice?: string;
  /** The key the engine reads the file under (see PackFile.key). */
  key?: string;
}

export interface RecognisedPack {
  engine: PackEngine;
  suggestedId: string;
  label: string;
  model: PlannedFile;
  files: PlannedFile[];
  voices: PackVoice[];
  sampleRate: number;
  license: string;
  /** Choices made on the user's behalf (e.g. which model variant), to report. */
  notes: string[];
  piperConfig?: PiperConfig;
  /** Pocket TTS: every graph, each checked against its contract at import. */
  graphs?: Record<PocketGraph, PlannedFile>;
  /** Chatterbox Turbo: every graph, each checked against its contract at import. */
  chatterboxGraphs?: Record<ChatterboxGraph, PlannedFile>;
}

export interface RecogniseOptions {
  /** Which .onnx to take when the folder has several (file name or path inside the folder). */
  model?: string;
  /** License text to record when the folder does not say. */
  license?: string;
}

const KOKORO_SAMPLE_RATE = 24_000;
const MIB = 1024 * 1024;
/** The largest side files read whole at import (published ones are KBs; a voices archive ~27 MB). */
export const MAX_TEXT_FILE_BYTES = 16 * MIB;
export const MAX_VOICES_FILE_BYTES = 256 * MIB;

/** A side file's bytes, refused before reading (naming the file and the limit) when it is larger than `maxBytes`. */
export async function readLimited(file: string, maxBytes: number, what: string): Promise<Buffer> {
  const stat = await fs.stat(file);
  if (stat.size > maxBytes) {
    throw new Error(
      `${file} is ${formatBytes(stat.size)}; ${what} is at most ${formatBytes(maxBytes)} — this is not one`,
    );
  }
  return fs.readFile(file);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * MIB ? `${(bytes / (1024 * MIB)).toFixed(1)} GiB` : `${Math.ceil(bytes / MIB)} MiB`;
}
export const DOC_FILES = /^(MODEL_CARD|LICENSE|LICENCE|README)(\.(md|txt))?$/i;

export async function recognisePack(srcDir: string, options: RecogniseOptions = {}): Promise<RecognisedPack> {
  const stat = await fs.stat(srcDir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new ModelPackError(
      'not-a-directory',
      `${srcDir} is not a folder`,
      'Pass the folder that holds the model files.',
      srcDir,
    );
  }
  const root = await listFiles(srcDir);
  const licenseOf = async () => {
    const found = await detectLicense(srcDir, root);
    return found.startsWith('unknown') ? undefined : found;
  };
  const chatterboxDir = await findChatterboxGraphDir(srcDir);
  if (chatterboxDir) {
    const plan = await recogniseChatterbox(srcDir, chatterboxDir, options, licenseOf, sanitizeId);
    await checkInsideSource(
      srcDir,
      plan.files.map((file) => file.path),
    );
    return plan;
  }
  const pocketDir = await findPocketGraphDir(srcDir);
  if (pocketDir) {
    const plan = await recognisePocket(
      srcDir,
      pocketDir,
      options,
      async () => {
        const found = await detectLicense(srcDir, root);
        return found.startsWith('unknown') ? undefined : found;
      },
      sanitizeId,
    );
    await checkInsideSource(
      srcDir,
      plan.files.map((file) => file.path),
    );
    return plan;
  }
  const piperModels = root.filter((name) => name.endsWith('.onnx') && root.includes(`${name}.json`));
  const plan =
    piperModels.length > 0
      ? await recognisePiper(srcDir, root, pickModel(srcDir, piperModels, options.model), options)
      : ((await recogniseKitten(srcDir, root, options)) ??
        (await recogniseSupertonic(srcDir, root, options)) ??
        (await recogniseKokoro(srcDir, root, options)));
  await checkInsideSource(
    srcDir,
    plan.files.map((file) => file.path),
  );
  return plan;
}

/** Every file of an import must be inside the chosen folder, also after following links (`voices/` → elsewhere). */
export async function checkInsideSource(srcDir: string, files: readonly string[]): Promise<void> {
  await checkInsideFolder(
    srcDir,
    files,
    (file, real) => `${file} in ${srcDir} leads outside the folder (to ${real}), so it is not imported`,
    'Copy the files into the model folder itself instead of linking to them, then import again.',
  );
}

async function recognisePiper(
  srcDir: string,
  root: string[],
  modelName: string,
  options: RecogniseOptions,
): Promise<RecognisedPack> {
  const configName = `${modelName}.json`;
  const configPath = path.join(srcDir, configName);
  let config: PiperConfig;
  try {
    const bytes = await readLimited(configPath, MAX_TEXT_FILE_BYTES, 'a Piper voice config');
    config = parsePiperConfig(bytes.toString('utf8'), configName);
  } catch (error) {
    throw new ModelPackError(
      'config-invalid',
      (error as Error).message,
      'Use the .onnx.json that was published with this voice.',
      configPath,
    );
  }
  const id = sanitizeId(modelName.slice(0, -'.onnx'.length), 'piper');
  const model = planned(srcDir, modelName, 'model');
  const docs = root.filter((name) => DOC_FILES.test(name)).map((name) => planned(srcDir, name, 'doc'));
  const voices: PackVoice[] = piperVoiceInfos(config, id).map(({ id: voice, label, language, gender }) => ({
    id: voice,
    label,
    language,
    ...(gender ? { gender } : {}),
  }));
  return {
    engine: 'piper',
    suggestedId: id,
    label: `Piper ${config.dataset ?? id}${config.audio.quality ? ` (${config.audio.quality})` : ''}`,
    model,
    files: [model, planned(srcDir, configName, 'config'), ...docs],
    voices,
    sampleRate: config.audio.sample_rate,
    license: options.license ?? (await detectLicense(srcDir, root)),
    notes: [],
    piperConfig: config,
  };
}

async function recogniseKokoro(
  srcDir: string,
  root: string[],
  options: RecogniseOptions,
): Promise<RecognisedPack> {
  const onnxDir = await listFiles(path.join(srcDir, 'onnx'));
  const candidates = [
    ...root.filter((name) => name.endsWith('.onnx')),
    ...onnxDir.filter((name) => name.endsWith('.onnx')).map((name) => `onnx/${name}`),
  ];
  const voiceFiles = await findKokoroVoices(srcDir, root);
  if (candidates.length === 0 || voiceFiles.length === 0) {
    throw new ModelPackError(
      'not-a-pack',
      `${srcDir} is not a model folder: it holds no Piper voice (<name>.onnx + <name>.onnx.json), Kokoro model (an .onnx with voices/*.bin or a voices .npz archive), Kitten TTS model (config.json naming an .onnx and voices.npz), Supertonic model (onnx/tts.json with its four graphs), Pocket TTS export (its five graphs) or Chatterbox Turbo export (its four graphs and tokenizer.json)`,
      'Point to the folder you downloaded, e.g. a piper-voices voice folder, onnx-community/Kokoro-82M-v1.0-ONNX, KittenML/kitten-tts-nano-0.8 or Supertone/supertonic-3.',
      srcDir,
    );
  }
  const notes: string[] = [];
  const modelName = pickModel(srcDir, candidates, options.model, notes);
  const model = planned(srcDir, modelName, 'model');
  const vocab = await findKokoroVocab(srcDir, root);
  const { files: voicePlans, ids } = await readKokoroVoices(srcDir, voiceFiles);
  const stem = path.basename(modelName, '.onnx');
  const base = sanitizeId(path.basename(path.resolve(srcDir)), 'kokoro');
  // A variant picked by hand gets its own id, so several variants of one folder can be installed.
  const id = options.model !== undefined && stem !== 'model' ? `${base}-${sanitizeId(stem, 'model')}` : base;
  const docs = root.filter((name) => DOC_FILES.test(name)).map((name) => planned(srcDir, name, 'doc'));
  return {
    engine: 'kokoro',
    suggestedId: id,
    label: `Kokoro ${modelName}`,
    model,
    files: [model, vocab, ...voicePlans, ...docs],
    voices: ids.map((voice) => {
      const { label, language, gender } = kokoroVoiceInfo(voice, id);
      return { id: voice, label, language, ...(gender ? { gender } : {}) };
    }),
    sampleRate: KOKORO_SAMPLE_RATE,
    license: options.license ?? (await detectLicense(srcDir, root)),
    notes,
  };
}

/** `voices/*.bin`, or `voices*.bin` / `*.npz` archives at the top level. */
async function findKokoroVoices(srcDir: string, root: string[]): Promise<string[]> {
  const inVoicesDir = (await listFiles(path.join(srcDir, 'voices')))
    .filter((name) => name.endsWith('.bin'))
    .map((name) => `voices/${name}`);
  if (inVoicesDir.length > 0) return inVoicesDir;
  return root.filter((name) => /^voices.*\.(bin|npz)$/i.test(name) || name.endsWith('.npz'));
}

async function readKokoroVoices(
  srcDir: string,
  files: string[],
): Promise<{ files: PlannedFile[]; ids: string[] }> {
  const plans: PlannedFile[] = [];
  const ids: string[] = [];
  // Checked before reading: a linked voices/ folder is not read at all.
  await checkInsideSource(srcDir, files);
  for (const file of files) {
    const source = path.join(srcDir, file);
    try {
      const bytes = await readLimited(source, MAX_VOICES_FILE_BYTES, 'a Kokoro voice file');
      if (isZip(bytes)) {
        const voices = voicesFromNpz(bytes, source);
        plans.push(planned(srcDir, file, 'voices-archive'));
        ids.push(...voices.map((voice) => voice.id));
      } else if (file.startsWith('voices/')) {
        const id = path.basename(file, '.bin');
        voiceFromRaw(id, bytes, source);
        plans.push({ ...planned(srcDir, file, 'voice'), voice: id });
        ids.push(id);
      } else {
        throw new Error(
          'is one raw file, not an .npz archive; combined raw voice files (sherpa-onnx layout) are not supported — use voices/<name>.bin files or kokoro-onnx’s voices-v1.0.bin',
        );
      }
    } catch (error) {
      throw new ModelPackError(
        'voices-invalid',
        `${file}: ${(error as Error).message}`,
        'Download the voices again from the same source as the model.',
        source,
      );
    }
  }
  return { files: plans, ids: [...new Set(ids)].sort() };
}

async function findKokoroVocab(srcDir: string, root: string[]): Promise<PlannedFile> {
  for (const name of ['tokenizer.json', 'config.json', 'tokens.txt']) {
    if (!root.includes(name)) continue;
    try {
      const bytes = await readLimited(path.join(srcDir, name), MAX_TEXT_FILE_BYTES, 'a vocabulary');
      parseKokoroVocab(bytes.toString('utf8'), name);
      return planned(srcDir, name, 'vocab');
    } catch {
      // Not a vocabulary (e.g. a config.json without `vocab`): try the next candidate.
    }
  }
  throw new ModelPackError(
    'vocab-missing',
    `${srcDir} has no Kokoro phoneme vocabulary`,
    'Add tokenizer.json (from onnx-community/Kokoro-82M-v1.0-ONNX) or config.json (from hexgrad/Kokoro-82M) to the folder, then import again.',
    srcDir,
  );
}

function pickModel(
  srcDir: string,
  candidates: string[],
  wanted: string | undefined,
  notes: string[] = [],
): string {
  if (wanted !== undefined) {
    const match = candidates.find((name) => name === wanted || path.basename(name) === wanted);
    if (!match) {
      throw new ModelPackError(
        'ambiguous-pack',
        `${srcDir} has no model "${wanted}" (found: ${candidates.join(', ')})`,
        undefined,
        srcDir,
      );
    }
    return match;
  }
  if (candidates.length === 1) return candidates[0] as string;
  const preferred = candidates.find((name) => path.basename(name) === 'model.onnx');
  if (preferred) {
    notes.push(
      `took ${preferred} (full precision); also found ${candidates.filter((name) => name !== preferred).join(', ')} — pick one with --model`,
    );
    return preferred;
  }
  throw new ModelPackError(
    'ambiguous-pack',
    `${srcDir} has several models: ${candidates.join(', ')}`,
    'Choose one with --model <file>.',
    srcDir,
  );
}

/** License from a README's front matter (`license: apache-2.0`), a MODEL_CARD line or a LICENSE file. */
export async function detectLicense(srcDir: string, root: string[]): Promise<string> {
  for (const name of root.filter((file) => DOC_FILES.test(file))) {
    const text = await readLimited(path.join(srcDir, name), MAX_TEXT_FILE_BYTES, 'a model card').then(
      (bytes) => bytes.toString('utf8'),
      () => '',
    );
    if (/^LICEN[CS]E/i.test(name)) {
      const first = text.split('\n').find((line) => line.trim() !== '');
      if (first) return first.trim();
    }
    const line = /^\W*licen[cs]e\b\W*(.+)$/im.exec(text)?.[1]?.trim();
    if (line) return line.replace(/^\W+|\W+$/g, '');
  }
  return 'unknown — check the terms where you downloaded this model';
}

export function planned(srcDir: string, relative: string, role: PackFileRole): PlannedFile {
  return { source: path.join(srcDir, ...relative.split('/')), path: relative, role };
}

export async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

export function sanitizeId(raw: string, fallback: string): string {
  const cleaned = raw
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.\-_]+/, '')
    .slice(0, 100);
  return cleaned === '' ? fallback : cleaned;
}
