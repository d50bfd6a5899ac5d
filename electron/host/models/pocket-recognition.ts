/**
 * Recognises a Pocket TTS folder as KevinAHM/pocket-tts-onnx publishes it: the five graphs
 * (`text_conditioner`, `mimi_encoder`, `flow_lm_main`, `flow_lm_flow`, `mimi_decoder`, each `.onnx`
 * or `_int8.onnx`) in `onnx/` or in the folder itself (a per-language bundle folder), `tokenizer.model`
 * beside them or at the top, optionally `bundle.json` and `bos_before_voice.npy`, and reference WAVs
 * (`reference_sample.wav`) that become the pack's own voices. The tokenizer and bundle are parsed here,
 * so a bad pack fails before anything is copied. Where a graph exists in both precisions, int8 is taken
 * (Kyutai's CPU figures are for int8) unless `--model fp32` asks otherwise.
 */
import path from 'node:path';
import type { PocketGraph } from '../../worker/engines/pocket/pocket-contract';
import {
  POCKET_GRAPHS,
  POCKET_SAMPLE_RATE,
  readPocketContract,
} from '../../worker/engines/pocket/pocket-contract';
import { parsePocketBundle } from '../../worker/engines/pocket/pocket-bundle';
import {
  POCKET_BOS_FILE,
  POCKET_BUNDLE_FILE,
  POCKET_ENGINE_ID,
  POCKET_TOKENIZER_FILE,
} from '../../worker/engines/pocket/pocket-model';
import { SentencePieceTokenizer } from '../../worker/engines/pocket/sentencepiece';
import { ModelPackError } from './model-pack-error';
import { checkSideFile } from './side-file-check';
import { graphContractProblem } from './graph-contract-problem';
import type { ModelSignature } from './model-inspector';
import type { PlannedFile, RecognisedPack, RecogniseOptions } from './pack-recognition';
import { listFiles } from './pack-recognition';

/** What the model card says; shown when the folder itself does not. */
export const POCKET_DEFAULT_LICENSE = 'CC-BY-4.0 (Kyutai Pocket TTS weights)';

/** The folder holding the five graphs (`onnx/`, or the folder itself), or undefined: not Pocket TTS. */
export async function findPocketGraphDir(srcDir: string): Promise<string | undefined> {
  for (const dir of [path.join(srcDir, 'onnx'), srcDir]) {
    const names = await listFiles(dir);
    if (
      POCKET_GRAPHS.every((graph) => names.includes(`${graph}.onnx`) || names.includes(`${graph}_int8.onnx`))
    )
      return dir;
  }
  return undefined;
}

export async function recognisePocket(
  srcDir: string,
  graphDir: string,
  options: RecogniseOptions,
  detectLicense: () => Promise<string | undefined>,
  sanitizeId: (raw: string, fallback: string) => string,
): Promise<RecognisedPack> {
  if (options.model !== undefined && options.model !== 'fp32' && options.model !== 'int8') {
    throw new ModelPackError(
      'ambiguous-pack',
      `a Pocket TTS folder has no single model file to choose; --model takes fp32 or int8 (got "${options.model}")`,
      undefined,
      srcDir,
    );
  }
  const relative = (file: string) => path.relative(srcDir, file).split(path.sep).join('/');
  const names = await listFiles(graphDir);
  const notes: string[] = [];
  const graphs = {} as Record<PocketGraph, PlannedFile>;
  for (const graph of POCKET_GRAPHS) {
    const int8 = names.includes(`${graph}_int8.onnx`);
    const fp32 = names.includes(`${graph}.onnx`);
    const pick = (options.model === 'fp32' ? fp32 : !int8) ? `${graph}.onnx` : `${graph}_int8.onnx`;
    if (int8 && fp32)
      notes.push(`took ${pick} of ${graph} (int8 and fp32 found; choose with --model fp32|int8)`);
    graphs[graph] = {
      source: path.join(graphDir, pick),
      path: relative(path.join(graphDir, pick)),
      role: graph === 'flow_lm_main' ? 'model' : 'graph',
      key: graph,
    };
  }
  const tokenizerSource = (await listFiles(graphDir)).includes('tokenizer.model')
    ? path.join(graphDir, 'tokenizer.model')
    : path.join(srcDir, 'tokenizer.model');
  await checkSide(tokenizerSource, 'vocab-missing', (bytes) => SentencePieceTokenizer.fromModel(bytes));
  const files: PlannedFile[] = [
    ...POCKET_GRAPHS.map((graph) => graphs[graph]),
    { source: tokenizerSource, path: relative(tokenizerSource), role: 'vocab', key: POCKET_TOKENIZER_FILE },
  ];
  if (names.includes('bundle.json')) {
    const source = path.join(graphDir, 'bundle.json');
    await checkSide(source, 'config-invalid', (bytes) =>
      parsePocketBundle(bytes.toString('utf8'), 'bundle.json'),
    );
    files.push({ source, path: relative(source), role: 'config', key: POCKET_BUNDLE_FILE });
  }
  if (names.includes('bos_before_voice.npy')) {
    const source = path.join(graphDir, 'bos_before_voice.npy');
    files.push({ source, path: relative(source), role: 'config', key: POCKET_BOS_FILE });
  }
  const wavs = (await listFiles(srcDir)).filter((name) => name.toLowerCase().endsWith('.wav'));
  for (const wav of wavs) {
    const voice = sanitizeId(path.basename(wav, path.extname(wav)), 'voice');
    files.push({ source: path.join(srcDir, wav), path: wav, role: 'voice', voice });
  }
  const docs = (await listFiles(srcDir)).filter((name) =>
    /^(MODEL_CARD|LICENSE|LICENCE|README)(\.(md|txt))?$/i.test(name),
  );
  files.push(
    ...docs.map((name): PlannedFile => ({ source: path.join(srcDir, name), path: name, role: 'doc' })),
  );
  const voices = wavs.map((wav) => {
    const id = sanitizeId(path.basename(wav, path.extname(wav)), 'voice');
    return { id, label: `${id} (reference sample)`, language: 'en' };
  });
  return {
    engine: POCKET_ENGINE_ID,
    suggestedId: sanitizeId(path.basename(path.resolve(srcDir)), 'pocket-tts'),
    label: 'Pocket TTS (Kyutai)',
    model: graphs.flow_lm_main,
    files,
    // A pack without a sample of its own still lists one entry: speakers clone from their clips.
    voices: voices.length > 0 ? voices : [{ id: 'clip', label: 'Voice from a clip', language: 'en' }],
    sampleRate: POCKET_SAMPLE_RATE,
    license: options.license ?? (await detectLicense()) ?? POCKET_DEFAULT_LICENSE,
    notes,
    graphs,
  };
}

function checkSide(
  file: string,
  code: 'vocab-missing' | 'config-invalid',
  parse: (bytes: Buffer) => unknown,
): Promise<void> {
  return checkSideFile(
    file,
    code,
    parse,
    'Download tokenizer.model (and bundle.json, if the export has one) from the same Pocket TTS export as the graphs.',
  );
}

/** Why the graphs do not make a Pocket TTS export (each inspected by `inspect`), or undefined. */
export function pocketContractProblem(
  graphs: Record<PocketGraph, { source: string; path: string }>,
  inspect: (absolute: string, shown: string) => Promise<ModelSignature>,
): Promise<string | undefined> {
  return graphContractProblem(POCKET_GRAPHS, graphs, inspect, readPocketContract);
}
