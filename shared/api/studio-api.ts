/**
 * The StudioApi contract: the only way the renderer (and the CLI, and serve mode's browser client) talks to
 * the host. Method names are channel names. Inputs and outputs are zod schemas, checked by the host on
 * every call.
 */
import * as z from 'zod';
import { ProjectSchema, TakeSchema } from '../model/project';
import { VoiceInfoSchema, VoiceRefSchema } from '../model/voice';
import { event, method } from './define';
import { clipApiMethods } from './clips-api';
import {
  AddServerEngineSchema,
  AddSidecarEngineSchema,
  EngineTestResultSchema,
  ServerEngineViewSchema,
} from './engines-api';
import {
  FavouriteVoiceSchema,
  ImportedModelPackSchema,
  ImportModelPackSchema,
  ModelPackListingSchema,
  ModelPackProgressSchema,
  PickedFolderSchema,
  VerifyModelPackSchema,
} from './models-api';
import { BedAudioSchema, EpisodeInfoSchema } from '../model/beds';

/** Files the studio sends to the host (beds, artwork) travel base64 in one message: at most this large. */
export const MAX_STUDIO_UPLOAD_BYTES = 40 * 1024 * 1024;
const Upload = z.object({
  dir: z.string().min(1),
  fileName: z.string().min(1).max(255),
  dataBase64: z.string().max(Math.ceil(MAX_STUDIO_UPLOAD_BYTES / 3) * 4),
});

export const ApiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** What the user can do about it. */
  hint: z.string().optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  mode: z.enum(['desktop', 'serve', 'cli']),
  /**
   * Settings → Engines may add a sidecar (a program this host runs): always in the desktop app, in serve
   * mode only when started with --allow-sidecar-commands.
   */
  sidecarCommands: z.boolean().optional(),
});

export const EngineInfoSchema = z.object({
  id: z.string(),
  label: z.string(),
  sampleRate: z.number().int(),
  device: z.string(),
  available: z.boolean(),
  reason: z.string().optional(),
  /** A speech server engine with endpoints off this machine. */
  remote: z.boolean().optional(),
  /** The engine speaks in a voice from a reference clip (the voice picker offers "Voice from a clip…"). */
  acceptsReferenceClip: z.boolean().optional(),
  /**
   * The engine samples (speech servers): `seed` — Regenerate draws a new seed and a take's seed reproduces
   * it; `guidance` — it takes a CFG scale and diffusion steps. Absent: rendering again gives the same audio.
   */
  sampling: z.object({ seed: z.boolean(), guidance: z.boolean() }).optional(),
});

export const RecentProjectSchema = z.object({
  dir: z.string(),
  title: z.string(),
  modifiedAtMs: z.number().int(),
});

export const OpenedProjectSchema = z.object({
  dir: z.string(),
  project: ProjectSchema,
  /** Newer state found in autosave/ after an unclean exit: the UI offers to restore it. */
  recovered: ProjectSchema.optional(),
  /** When the recovered state was autosaved. */
  recoveredAtMs: z.number().int().optional(),
  /** Things to tell the user: opened from the backup, upgraded from an older version, open elsewhere. */
  warnings: z.array(z.object({ code: z.string(), message: z.string() })).default([]),
});

export const TakeRequestSchema = z.object({
  segmentId: z.string(),
  text: z.string().min(1),
  voice: VoiceRefSchema,
  /** Render again even when the cache has this take. */
  force: z.boolean().default(false),
});

export const SpeakerLoudnessSchema = z.object({
  speakerId: z.string(),
  loudnessLufs: z.number().nullable(),
  measuredMs: z.number().int().nonnegative(),
});

export const RenderStatusSchema = z.enum(['queued', 'rendering', 'done', 'cached', 'failed', 'cancelled']);

export const RenderProgressSchema = z.object({
  jobId: z.string(),
  segmentId: z.string(),
  status: RenderStatusSchema,
  take: TakeSchema.optional(),
  error: ApiErrorSchema.optional(),
  /** A speech server's endpoints that rendered the take (server engines only). */
  renderedBy: z.string().optional(),
  /** Turns finished in this job, and in total. */
  doneCount: z.number().int(),
  totalCount: z.number().int(),
});
export type RenderProgress = z.infer<typeof RenderProgressSchema>;

