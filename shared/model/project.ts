import * as z from 'zod';
import { ReferenceClipSchema } from './reference-clip';
import { CfgScaleSchema, DiffusionStepsSchema, SeedSchema, VoiceRefSchema } from './voice';
import { PronunciationsSchema } from '../text/pronunciations';
import { BedSchema, EpisodeInfoSchema } from './beds';
import { MAX_SPEAKER_GAIN_DB, MIN_SPEAKER_GAIN_DB, SPEAKER_GAIN_STEP_DB } from './speaker-gain-limits';

export const PROJECT_SCHEMA_VERSION = 3;
export const DEFAULT_SAMPLE_RATE = 24_000;
export const DEFAULT_GAP_MS = 350;

const Id = z.string().min(1).max(64);

/** Limits of a turn's clip edits on the timeline (Segment.overlapMs, trim*Ms, fade*Ms). */
export const MAX_OVERLAP_MS = 60_000;
export const MAX_TRIM_MS = 600_000;
export const MAX_FADE_MS = 30_000;

export { MAX_SPEAKER_GAIN_DB, MIN_SPEAKER_GAIN_DB, SPEAKER_GAIN_STEP_DB };

export const SpeakerSchema = z
  .object({
    id: Id,
    name: z.string().min(1).max(80),
    /** CSS hex colour used on the timeline. */
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    voice: VoiceRefSchema,
    /**
     * The language the speaker speaks (BCP 47, e.g. `cmn`, `en-GB`). Absent: the language of the voice
     * (shared/model/voice-languages.ts). Since schema 2.
     */
    language: z
      .string()
      .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, {
        error: 'a language is a BCP 47 tag such as cmn or en-GB',
      })
      .optional(),
    /**
     * Level of this speaker's turns in the episode, in dB (half-dB steps). Applied where takes are played and
     * assembled, never rendered in: changing it re-renders nothing. Export normalisation then sets the
     * episode's overall loudness; this sets the speakers' balance.
     */
    gainDb: z
      .number()
      .min(MIN_SPEAKER_GAIN_DB, {
        error: `a speaker's level is between ${MIN_SPEAKER_GAIN_DB} and +${MAX_SPEAKER_GAIN_DB} dB`,
      })
      .max(MAX_SPEAKER_GAIN_DB, {
        error: `a speaker's level is between ${MIN_SPEAKER_GAIN_DB} and +${MAX_SPEAKER_GAIN_DB} dB`,
      })
      .multipleOf(SPEAKER_GAIN_STEP_DB, {
        error: `a speaker's level is set in steps of ${SPEAKER_GAIN_STEP_DB} dB`,
      })
      .default(0),
  })
  .strict();
export type Speaker = z.infer<typeof SpeakerSchema>;

export const TakeSchema = z
  .object({
    /** Content hash of engine, model, voice, params and normalised text: the take cache key. */
    hash: z.string().regex(/^[0-9a-f]{16,64}$/),
    durationSamples: z.number().int().nonnegative(),
    sampleRate: z.number().int().positive(),
    createdAtMs: z.number().int().nonnegative(),
    /** The seed it was rendered with (engines that sample): rendering it again with this seed reproduces it. */
    seed: SeedSchema.optional(),
    /**
     * Take QA: the longest stretch that sounds like no speech (music, a held tone, noise) when it is long
     * enough to flag (electron/host/render/take-qa.ts). Absent: nothing found, or not checked.
     */
    nonSpeech: z
      .object({ startMs: z.number().int().nonnegative(), durationMs: z.number().int().positive() })
      .strict()
      .optional(),
  })
  .strict();
export type Take = z.infer<typeof TakeSchema>;

