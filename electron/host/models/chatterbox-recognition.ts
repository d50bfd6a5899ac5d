/**
 * Recognises a Chatterbox Turbo folder as ResembleAI/chatterbox-turbo-ONNX publishes it: the four graphs
 * (`speech_encoder`, `embed_tokens`, `language_model`, `conditional_decoder`) in `onnx/`, each with its
 * weights beside it in `<graph>.onnx_data`, in one or more precisions (`<graph>.onnx` fp32,
 * `_quantized` q8, `_q4`, `_fp16`, `_q4f16`), and `tokenizer.json` at the top (or beside the graphs).
 * WAVs in the folder become the pack's own voices. The tokenizer is parsed here, so a bad pack fails
 * before anything is copied; each graph is checked against the published contract at import.
 */
import path from 'node:path';
import { BpeTokenizer } from '../../worker/engines/chatterbox/bpe-tokenizer';
import type { ChatterboxGraph } from '../../worker/engines/chatterbox/chatterbox-contract';
import {
  CHATTERBOX_GRAPHS,
  CHATTERBOX_SAMPLE_RATE,
  readChatterboxContract,
} from '../../worker/engines/chatterbox/chatterbox-contract';
import {
  CHATTERBOX_ENGINE_ID,
  CHATTERBOX_TOKENIZER_FILE,
} from '../../worker/engines/chatterbox/chatterbox-model';
import { CHATTERBOX_VOICE_PREFIX } from '../../worker/engines/chatterbox/chatterbox-voices';
import type { ModelSignature } from './model-inspector';
import { ModelPackError } from './model-pack-error';
import { checkSideFile } from './side-file-check';
import { graphContractProblem } from './graph-contract-problem';
import type { PlannedFile, RecognisedPack, RecogniseOptions } from './pack-recognition';
import { DOC_FILES, listFiles } from './pack-recognition';

/** What the model card says; shown when the folder itself does not. */
export const CHATTERBOX_DEFAULT_LICENSE = 'MIT (Resemble AI Chatterbox Turbo)';

/** The published precisions, by the name `--model` takes, and their file suffix; the first found is taken. */
const VARIANTS = [
  ['fp32', ''],
  ['q8', '_quantized'],
  ['q4', '_q4'],
  ['fp16', '_fp16'],
  ['q4f16', '_q4f16'],
] as const;

/**
 * The folder holding the four graphs (`onnx/`, or the folder itself), or undefined: not Chatterbox. A folder
 * with some of them but not all is a Chatterbox download missing a graph, and is refused naming it.
 */
export async function findChatterboxGraphDir(srcDir: string): Promise<string | undefined> {
  for (const dir of [path.join(srcDir, 'onnx'), srcDir]) {
    const names = await listFiles(dir);
    const has = (graph: ChatterboxGraph) =>
      VARIANTS.some(([, suffix]) => names.includes(`${graph}${suffix}.onnx`));
    const found = CHATTERBOX_GRAPHS.filter(has);
    if (found.length === CHATTERBOX_GRAPHS.length) return dir;
    if (found.length >= 2) {
      const missing = CHATTERBOX_GRAPHS.filter((graph) => !has(graph));
      throw new ModelPackError(
        'file-missing',
        `${dir} has Chatterbox Turbo's ${found.join(', ')} but no ${missing.join(', ')} graph`,
        `Download ${missing.map((graph) => `onnx/${graph}.onnx`).join(', ')} (each with its .onnx_data) from the same export.`,
        dir,
      );
    }
  }
  return undefined;
}

