/**
 * Recognises a Kitten TTS folder as KittenML publishes it on Hugging Face (kitten-tts-nano-0.8,
 * -micro-0.8, -mini-0.8, -nano-0.8-int8, the older -nano-0.1/0.2): `config.json` naming the graph
 * (`model_file`, e.g. `kitten_tts_nano_v0_8.onnx`) and the voices (`voices`, `voices.npz`), plus the model
 * card `README.md` (`license: apache-2.0`). The reference loader reads the same three files
 * (KittenML/KittenTTS `kittentts/get_model.py`).
 */
import path from 'node:path';
import {
  kittenAliasOf,
  looksLikeKittenConfig,
  parseKittenConfig,
} from '../../worker/engines/kitten/kitten-config';
import type { KittenConfig } from '../../worker/engines/kitten/kitten-config';
import { kittenVoiceInfo } from '../../worker/engines/kitten/kitten-voice-info';
import { voicesFromNpz } from '../../worker/engines/kokoro/kokoro-voices';
import { ModelPackError } from './model-pack-error';
import type { RecognisedPack, RecogniseOptions } from './pack-recognition';
import {
  DOC_FILES,
  MAX_TEXT_FILE_BYTES,
  MAX_VOICES_FILE_BYTES,
  checkInsideSource,
  detectLicense,
  planned,
  readLimited,
  sanitizeId,
} from './pack-recognition';

const KITTEN_SAMPLE_RATE = 24_000;
const HINT = 'Download the whole folder from Hugging Face again (e.g. KittenML/kitten-tts-nano-0.8).';

/** The plan for a Kitten folder, or undefined when the folder has no Kitten `config.json`. */
export async function recogniseKitten(
  srcDir: string,
  root: string[],
  options: RecogniseOptions,
): Promise<RecognisedPack | undefined> {
  if (!root.includes('config.json')) return undefined;
  const configPath = path.join(srcDir, 'config.json');
  const text = (await readLimited(configPath, MAX_TEXT_FILE_BYTES, 'a Kitten TTS config')).toString('utf8');
  if (!looksLikeKittenConfig(text)) return undefined;
  let config: KittenConfig;
  try {
    config = parseKittenConfig(text);
  } catch (error) {
    throw new ModelPackError('config-invalid', (error as Error).message, HINT, configPath);
  }
  for (const [file, what] of [
    [config.model_file, 'model'],
    [config.voices, 'voices'],
  ] as const) {
    if (!root.includes(file)) {
      throw new ModelPackError(
        'file-missing',
        `${srcDir} has no ${file}, the ${what} file its config.json names`,
        HINT,
        path.join(srcDir, file),
      );
    }
  }
  await checkInsideSource(srcDir, ['config.json', config.model_file, config.voices]);
  const voicesPath = path.join(srcDir, config.voices);
  let keys: string[];
  try {
    const bytes = await readLimited(voicesPath, MAX_VOICES_FILE_BYTES, 'a Kitten voices archive');
    keys = voicesFromNpz(bytes, voicesPath).map((voice) => voice.id);
  } catch (error) {
    throw new ModelPackError(
      'voices-invalid',
      `${config.voices}: ${(error as Error).message}`,
      HINT,
      voicesPath,
    );
  }
  const id = sanitizeId(path.basename(path.resolve(srcDir)), 'kitten');
  const model = planned(srcDir, config.model_file, 'model');
  const docs = root.filter((name) => DOC_FILES.test(name)).map((name) => planned(srcDir, name, 'doc'));
  return {
    engine: 'kitten',
    suggestedId: id,
    label: `Kitten TTS ${config.name ?? config.model_file}${config.version !== undefined ? ` ${config.version}` : ''}`,
    model,
    files: [
      model,
      planned(srcDir, 'config.json', 'config'),
      planned(srcDir, config.voices, 'voices-archive'),
      ...docs,
    ],
    voices: keys.sort().map((key) => {
      const { label, language, gender } = kittenVoiceInfo(key, id, kittenAliasOf(config, key));
      return { id: key, label, language, ...(gender ? { gender } : {}) };
    }),
    sampleRate: KITTEN_SAMPLE_RATE,
    license: options.license ?? (await detectLicense(srcDir, root)),
    notes: [],
  };
}
