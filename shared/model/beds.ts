/**
 * Music and sound beds: audio files placed on lanes of their own under (or around) the speech, with fades,
 * an optional loop, a level and ducking under speech. Optional in the project (no schema version change):
 * a project without `beds` is the speech alone, exactly as before.
 */
import * as z from 'zod';

const Id = z.string().min(1).max(64);

export const MIN_BED_GAIN_DB = -40;
export const MAX_BED_GAIN_DB = 12;
export const MAX_BED_FADE_MS = 60_000;
export const MAX_DUCK_RAMP_MS = 10_000;
export const MIN_BED_OFFSET_MS = -3_600_000;
export const MAX_BED_OFFSET_MS = 36_000_000;
export const DEFAULT_DUCK = { depthDb: -15, attackMs: 300, releaseMs: 800 } as const;

/** The imported audio of a bed: `beds/<hash>.wav` in the project folder (hash of the file as imported). */
export const BedAudioSchema = z
  .object({
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    sampleRate: z.number().int().min(8_000).max(192_000),
    channels: z.union([z.literal(1), z.literal(2)]),
    durationSamples: z.number().int().positive(),
    /** The name of the file it was imported from (for lists and the export report). */
    fileName: z.string().min(1).max(255),
  })
  .strict();
export type BedAudio = z.infer<typeof BedAudioSchema>;

/** Where a bed starts: the episode's start, a turn's start, or the end of the speech (an outro). */
export const BedAnchorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('start') }).strict(),
  z.object({ kind: z.literal('turn'), segmentId: Id }).strict(),
  z.object({ kind: z.literal('end') }).strict(),
]);
export type BedAnchor = z.infer<typeof BedAnchorSchema>;

/** Ducking under speech: the bed's level goes `depthDb` down while speech sounds (see bed-envelope.ts). */
export const BedDuckSchema = z
  .object({
    depthDb: z.number().min(-60).max(0),
    /** How long the bed takes to go down; it starts that long before the speech, so it is down when it starts. */
    attackMs: z.number().int().min(0).max(MAX_DUCK_RAMP_MS),
    /** How long it takes to come back up once the speech has stopped. */
    releaseMs: z.number().int().min(0).max(MAX_DUCK_RAMP_MS),
  })
  .strict();
export type BedDuck = z.infer<typeof BedDuckSchema>;

export const BedSchema = z
  .object({
    id: Id,
    audio: BedAudioSchema,
    anchor: BedAnchorSchema,
    /** From the anchor to the bed's first sample (negative: before it, e.g. an outro under the last words). */
    offsetMs: z.number().int().min(MIN_BED_OFFSET_MS).max(MAX_BED_OFFSET_MS),
    /**
     * How long the bed plays. Absent: the file once, or (looped) until the end of the speech; a bed never
     * plays past its file's end unless it loops.
     */
    durationMs: z.number().int().positive().max(36_000_000).optional(),
    loop: z.boolean().default(false),
    fadeInMs: z.number().int().min(0).max(MAX_BED_FADE_MS).default(0),
    fadeOutMs: z.number().int().min(0).max(MAX_BED_FADE_MS).default(0),
    gainDb: z.number().min(MIN_BED_GAIN_DB).max(MAX_BED_GAIN_DB).default(0),
    /** Absent: the bed is not ducked. */
    duck: BedDuckSchema.optional(),
    /** The licence the audio is used under (e.g. "CC BY 4.0, Artist – Title"), listed in the export report. */
    license: z.string().max(500).optional(),
  })
  .strict();
export type Bed = z.infer<typeof BedSchema>;

/** Episode metadata for delivery: tags in the audio files and the chapters JSON. */
export const EpisodeInfoSchema = z
  .object({
    /** The episode's title (absent: the project's title). */
    title: z.string().min(1).max(200).optional(),
    show: z.string().min(1).max(200).optional(),
    episodeNumber: z.number().int().min(0).max(1_000_000).optional(),
    /** Artwork: `artwork/<hash>.<png|jpg>` in the project folder, with its MIME type. */
    artwork: z
      .object({
        hash: z.string().regex(/^[0-9a-f]{64}$/),
        mimeType: z.enum(['image/png', 'image/jpeg']),
      })
      .strict()
      .optional(),
  })
  .strict();
export type EpisodeInfo = z.infer<typeof EpisodeInfoSchema>;