export async function recogniseChatterbox(
  srcDir: string,
  graphDir: string,
  options: RecogniseOptions,
  detectLicense: () => Promise<string | undefined>,
  sanitizeId: (raw: string, fallback: string) => string,
): Promise<RecognisedPack> {
  const names = VARIANTS.map(([name]) => name) as string[];
  if (options.model !== undefined && !names.includes(options.model)) {
    throw new ModelPackError(
      'ambiguous-pack',
      `a Chatterbox Turbo folder has no single model file to choose; --model takes ${names.join(', ')} (got "${options.model}")`,
      undefined,
      srcDir,
    );
  }
  const relative = (file: string) => path.relative(srcDir, file).split(path.sep).join('/');
  const present = await listFiles(graphDir);
  const notes: string[] = [];
  const graphs = {} as Record<ChatterboxGraph, PlannedFile>;
  const files: PlannedFile[] = [];
  for (const graph of CHATTERBOX_GRAPHS) {
    const found = VARIANTS.filter(([, suffix]) => present.includes(`${graph}${suffix}.onnx`));
    const pick = options.model === undefined ? found[0] : found.find(([name]) => name === options.model);
    if (!pick) {
      throw new ModelPackError(
        'file-missing',
        `${graphDir} has no ${options.model} ${graph} (it has ${found.map(([name]) => name).join(', ')})`,
        `Download ${graph}${VARIANTS.find(([name]) => name === options.model)?.[1] ?? ''}.onnx and its .onnx_data, or choose another --model.`,
        graphDir,
      );
    }
    if (found.length > 1 && options.model === undefined)
      notes.push(
        `took the ${pick[0]} ${graph} (${found.map(([name]) => name).join(', ')} found; choose with --model)`,
      );
    const file = `${graph}${pick[1]}.onnx`;
    const source = path.join(graphDir, file);
    graphs[graph] = {
      source,
      path: relative(source),
      role: graph === 'language_model' ? 'model' : 'graph',
      key: graph,
    };
    files.push(graphs[graph]);
    if (present.includes(`${file}_data`)) {
      const data = path.join(graphDir, `${file}_data`);
      files.push({ source: data, path: relative(data), role: 'weights' });
    }
  }
  const tokenizerSource = (await listFiles(srcDir)).includes('tokenizer.json')
    ? path.join(srcDir, 'tokenizer.json')
    : path.join(graphDir, 'tokenizer.json');
  await checkTokenizer(tokenizerSource);
  files.push({
    source: tokenizerSource,
    path: relative(tokenizerSource),
    role: 'vocab',
    key: CHATTERBOX_TOKENIZER_FILE,
  });
  const root = await listFiles(srcDir);
  const wavs = root.filter((name) => name.toLowerCase().endsWith('.wav'));
  const voices = wavs.map((wav) => {
    const id = sanitizeId(path.basename(wav, path.extname(wav)), 'voice');
    files.push({
      source: path.join(srcDir, wav),
      path: wav,
      role: 'voice',
      voice: id,
      key: `${CHATTERBOX_VOICE_PREFIX}${id}`,
    });
    return { id, label: `${id} (reference sample)`, language: 'en' };
  });
  files.push(
    ...root
      .filter((name) => DOC_FILES.test(name))
      .map((name): PlannedFile => ({ source: path.join(srcDir, name), path: name, role: 'doc' })),
  );
  return {
    engine: CHATTERBOX_ENGINE_ID,
    suggestedId: sanitizeId(path.basename(path.resolve(srcDir)), 'chatterbox-turbo'),
    label: 'Chatterbox Turbo (Resemble AI)',
    model: graphs.language_model,
    files,
    // The export has no voice of its own: speakers clone from their clips.
    voices: voices.length > 0 ? voices : [{ id: 'clip', label: 'Voice from a clip', language: 'en' }],
    sampleRate: CHATTERBOX_SAMPLE_RATE,
    license: options.license ?? (await detectLicense()) ?? CHATTERBOX_DEFAULT_LICENSE,
    notes,
    chatterboxGraphs: graphs,
  };
}

function checkTokenizer(file: string): Promise<void> {
  return checkSideFile(
    file,
    'vocab-missing',
    (bytes) => BpeTokenizer.fromJson(bytes.toString('utf8')),
    'Download tokenizer.json from the same Chatterbox Turbo export as the graphs (it is at the top of ResembleAI/chatterbox-turbo-ONNX).',
  );
}

/** Why the graphs do not make a Chatterbox Turbo export (each inspected by `inspect`), or undefined. */
export function chatterboxContractProblem(
  graphs: Record<ChatterboxGraph, { source: string; path: string }>,
  inspect: (absolute: string, shown: string) => Promise<ModelSignature>,
): Promise<string | undefined> {
  return graphContractProblem(CHATTERBOX_GRAPHS, graphs, inspect, readChatterboxContract);
}
