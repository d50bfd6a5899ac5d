/**
 * Supertonic's `onnx/tts.json`: the fields the reference inference reads (supertone-inc/supertonic
 * `py/helper.py`, `TextToSpeech.__init__`): `ae.sample_rate` (44100), `ae.base_chunk_size` (samples per
 * latent frame before compression), `ttl.chunk_compress_factor` and `ttl.latent_dim` (the latent has
 * latent_dim × factor channels, one frame per base_chunk_size × factor samples). Other fields are kept.
 */
import * as z from 'zod';

const Positive = z.number().int().positive();

export const SupertonicConfigSchema = z.looseObject({
  ae: z.looseObject({ sample_rate: Positive.min(8_000).max(192_000), base_chunk_size: Positive }),
  ttl: z.looseObject({ chunk_compress_factor: Positive, latent_dim: Positive }),
});
export type SupertonicConfig = z.infer<typeof SupertonicConfigSchema>;

export class SupertonicConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SupertonicConfigError';
  }
}

export function parseSupertonicConfig(text: string, fileName = 'tts.json'): SupertonicConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SupertonicConfigError(`${fileName} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = SupertonicConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SupertonicConfigError(
      `${fileName} is not a Supertonic config: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/** Latent channels and samples per latent frame. */
export function latentShape(config: SupertonicConfig): { channels: number; samplesPerFrame: number } {
  return {
    channels: config.ttl.latent_dim * config.ttl.chunk_compress_factor,
    samplesPerFrame: config.ae.base_chunk_size * config.ttl.chunk_compress_factor,
  };
}
