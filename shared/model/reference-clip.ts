/**
 * A reference clip: a short recording of a voice that engines which clone (VibeVoice through audio.cpp,
 * Pocket TTS, Chatterbox) speak in. Stored once per project as `clips/<sha256>.wav` (mono, 16-bit, 24 kHz,
 * trimmed to 3-30 s, loudness-normalised to CLIP_LOUDNESS_LUFS) with `clips/<sha256>.json` (this record)
 * beside it; `sha256` is the SHA-256 of the stored WAV file's bytes, so a speaker's `voice.clip` names
 * exactly the audio the engine hears, and takes rendered with it are keyed by it.
 */
import * as z from 'zod';

export const CLIP_SAMPLE_RATE = 24_000;
export const MIN_CLIP_MS = 3_000;
export const MAX_CLIP_MS = 30_000;
/** Integrated loudness (ITU-R BS.1770) every stored clip is brought to; true peak stays at or below −1 dBTP. */
export const CLIP_LOUDNESS_LUFS = -20;
/** Files larger than this are refused before reading (a 30 s clip is far smaller in any format). */
export const MAX_CLIP_SOURCE_BYTES = 32 * 1024 * 1024;
/** The sentence the user confirms before a clip's voice is used; stored with the clip. */
export const CLIP_CONSENT_STATEMENT = 'I have the right to use this voice.';

export const ClipHashSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { error: 'a clip is named by its SHA-256: 64 lower-case hex digits' });

export const ClipConsentSchema = z
  .object({
    confirmedAtMs: z.number().int().nonnegative(),
    /** The exact sentence the user confirmed. */
    statement: z.string().min(1).max(500),
  })
  .strict();
export type ClipConsent = z.infer<typeof ClipConsentSchema>;

export const ReferenceClipSchema = z
  .object({
    sha256: ClipHashSchema,
    label: z.string().min(1).max(80),
    /** The file it was imported from (its name only). */
    sourceName: z.string().min(1).max(255),
    durationSamples: z.number().int().positive(),
    sampleRate: z.literal(CLIP_SAMPLE_RATE),
    /** Absent until the user confirms; rendering with the clip is refused without it. */
    consent: ClipConsentSchema.optional(),
  })
  .strict();
export type ReferenceClip = z.infer<typeof ReferenceClipSchema>;

/** A clip's length as the studio shows it: `12.4 s`. */
export function formatClipDuration(durationSamples: number, sampleRate = CLIP_SAMPLE_RATE): string {
  return `${(Math.round((durationSamples / sampleRate) * 10) / 10).toFixed(1)} s`;
}

/** The short form of a clip's hash in messages and `--voice` (`;clip=1a2b3c4d5e6f`). */
export function shortClipHash(sha256: string): string {
  return sha256.slice(0, 12);
}
