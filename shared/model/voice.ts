import * as z from 'zod';
import { VoiceSpeedSchema } from './voice-speed';
import { ClipHashSchema } from './reference-clip';

export const MAX_SEED = 2_147_483_647;
export const MIN_CFG_SCALE = 1;
export const MAX_CFG_SCALE = 3;
export const CFG_SCALE_STEP = 0.05;
export const MAX_DIFFUSION_STEPS = 100;

export const SeedSchema = z
  .number()
  .int({ error: 'a seed is a whole number' })
  .min(0, { error: `a seed is 0 to ${MAX_SEED}` })
  .max(MAX_SEED, { error: `a seed is 0 to ${MAX_SEED}` });
export const CfgScaleSchema = z
  .number()
  .min(MIN_CFG_SCALE, { error: `the CFG scale is ${MIN_CFG_SCALE} to ${MAX_CFG_SCALE}` })
  .max(MAX_CFG_SCALE, { error: `the CFG scale is ${MIN_CFG_SCALE} to ${MAX_CFG_SCALE}` })
  .refine((value) => Math.abs(value * 20 - Math.round(value * 20)) < 1e-9, {
    error: `the CFG scale is set in steps of ${CFG_SCALE_STEP}`,
  });
export const DiffusionStepsSchema = z
  .number()
  .int({ error: 'diffusion steps are a whole number' })
  .min(1, { error: `diffusion steps are 1 to ${MAX_DIFFUSION_STEPS}` })
  .max(MAX_DIFFUSION_STEPS, { error: `diffusion steps are 1 to ${MAX_DIFFUSION_STEPS}` });

/** A CFG scale as the integer of hundredths that take keys and signatures hold (1.3 → 130). */
export function cfgScaleHundredths(cfgScale: number): number {
  return Math.round(cfgScale * 100);
}

/** Per-speaker synthesis parameters. Integers so that cache keys are stable. */
export const VoiceParamsSchema = z
  .object({
    /** Speaking rate in percent of the engine's normal speed (100 = normal). */
    ratePercent: z.number().int().min(25).max(400).default(100),
    /** Pitch offset in semitones (espeak) or ignored by engines without pitch control. */
    pitchSemitones: z.number().int().min(-12).max(12).default(0),
    /**
     * Seed for engines that sample (speech servers that take one): the same seed gives the same take.
     * Absent: each chunk's seed is derived from its text and voice, so renders are still repeatable.
     */
    seed: SeedSchema.optional(),
    /**
     * Classifier-free guidance scale for engines that take one (audio.cpp's `guidance_scale`; VibeVoice's
     * default is 1.3): 1.00–3.00 in steps of 0.05. Part of the take key (in hundredths) only when set.
     */
    cfgScale: CfgScaleSchema.optional(),
    /** Diffusion steps for engines that take them (audio.cpp's `num_inference_steps`; VibeVoice: 10). */
    diffusionSteps: DiffusionStepsSchema.optional(),
  })
  .strict();
export type VoiceParams = z.infer<typeof VoiceParamsSchema>;

/** Which engine, model pack and voice renders a speaker. */
export const VoiceRefSchema = z
  .object({
    engine: z.string().min(1),
    /** Model pack id for engines that need one (kokoro, piper); absent for espeak. */
    model: z.string().min(1).optional(),
    voice: z.string().min(1),
    params: VoiceParamsSchema.default({ ratePercent: 100, pitchSemitones: 0 }),
    /**
     * A reference clip the engine speaks in (shared/model/reference-clip.ts): the SHA-256 of the project's
     * `clips/<sha256>.wav`. Only engines that clone a voice from a clip take one; part of the take key.
     */
    clip: ClipHashSchema.optional(),
  })
  .strict();
export type VoiceRef = z.infer<typeof VoiceRefSchema>;

/** A voice an engine offers, as listed by `roundtable voices` and the voice picker. */
export const VoiceInfoSchema = z.object({
  engine: z.string(),
  model: z.string().optional(),
  id: z.string(),
  label: z.string(),
  language: z.string(),
  gender: z.enum(['female', 'male', 'neutral']).optional(),
  /** A speech server's voice whose endpoints are not all on this machine: the text is sent elsewhere. */
  remote: z.boolean().optional(),
  /** Why this voice cannot render (e.g. a language whose phonemes the bundled phonemizer does not give). */
  unsupported: z.string().optional(),
  /** How fast it renders, coarsely (shared/model/voice-speed.ts). */
  speed: VoiceSpeedSchema.optional(),
});
export type VoiceInfo = z.infer<typeof VoiceInfoSchema>;

/**
 * A voice as `--voice` takes it: `en-gb-x-rp+f3`, `kokoro:Kokoro-82M/af_heart`, with `;rate=110;pitch=-2`
 * when they differ from the defaults and `;clip=<sha256>` with a reference clip (espeak voices are written
 * without their engine).
 */
export function formatVoiceRef(voice: VoiceRef): string {
  const engine = voice.engine === 'espeak' ? '' : `${voice.engine}:`;
  const model = voice.model ? `${voice.model}/` : '';
  const params = [
    voice.params.ratePercent !== 100 ? `;rate=${voice.params.ratePercent}` : '',
    voice.params.pitchSemitones !== 0 ? `;pitch=${voice.params.pitchSemitones}` : '',
    voice.clip ? `;clip=${voice.clip}` : '',
    voice.params.cfgScale !== undefined ? `;cfg=${voice.params.cfgScale}` : '',
    voice.params.diffusionSteps !== undefined ? `;steps=${voice.params.diffusionSteps}` : '',
  ].join('');
  return `${engine}${model}${voice.voice}${params}`;
}
