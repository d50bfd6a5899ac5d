/**
 * Recognises a Supertonic folder as Supertone publishes it on Hugging Face (Supertone/supertonic-3,
 * supertonic-2, supertonic): `onnx/` with the four graphs (`duration_predictor`, `text_encoder`,
 * `vector_estimator`, `vocoder`), `tts.json` and `unicode_indexer.json`; `voice_styles/<name>.json`
 * (M1–M5, F1–F5); the model card `README.md` and `LICENSE` (OpenRAIL-M). The reference examples load the
 * same files (supertone-inc/supertonic `py/helper.py` `load_text_to_speech`, `py/example_onnx.py`).
 *
 * Voices are a style reading a language (`M1-ko`), for the languages the model card's front matter lists
 * (`language:`); a card that lists English only is the first release, whose text takes no language tag
 * (voices are the bare styles); a folder without a card is taken as Supertonic 3 (31 languages).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseSupertonicConfig } from '../../worker/engines/supertonic/supertonic-config';
import type { SupertonicGraph } from '../../worker/engines/supertonic/supertonic-contract';
import { SUPERTONIC_GRAPHS, supertonicGraphKey } from '../../worker/engines/supertonic/supertonic-contract';
import { supertonicVoiceInfo } from '../../worker/engines/supertonic/supertonic-voice-info';
import { SUPERTONIC_LANGUAGES } from '../../worker/engines/supertonic/supertonic-languages';
import { parseSupertonicIndexer } from '../../worker/engines/supertonic/supertonic-text';
import { parseSupertonicVoice } from '../../worker/engines/supertonic/supertonic-voices';
import { ModelPackError } from './model-pack-error';
import type { PlannedFile, RecognisedPack, RecogniseOptions } from './pack-recognition';
import {
  DOC_FILES,
  MAX_TEXT_FILE_BYTES,
  checkInsideSource,
  detectLicense,
  listFiles,
  planned,
  readLimited,
  sanitizeId,
} from './pack-recognition';

const HINT = 'Download the whole folder again, e.g. git clone https://huggingface.co/Supertone/supertonic-3';

/** The plan for a Supertonic folder, or undefined when the folder has no `onnx/tts.json`. */
export async function recogniseSupertonic(
  srcDir: string,
  root: string[],
  options: RecogniseOptions,
): Promise<RecognisedPack | undefined> {
  const onnxDir = await listFiles(path.join(srcDir, 'onnx'));
  if (!onnxDir.includes('tts.json')) return undefined;
  const missing = [...SUPERTONIC_GRAPHS.map((graph) => `${graph}.onnx`), 'unicode_indexer.json'].filter(
    (name) => !onnxDir.includes(name),
  );
  if (missing.length > 0) {
    throw new ModelPackError(
      'file-missing',
      `${srcDir} is a Supertonic folder without onnx/${missing.join(', onnx/')}`,
      HINT,
      path.join(srcDir, 'onnx', missing[0] ?? ''),
    );
  }
  const styleNames = (await listFiles(path.join(srcDir, 'voice_styles'))).filter((name) =>
    name.endsWith('.json'),
  );
  if (styleNames.length === 0) {
    throw new ModelPackError(
      'file-missing',
      `${srcDir} has no voice_styles/*.json voice styles`,
      HINT,
      srcDir,
    );
  }
  const sideFiles = [
    'onnx/tts.json',
    'onnx/unicode_indexer.json',
    ...styleNames.map((name) => `voice_styles/${name}`),
  ];
  await checkInsideSource(srcDir, [...SUPERTONIC_GRAPHS.map((graph) => `onnx/${graph}.onnx`), ...sideFiles]);
  const sampleRate = await parseSide(srcDir, 'onnx/tts.json', 'config-invalid', (text) => {
    return parseSupertonicConfig(text).ae.sample_rate;
  });
  await parseSide(srcDir, 'onnx/unicode_indexer.json', 'config-invalid', (text) =>
    parseSupertonicIndexer(text),
  );
  const styles: PlannedFile[] = [];
  for (const name of styleNames) {
    const style = path.basename(name, '.json');
    await parseSide(srcDir, `voice_styles/${name}`, 'voices-invalid', (text) =>
      parseSupertonicVoice(style, text, name),
    );
    styles.push({ ...planned(srcDir, `voice_styles/${name}`, 'voice'), voice: style });
  }
  const languages = await cardLanguages(srcDir, root);
  const tagged = !(languages?.length === 1 && languages[0] === 'en');
  const spoken = (languages ?? Object.keys(SUPERTONIC_LANGUAGES)).filter(
    (tag) => tag in SUPERTONIC_LANGUAGES,
  );
  const id = sanitizeId(path.basename(path.resolve(srcDir)), 'supertonic');
  const model = planned(srcDir, 'onnx/vector_estimator.onnx', 'model');
  const graphs = SUPERTONIC_GRAPHS.filter((graph) => graph !== 'vector_estimator').map(
    (graph: SupertonicGraph) => ({
      ...planned(srcDir, `onnx/${graph}.onnx`, 'graph'),
      key: supertonicGraphKey(graph),
    }),
  );
  const docs = root.filter((name) => DOC_FILES.test(name)).map((name) => planned(srcDir, name, 'doc'));
  const styleIds = styles.map((file) => file.voice as string).sort();
  return {
    engine: 'supertonic',
    suggestedId: id,
    label: `Supertonic ${id}`,
    model,
    files: [
      model,
      ...graphs,
      planned(srcDir, 'onnx/tts.json', 'config'),
      planned(srcDir, 'onnx/unicode_indexer.json', 'vocab'),
      ...styles,
      ...docs,
    ],
    voices: (tagged
      ? spoken.flatMap((language) => styleIds.map((style) => supertonicVoiceInfo(style, language, id)))
      : styleIds.map((style) => supertonicVoiceInfo(style, undefined, id))
    ).map(({ id: voice, label, language, gender }) => ({
      id: voice,
      label,
      language,
      ...(gender ? { gender } : {}),
    })),
    sampleRate,
    license: options.license ?? (await detectLicense(srcDir, root)),
    notes:
      languages === undefined
        ? ['the folder has no model card listing languages: took the 31 languages of Supertonic 3']
        : [],
  };
}

