/**
 * StudioApi methods of reference clips (shared/model/reference-clip.ts): import (bytes from the studio's
 * file picker, which works the same in the desktop app and in serve mode, or a path on the host), list,
 * confirm consent, give one to a speaker's voice, remove, and play.
 */
import * as z from 'zod';
import { ProjectSchema } from '../model/project';
import { ClipHashSchema, MAX_CLIP_SOURCE_BYTES, ReferenceClipSchema } from '../model/reference-clip';
import { VoiceRefSchema } from '../model/voice';
import { method } from './define';

const Dir = z.string().min(1);
/** Base64 of at most MAX_CLIP_SOURCE_BYTES (4 characters per 3 bytes). */
const MAX_BASE64_CHARS = Math.ceil(MAX_CLIP_SOURCE_BYTES / 3) * 4;

export const ClipSourceInputSchema = z.union([
  z.object({ path: z.string().min(1) }).strict(),
  z
    .object({
      fileName: z.string().min(1).max(255),
      dataBase64: z.string().max(MAX_BASE64_CHARS, {
        error: `a clip's source file is at most ${MAX_CLIP_SOURCE_BYTES / (1024 * 1024)} MB`,
      }),
    })
    .strict(),
]);

/** The stretch kept, in ms of the source; at most a few minutes past the 30 s limit are worth sending. */
const TrimMs = z
  .number()
  .int()
  .min(0)
  .max(24 * 3_600_000);

export const ImportClipInputSchema = z
  .object({
    dir: Dir,
    source: ClipSourceInputSchema,
    trimStartMs: TrimMs.optional(),
    trimEndMs: TrimMs.optional(),
    label: z.string().max(80).optional(),
    /** The consent statement as the user confirmed it (CLIP_CONSENT_STATEMENT). */
    consentStatement: z.string().max(500).optional(),
  })
  .strict();

export const ImportedClipSchema = z.object({
  clip: ReferenceClipSchema,
  /** Integrated loudness of the stored clip, LUFS. */
  loudnessLufs: z.number(),
});

export const clipApiMethods = {
  /** Decodes, trims (3 to 30 s), normalises and stores a clip in `<dir>/clips/`; the studio adds it to project.clips. */
  importClip: method(ImportClipInputSchema, ImportedClipSchema),
  listClips: method(z.object({ dir: Dir }), z.array(ReferenceClipSchema)),
  confirmConsentForClip: method(
    z.object({ dir: Dir, sha256: ClipHashSchema, statement: z.string().max(500) }),
    ReferenceClipSchema,
  ),
  /**
   * The voice a speaker gets with this clip: refused when the voice's engine cannot use clips, or the clip
   * is missing or has no consent. The studio then sets it as the speaker's voice (one undoable edit).
   */
  assignClip: method(
    z.object({ dir: Dir, sha256: ClipHashSchema, voice: VoiceRefSchema }),
    z.object({ voice: VoiceRefSchema }),
  ),
  /** Removes a clip's files; refused while a speaker of `project` uses it (the speakers are named). */
  removeClip: method(
    z.object({ dir: Dir, sha256: ClipHashSchema, project: ProjectSchema }),
    z.object({ ok: z.literal(true) }),
  ),
  /** URL the renderer can give an <audio> element for a stored clip. */
  getClipUrl: method(z.object({ dir: Dir, sha256: ClipHashSchema }), z.object({ url: z.string() })),
} as const;