export const ExportFormatSchema = z.enum(['wav', 'mp3', 'flac']);
export type Mp3BitrateKbps = 96 | 128 | 192 | 256 | 320;

/**
 * The MP3 bit rate when none is chosen, in the CLI and the studio alike: 128 kbps for mono, 192 kbps for
 * stereo (the same quality per channel, as podcast hosts recommend for speech).
 */
export function defaultMp3BitrateKbps(channels: 1 | 2): Mp3BitrateKbps {
  return channels === 2 ? 192 : 128;
}

export const ExportOptionsSchema = z
  .object({
    format: ExportFormatSchema.default('wav'),
    sampleRate: z
      .union([z.literal(24000), z.literal(44100), z.literal(48000)], {
        error: 'the sample rate is 24000, 44100 or 48000 (Hz)',
      })
      .default(44100),
    channels: z
      .union([z.literal(1), z.literal(2)], { error: 'channels are 1 (mono) or 2 (stereo)' })
      .default(1),
    bitDepth: z.union([z.literal(16), z.literal(24)], { error: 'the bit depth is 16 or 24' }).default(16),
    mp3BitrateKbps: z
      .union([z.literal(96), z.literal(128), z.literal(192), z.literal(256), z.literal(320)], {
        error: 'the MP3 bit rate is 96, 128, 192, 256 or 320 (kbps)',
      })
      .optional(),
    /** Integrated loudness target in LUFS, or null for no normalisation. */
    loudnessLufs: z
      .number()
      .min(-40, { error: 'the loudness target is between -40 and -5 LUFS' })
      .max(-5, { error: 'the loudness target is between -40 and -5 LUFS' })
      .nullable()
      .optional(),
    splitByChapter: z.boolean().default(false),
    /** File name without extension inside the project's exports/ folder. */
    baseName: z
      .string()
      .regex(/^[^/\\:*?"<>|]+$/)
      .optional(),
  })
  .transform((options) => ({
    ...options,
    mp3BitrateKbps: options.mp3BitrateKbps ?? defaultMp3BitrateKbps(options.channels),
  }));
export type ExportOptions = z.infer<typeof ExportOptionsSchema>;

/** What a finished export measured and checked (the report file says the same at more length). */
export const ExportSummarySchema = z.object({
  durationMs: z.number().int().nonnegative(),
  /** Null target: not normalised (--loudness off). */
  targetLufs: z.number().nullable(),
  /** Integrated loudness and true peak of the output as planned and measured; null when not measured. */
  outputLufs: z.number().nullable(),
  truePeakDbtp: z.number().nullable(),
  reachedTarget: z.boolean(),
  checks: z.object({
    ok: z.boolean(),
    turnsChecked: z.number().int().nonnegative(),
    inaudibleTurns: z.number().int().nonnegative(),
    noisyGaps: z.number().int().nonnegative(),
    clippedSamples: z.number().int().nonnegative(),
  }),
  reportFile: z.string(),
});
export type ExportSummary = z.infer<typeof ExportSummarySchema>;

export const ExportProgressSchema = z.object({
  jobId: z.string(),
  phase: z.enum(['rendering', 'measuring', 'encoding', 'checking', 'done', 'failed', 'cancelled']),
  fraction: z.number().min(0).max(1),
  etaMs: z.number().int().nullable(),
  /** With phase `encoding`: 2 or more when the episode is encoded again (a limited pass missed the target). */
  encodePass: z.number().int().min(2).optional(),
  files: z.array(z.string()).default([]),
  /** With phase `done`. */
  summary: ExportSummarySchema.optional(),
  error: ApiErrorSchema.optional(),
});
export type ExportProgress = z.infer<typeof ExportProgressSchema>;

export const ResourceSnapshotSchema = z.object({
  atMs: z.number().int(),
  ram: z.object({ totalBytes: z.number(), freeBytes: z.number() }),
  gpus: z.array(
    z.object({
      index: z.number().int(),
      name: z.string(),
      totalBytes: z.number(),
      /** null where free memory cannot be read on this GPU. */
      freeBytes: z.number().nullable(),
    }),
  ),
  workerRssBytes: z.number().nullable(),
  pressure: z.enum(['normal', 'elevated', 'high', 'critical']),
  /** Managed sidecars (local speech servers) beside the worker: their processes' memory, null when unknown. */
  sidecars: z
    .array(
      z.object({
        name: z.string(),
        running: z.boolean(),
        rssBytes: z.number().nullable(),
        gpuBytes: z.number().nullable(),
      }),
    )
    .optional(),
});
export type ResourceSnapshot = z.infer<typeof ResourceSnapshotSchema>;

export const WatchdogActionSchema = z.object({
  atMs: z.number().int(),
  action: z.enum([
    'pause-queue',
    'resume-queue',
    'shrink-chunks',
    'unload-idle-models',
    'restart-worker',
    'fallback-cpu',
    'worker-crashed',
    'worker-hung',
    'retry-chunk',
    'gave-up',
    'probe-degraded',
  ]),
  reason: z.string(),
});
export type WatchdogAction = z.infer<typeof WatchdogActionSchema>;

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });
const JobRef = z.object({ jobId: z.string() });
const ProjectDir = z.object({ dir: z.string().min(1) });