async function parseSide<T>(
  srcDir: string,
  file: string,
  code: 'config-invalid' | 'voices-invalid',
  parse: (text: string) => T,
): Promise<T> {
  const source = path.join(srcDir, ...file.split('/'));
  try {
    return parse((await readLimited(source, MAX_TEXT_FILE_BYTES, `a Supertonic ${file}`)).toString('utf8'));
  } catch (error) {
    throw new ModelPackError(code, `${file}: ${(error as Error).message}`, HINT, source);
  }
}

/** The `language:` of a Hugging Face model card's front matter (a list or one code), lower-cased. */
async function cardLanguages(srcDir: string, root: string[]): Promise<string[] | undefined> {
  if (!root.includes('README.md')) return undefined;
  const text = await fs.readFile(path.join(srcDir, 'README.md'), 'utf8').catch(() => '');
  const front = /^---\r?\n([\s\S]*?)\r?\n---/u.exec(text)?.[1];
  if (!front) return undefined;
  const block = /^language:[ \t]*(.*)\r?\n((?:[ \t]*-[ \t]*.+\r?\n?)*)/mu.exec(front);
  if (!block) return undefined;
  const inline = (block[1] ?? '').replace(/[[\]'"]/gu, '');
  const items = [
    ...inline.split(','),
    ...(block[2] ?? '').split('\n').map((line) => line.replace(/^\s*-\s*/u, '')),
  ]
    .map((item) => item.trim().replace(/['"]/gu, '').toLowerCase())
    .filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
}