export const SegmentSchema = z
  .object({
    id: Id,
    speakerId: Id,
    text: z.string().min(1),
    /** Silence before this turn. */
    gapBeforeMs: z.number().int().min(0).max(600_000),
    /**
     * Cross-talk: the turn starts this long before the end of what was said before it (the latest end so
     * far), summed with it in previews and exports. Only with gapBeforeMs 0. Optional (absent: 0).
     */
    overlapMs: z.number().int().min(0).max(MAX_OVERLAP_MS).optional(),
    /** Cut from the start and the end of the take (clamped to the take's length). Optional (absent: 0). */
    trimStartMs: z.number().int().min(0).max(MAX_TRIM_MS).optional(),
    trimEndMs: z.number().int().min(0).max(MAX_TRIM_MS).optional(),
    /** Raised-cosine fades at the start and end of the (trimmed) take. Optional (absent: 0). */
    fadeInMs: z.number().int().min(0).max(MAX_FADE_MS).optional(),
    fadeOutMs: z.number().int().min(0).max(MAX_FADE_MS).optional(),
    take: TakeSchema.optional(),
    /** Earlier takes, newest first, for restore. */
    takeHistory: z.array(TakeSchema).default([]),
    locked: z.boolean().default(false),
    /** 1-based line in the source script, for diagnostics and transcripts. */
    sourceLine: z.number().int().positive().optional(),
    /**
     * This turn's own seed, CFG scale and diffusion steps, over its speaker's (engines that sample:
     * shared/model/turn-voice.ts). Regenerate draws a new seed; restoring a take brings its seed back.
     */
    seed: SeedSchema.optional(),
    cfgScale: CfgScaleSchema.optional(),
    diffusionSteps: DiffusionStepsSchema.optional(),
  })
  .strict();
export type Segment = z.infer<typeof SegmentSchema>;

export const ChapterSchema = z
  .object({
    id: Id,
    title: z.string().min(1).max(200),
    /** The chapter starts at this segment. */
    startSegmentId: Id,
  })
  .strict();
export type Chapter = z.infer<typeof ChapterSchema>;

export const ProjectSettingsSchema = z
  .object({
    defaultGapMs: z.number().int().min(0).max(60_000).default(DEFAULT_GAP_MS),
    loudnessTargetLufs: z.number().min(-40).max(-5).nullable().default(-16),
    /** Words said differently from how they are written (shared/text/pronunciations.ts). */
    pronunciations: PronunciationsSchema.default([]),
    /** Title, show, episode number and artwork for the exported files' tags (shared/model/beds.ts). */
    episode: EpisodeInfoSchema.optional(),
  })
  .strict();
export type ProjectSettings = z.infer<typeof ProjectSettingsSchema>;

export const ProjectSchema = z
  .object({
    schemaVersion: z.literal(PROJECT_SCHEMA_VERSION),
    title: z.string().min(1).max(200),
    sampleRate: z.number().int().min(8_000).max(192_000),
    speakers: z.array(SpeakerSchema),
    segments: z.array(SegmentSchema),
    chapters: z.array(ChapterSchema),
    settings: ProjectSettingsSchema,
    /**
     * Reference clips of this project (`clips/<sha256>.wav`, shared/model/reference-clip.ts) that speakers'
     * voices may name. Optional: absent in projects without clips.
     */
    clips: z.array(ReferenceClipSchema).optional(),
    /** Music and sound beds under and around the speech (shared/model/beds.ts). Absent: none. */
    beds: z.array(BedSchema).max(64).optional(),
  })
  .strict()
  .superRefine((project, ctx) => {
    const speakerIds = new Set(project.speakers.map((s) => s.id));
    const segmentIds = new Set<string>();
    project.segments.forEach((segment, index) => {
      if (!speakerIds.has(segment.speakerId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['segments', index, 'speakerId'],
          message: `segment ${segment.id} names speaker "${segment.speakerId}", which is not in speakers`,
        });
      }
      if (segmentIds.has(segment.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['segments', index, 'id'],
          message: `duplicate segment id ${segment.id}`,
        });
      }
      segmentIds.add(segment.id);
      if ((segment.overlapMs ?? 0) > 0 && segment.gapBeforeMs > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['segments', index, 'overlapMs'],
          message: `segment ${segment.id} has both a gap and an overlap before it: set one of them to 0`,
        });
      }
    });
    project.chapters.forEach((chapter, index) => {
      if (!segmentIds.has(chapter.startSegmentId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['chapters', index, 'startSegmentId'],
          message: `chapter "${chapter.title}" starts at unknown segment ${chapter.startSegmentId}`,
        });
      }
    });
    const bedIds = new Set<string>();
    (project.beds ?? []).forEach((bed, index) => {
      if (bedIds.has(bed.id))
        ctx.addIssue({ code: 'custom', path: ['beds', index, 'id'], message: `duplicate bed id ${bed.id}` });
      bedIds.add(bed.id);
    });
  });
export type Project = z.infer<typeof ProjectSchema>;
