/**
 * The `config.json` of a Kitten TTS folder as published on Hugging Face (KittenML/kitten-tts-nano-0.8,
 * -micro-0.8, -mini-0.8, -nano-0.1, ...), read the way the reference loader reads it (KittenML/KittenTTS
 * `kittentts/get_model.py`, `download_from_huggingface`): `type` must be `ONNX1` or `ONNX2`, `model_file`
 * and `voices` name the graph and the `.npz` voices next to it, `voice_aliases` maps friendly names
 * (`Jasper`) to voice keys (`expr-voice-2-m`), and `speed_priors` multiplies the speed per voice key.
 */
import * as z from 'zod';

export const KITTEN_CONFIG_TYPES = ['ONNX1', 'ONNX2'] as const;

export const KittenConfigSchema = z.looseObject({
  name: z.string().optional(),
  version: z.union([z.string(), z.number()]).optional(),
  type: z.enum(KITTEN_CONFIG_TYPES, { error: 'type must be "ONNX1" or "ONNX2"' }),
  model_file: z.string().min(1),
  voices: z.string().min(1),
  voice_aliases: z.record(z.string(), z.string()).optional(),
  speed_priors: z.record(z.string(), z.number().positive()).optional(),
});
export type KittenConfig = z.infer<typeof KittenConfigSchema>;

export class KittenConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KittenConfigError';
  }
}

export function parseKittenConfig(text: string, fileName = 'config.json'): KittenConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new KittenConfigError(`${fileName} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = KittenConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KittenConfigError(
      `${fileName} is not a Kitten TTS config: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  for (const file of [parsed.data.model_file, parsed.data.voices]) {
    if (file.includes('/') || file.includes('\\') || file.startsWith('.'))
      throw new KittenConfigError(`${fileName} names "${file}", which is not a file next to it`);
  }
  return parsed.data;
}

/** Is this JSON text a Kitten config (has `model_file` and `voices`), whether or not it is valid? */
export function looksLikeKittenConfig(text: string): boolean {
  try {
    const json = JSON.parse(text) as Record<string, unknown> | null;
    return typeof json === 'object' && json !== null && 'model_file' in json && 'voices' in json;
  } catch {
    return false;
  }
}

/** The voice key a name stands for: an alias (`Jasper`) resolved, a key (`expr-voice-2-m`) as is. */
export function resolveKittenVoice(config: KittenConfig, voice: string): string {
  return config.voice_aliases?.[voice] ?? voice;
}

/** The friendly name of a voice key, if the config gives one. */
export function kittenAliasOf(config: KittenConfig, key: string): string | undefined {
  return Object.entries(config.voice_aliases ?? {}).find(([, target]) => target === key)?.[0];
}
