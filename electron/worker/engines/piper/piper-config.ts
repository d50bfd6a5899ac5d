/**
 * The `<voice>.onnx.json` that comes with every Piper voice (rhasspy/piper-voices, piper1-gpl): sample
 * rate, espeak-ng language, phoneme → ids map, inference scales and speakers. Unknown fields are kept.
 */
import * as z from 'zod';

const IdList = z.array(z.number().int().nonnegative());

/** Sample rates a voice can plausibly have (Piper's are 16000 and 22050 Hz). */
export const PIPER_SAMPLE_RATES = { min: 8_000, max: 192_000 } as const;
const SAMPLE_RATE_MESSAGE = `must be a whole number of Hz from ${PIPER_SAMPLE_RATES.min} to ${PIPER_SAMPLE_RATES.max} (Piper voices use 16000 or 22050)`;

const MAX_PIPER_SPEAKERS = 10_000;

export const PiperConfigSchema = z.looseObject({
  audio: z.looseObject({
    sample_rate: z
      .number({ error: SAMPLE_RATE_MESSAGE })
      .int({ error: SAMPLE_RATE_MESSAGE })
      .min(PIPER_SAMPLE_RATES.min, { error: SAMPLE_RATE_MESSAGE })
      .max(PIPER_SAMPLE_RATES.max, { error: SAMPLE_RATE_MESSAGE }),
    quality: z.string().optional(),
  }),
  espeak: z.looseObject({ voice: z.string().min(1) }).optional(),
  language: z.looseObject({ code: z.string().optional(), name_english: z.string().optional() }).optional(),
  inference: z
    .looseObject({
      noise_scale: z.number().optional(),
      length_scale: z.number().positive().optional(),
      noise_w: z.number().optional(),
    })
    .optional(),
  phoneme_type: z.string().optional(),
  phoneme_map: z.record(z.string(), z.array(z.string())).optional(),
  phoneme_id_map: z.record(z.string(), IdList),
  // Each speaker becomes a voice: a count from a damaged file (1e9) would make a billion of them.
  num_speakers: z
    .number()
    .int()
    .positive()
    .max(MAX_PIPER_SPEAKERS, {
      error: `must be at most ${MAX_PIPER_SPEAKERS} (the largest published Piper voices have about 900 speakers)`,
    })
    .default(1),
  speaker_id_map: z.record(z.string(), z.number().int().nonnegative()).optional(),
  dataset: z.string().optional(),
});
export type PiperConfig = z.infer<typeof PiperConfigSchema>;

export const PIPER_PAD = '_';
export const PIPER_BOS = '^';
export const PIPER_EOS = '$';

export class PiperConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PiperConfigError';
  }
}

export function parsePiperConfig(text: string, fileName: string): PiperConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PiperConfigError(`${fileName} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = PiperConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PiperConfigError(
      `${fileName} is not a Piper voice config: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  const config = parsed.data;
  for (const symbol of [PIPER_PAD, PIPER_BOS, PIPER_EOS]) {
    if (!config.phoneme_id_map[symbol])
      throw new PiperConfigError(`${fileName}: phoneme_id_map has no "${symbol}"`);
  }
  const type = config.phoneme_type ?? 'espeak';
  if (type !== 'espeak' && type !== 'text') {
    throw new PiperConfigError(`${fileName}: phoneme_type "${type}" is not supported (espeak and text are)`);
  }
  return config;
}

export interface PiperSpeaker {
  /** Voice id: the speaker's name from speaker_id_map, `"<index>"` without names, `default` for one speaker. */
  id: string;
  /** The `sid` fed to the model; undefined for single-speaker voices. */
  index: number | undefined;
}

export function piperSpeakers(config: PiperConfig): PiperSpeaker[] {
  if (config.num_speakers <= 1) return [{ id: 'default', index: undefined }];
  const named = Object.entries(config.speaker_id_map ?? {})
    .filter(([, index]) => index < config.num_speakers)
    .sort((a, b) => a[1] - b[1])
    .map(([id, index]) => ({ id, index }));
  if (named.length > 0) return named;
  return Array.from({ length: config.num_speakers }, (_, index) => ({ id: String(index), index }));
}

/** The espeak-ng language the voice was trained with (`espeak.voice`), `en-us` when absent. */
export function piperLanguage(config: PiperConfig): string {
  return config.espeak?.voice ?? 'en-us';
}

export interface PiperScales {
  noiseScale: number;
  lengthScale: number;
  noiseW: number;
}

/**
 * The inference scales for a speaking rate: the config's values (Piper's defaults 0.667 / 1 / 0.8 when
 * absent), with length_scale divided by the rate: 100 % keeps it, 200 % halves it.
 */
export function piperScales(config: PiperConfig, ratePercent: number): PiperScales {
  const inference = config.inference ?? {};
  return {
    noiseScale: inference.noise_scale ?? 0.667,
    lengthScale: ((inference.length_scale ?? 1) * 100) / ratePercent,
    noiseW: inference.noise_w ?? 0.8,
  };
}
