/**
 * The studio's model manager over the StudioApi: the installed model packs as the renderer sees them,
 * importing a folder, verifying (re-hashing) and removing a pack, and the progress of the hashing. The
 * host runs the same code as `roundtable models` (electron/host/models/), so checks and messages agree.
 */
import * as z from 'zod';

export const ModelPackVoiceViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  language: z.string(),
  gender: z.enum(['female', 'male', 'neutral']).optional(),
});

export const PackVerificationSchema = z.discriminatedUnion('state', [
  /** Hashed when it was imported; not re-hashed by this host since. */
  z.object({ state: z.literal('imported'), atMs: z.number().int().optional() }),
  z.object({ state: z.literal('verified'), atMs: z.number().int(), files: z.number().int() }),
  z.object({
    state: z.literal('failed'),
    atMs: z.number().int(),
    problems: z.array(z.string()),
    hint: z.string().optional(),
  }),
]);
export type PackVerification = z.infer<typeof PackVerificationSchema>;

export const ModelPackViewSchema = z.object({
  id: z.string(),
  engine: z.string(),
  label: z.string(),
  voices: z.array(ModelPackVoiceViewSchema),
  /** The voices' languages (BCP 47), each once, in the order they first appear. */
  languages: z.array(z.string()),
  bytes: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
  sampleRate: z.number().int(),
  license: z.string(),
  importedFrom: z.string().optional(),
  verification: PackVerificationSchema,
});
export type ModelPackView = z.infer<typeof ModelPackViewSchema>;

export const ModelPackListingSchema = z.object({
  modelsDir: z.string(),
  packs: z.array(ModelPackViewSchema),
  /** Folders in the models folder that are not usable packs (the message says why; removing one works). */
  broken: z.array(z.object({ id: z.string(), message: z.string() })),
});
export type ModelPackListing = z.infer<typeof ModelPackListingSchema>;

/** `roundtable models import <folder> [--id] [--license] [--replace]` in the studio. */
export const ImportModelPackSchema = z.object({
  /** The folder as downloaded: an absolute path on the host's machine. */
  folder: z.string().min(1),
  id: z.string().optional(),
  license: z.string().optional(),
  replace: z.boolean().default(false),
  /** Chosen by the caller, so progress events can be matched before the call returns. */
  operationId: z.string().min(1).max(100),
});

export const ImportedModelPackSchema = z.object({
  pack: ModelPackViewSchema,
  /** What the import noticed (the CLI prints these as `note:`). */
  notes: z.array(z.string()),
});

export const VerifyModelPackSchema = z.object({
  id: z.string().min(1),
  /** Also load the model once (`--load`). */
  loadModel: z.boolean().default(false),
  operationId: z.string().min(1).max(100),
});

export const ModelPackProgressSchema = z.object({
  operationId: z.string(),
  kind: z.enum(['import', 'verify']),
  phase: z.enum(['checking', 'hashing']),
  file: z.string().optional(),
  bytesDone: z.number().int().nonnegative(),
  bytesTotal: z.number().int().nonnegative(),
});
export type ModelPackProgress = z.infer<typeof ModelPackProgressSchema>;

/** The desktop app's folder picker; elsewhere (a browser cannot pick a folder on the server) unsupported. */
export const PickedFolderSchema = z.object({
  supported: z.boolean(),
  /** Null when the picker was cancelled or is not supported. */
  folder: z.string().nullable(),
});

/** A voice as favourites store it: engine, model and voice id. */
export const FavouriteVoiceSchema = z.object({
  engine: z.string().min(1),
  model: z.string().min(1).optional(),
  voice: z.string().min(1),
});
export type FavouriteVoice = z.infer<typeof FavouriteVoiceSchema>;