export const studioApiMethods = {
  getAppInfo: method(Empty, AppInfoSchema),
  listEngines: method(Empty, z.array(EngineInfoSchema)),
  listVoices: method(z.object({ engine: z.string().optional() }), z.array(VoiceInfoSchema)),
  listRecentProjects: method(Empty, z.array(RecentProjectSchema)),
  createProject: method(
    z.object({ title: z.string().min(1).max(200), dir: z.string().optional(), project: ProjectSchema }),
    OpenedProjectSchema,
  ),
  openProject: method(ProjectDir, OpenedProjectSchema),
  /** The folder createProject makes for this title when it is given no folder (the new-project form shows it). */
  suggestProjectDir: method(z.object({ title: z.string().max(200) }), z.object({ dir: z.string() })),
  saveProject: method(z.object({ dir: z.string().min(1), project: ProjectSchema }), Ok),
  /** Debounced by the caller; writes autosave/ without touching project.json. */
  autosaveProject: method(z.object({ dir: z.string().min(1), project: ProjectSchema }), Ok),
  /**
   * Ends the project's session cleanly: removes its autosave and session lock, so edits not saved by then are
   * dropped (the UI asks to save first). Opening the folder again without this offers the autosave back.
   */
  closeProject: method(ProjectDir, Ok),
  renderTakes: method(
    z.object({ dir: z.string().min(1), requests: z.array(TakeRequestSchema).min(1) }),
    JobRef,
  ),
  cancelRender: method(JobRef, Ok),
  /**
   * The takes the project's cache already holds for these turns (by words and voice), without rendering:
   * turns of an opened project that lost their take reference (edits not saved) find it again.
   */
  findCachedTakes: method(
    z.object({ dir: z.string().min(1), requests: z.array(TakeRequestSchema).max(100_000) }),
    z.array(z.object({ segmentId: z.string(), take: TakeSchema })),
  ),
  /**
   * Loudness of each speaker's rendered takes as the engine made them (before the speaker's gain), for
   * "match levels" (shared/model/speaker-levels.ts). Turns without a take are left out.
   */
  measureSpeakerLevels: method(
    z.object({ dir: z.string().min(1), project: ProjectSchema }),
    z.array(SpeakerLoudnessSchema),
  ),
  /** A take's waveform: [min, max] pairs per `samplesPerPeak` frames at its rate. */
  getPeaks: method(
    z.object({ dir: z.string().min(1), hash: z.string() }),
    z.object({ sampleRate: z.number().int(), samplesPerPeak: z.number().int(), peaks: z.array(z.number()) }),
  ),
  /** URL the renderer can give an <audio> element or wavesurfer for a take. */
  getTakeUrl: method(z.object({ dir: z.string().min(1), hash: z.string() }), z.object({ url: z.string() })),
  startExport: method(
    z.object({ dir: z.string().min(1), project: ProjectSchema, options: ExportOptionsSchema }),
    JobRef,
  ),
  cancelExport: method(JobRef, Ok),
  /** URL the renderer can give an <audio> element for an exported audio file (in the project's exports/). */
  getExportFileUrl: method(
    z.object({ dir: z.string().min(1), file: z.string().min(1) }),
    z.object({ url: z.string() }),
  ),
  /**
   * Opens the project's exports/ folder in the system's file manager where the host can (the desktop app);
   * `opened: false` elsewhere (serve mode: the browser cannot), with the folder to name instead.
   */
  openExportFolder: method(ProjectDir, z.object({ opened: z.boolean(), folder: z.string() })),
  getResources: method(Empty, ResourceSnapshotSchema),
  /** Settings → Engines: the speech servers of engines.json (keys never cross: only where they are read from). */
  listServerEngines: method(Empty, z.array(ServerEngineViewSchema)),
  /** `roundtable engines add <name> --url ...`: a new engine, or an endpoint for an existing pool. */
  addServerEngine: method(AddServerEngineSchema, ServerEngineViewSchema),
  /** `roundtable engines test <name>`: models, voices, one short render and its round-trip time. */
  /**
   * `roundtable engines add <name> --command|--preset`: a sidecar the host starts and supervises, with the
   * CLI's checks (the program must exist and be executable). Serve mode refuses it unless started with
   * `--allow-sidecar-commands`.
   */
  addSidecarEngine: method(AddSidecarEngineSchema, ServerEngineViewSchema),
  testServerEngine: method(z.object({ name: z.string().min(1) }), EngineTestResultSchema),
  removeServerEngine: method(z.object({ name: z.string().min(1) }), Ok),
  /** The model manager: installed packs with voices, languages, size, licence and verification state. */
  listModelPacks: method(Empty, ModelPackListingSchema),
  /** `roundtable models import`: same checks and messages; progress comes as onModelPackProgress. */
  importModelPack: method(ImportModelPackSchema, ImportedModelPackSchema),
  /** `roundtable models verify <id>`: re-hashes every file; a damaged pack is a `failed` verification. */
  verifyModelPack: method(VerifyModelPackSchema, ModelPackListingSchema.shape.packs.element),
  removeModelPack: method(z.object({ id: z.string().min(1) }), Ok),
  /** A folder chosen in the desktop app's dialog (serve mode: `supported: false`, a path is typed instead). */
  pickFolder: method(z.object({ title: z.string().max(200) }), PickedFolderSchema),
  /** The user's favourite voices (stored in the data folder, not the project). */
  listFavouriteVoices: method(Empty, z.array(FavouriteVoiceSchema)),
  setFavouriteVoice: method(
    z.object({ voice: FavouriteVoiceSchema, favourite: z.boolean() }),
    z.array(FavouriteVoiceSchema),
  ),
  ...clipApiMethods,
  /** Stores an audio file (WAV, MP3, FLAC) as a bed in the project's beds/ folder, by content hash. */
  importBed: method(Upload, BedAudioSchema),
  /** A bed's waveform: [min, max] pairs per `samplesPerPeak` frames at its own rate. */
  getBedPeaks: method(
    z.object({ dir: z.string().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) }),
    z.object({ samplesPerPeak: z.number().int(), peaks: z.array(z.number()) }),
  ),
  /** Stores a PNG or JPEG as the episode's artwork in the project's artwork/ folder. */
  importArtwork: method(Upload, EpisodeInfoSchema.shape.artwork.unwrap()),
} as const;

export const studioApiEvents = {
  onRenderProgress: event(RenderProgressSchema),
  onExportProgress: event(ExportProgressSchema),
  onResources: event(ResourceSnapshotSchema),
  onWatchdogAction: event(WatchdogActionSchema),
  onModelPackProgress: event(ModelPackProgressSchema),
} as const;

type Methods = typeof studioApiMethods;
type Events = typeof studioApiEvents;
export type MethodName = keyof Methods;
export type EventName = keyof Events;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

/** The typed object the preload exposes and serve mode's client implements. */
export type StudioApi = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>>;
} & {
  [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void;
};

/** The host side: handlers receive validated input. */
export type StudioApiHandlers = {
  [M in MethodName]: (input: z.output<Methods[M]['input']>) => Promise<MethodOutput<M>>;
};

export const methodNames = Object.keys(studioApiMethods) as MethodName[];
export const eventNames = Object.keys(studioApiEvents) as EventName[];
