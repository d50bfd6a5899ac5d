/**
 * `manifest.json`, one per model pack folder: what the pack is (engine, voices, sample rate, license),
 * every file with its SHA-256 and size (so damage is detected, not guessed), and the memory it needs.
 */
import * as z from 'zod';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_SCHEMA_VERSION = 1;

/** Pack ids are folder names: letters, digits, `.`, `_`, `-`; no leading dot. */
export const PackIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
    'letters, digits, ".", "_" and "-" only, not starting with a dot',
  );

/**
 * `graph`: a further .onnx of a pack made of several (Pocket TTS, Supertonic, Chatterbox Turbo), read under
 * its `key`; `weights`: a graph's external data (`<graph>.onnx_data`), which onnxruntime reads beside it.
 */
export const PackFileRoleSchema = z.enum([
  'model',
  'graph',
  'weights',
  'config',
  'vocab',
  'voice',
  'voices-archive',
  'doc',
]);
export type PackFileRole = z.infer<typeof PackFileRoleSchema>;

/** A path inside the pack: relative, `/`-separated, no `..`. */
const PackPathSchema = z
  .string()
  .min(1)
  .refine((value) => !value.startsWith('/') && !value.includes('\\') && !value.split('/').includes('..'), {
    message: 'must be a relative path inside the pack',
  });

export const PackFileSchema = z.object({
  path: PackPathSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  role: PackFileRoleSchema,
  /** Voice id a `voice` file holds. */
  voice: z.string().min(1).optional(),
  /** The key the engine reads this file under (packs of several graphs, e.g. `flow_lm_main`). */
  key: z.string().min(1).optional(),
});
export type PackFile = z.infer<typeof PackFileSchema>;

export const PackVoiceSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  language: z.string(),
  gender: z.enum(['female', 'male', 'neutral']).optional(),
});
export type PackVoice = z.infer<typeof PackVoiceSchema>;

export const PackManifestSchema = z.object({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  id: PackIdSchema,
  engine: z.enum(['kokoro', 'piper', 'pocket-tts', 'chatterbox-turbo', 'kitten', 'supertonic']),
  label: z.string(),
  files: z.array(PackFileSchema).min(1),
  sampleRate: z.number().int().min(8_000).max(192_000),
  voices: z.array(PackVoiceSchema).min(1),
  license: z.string(),
  memory: z.object({
    /** Resident bytes a loaded model is expected to need before anything was measured. */
    estimateBytes: z.number().int().positive(),
    /** What was measured on this machine, once loaded. */
    observed: z
      .object({ residentBytes: z.number().int().positive(), provider: z.string(), at: z.string() })
      .optional(),
  }),
  /** Model input names seen when the pack was verified by loading it. */
  inputs: z.array(z.string()).optional(),
  importedFrom: z.string().optional(),
  importedAt: z.string().optional(),
});
export type PackManifest = z.infer<typeof PackManifestSchema>;
export type PackEngine = PackManifest['engine'];

export function serializeManifest(manifest: PackManifest): string {
  return `${JSON.stringify(PackManifestSchema.parse(manifest), null, 2)}\n`;
}
