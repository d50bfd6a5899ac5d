/**
 * Settings → Engines over the StudioApi: the speech servers of engines.json as the renderer sees them (never
 * a key: only where a key is read from), adding a URL engine, testing and removing one.
 */
import * as z from 'zod';

export const ServerEndpointViewSchema = z.object({
  /** The URL as shown (no query, no trailing slash). */
  url: z.string(),
  maxConcurrent: z.number().int(),
  /** Where the key comes from, in words ("key from $LAB_KEY", "no key"): never the key. */
  keySource: z.string(),
  /** Not loopback: renders with it send text off this machine. */
  remote: z.boolean(),
});

export const ServerEngineViewSchema = z.object({
  name: z.string(),
  model: z.string(),
  kind: z.enum(['url-pool', 'sidecar']),
  endpoints: z.array(ServerEndpointViewSchema),
  /** The sidecar's command line and its state in this host ("stopped" until a render starts it). */
  sidecar: z
    .object({
      command: z.string(),
      /** stopped | starting | ready | stopping | crashed | failed */
      state: z.string(),
      /** Why it last stopped, crashed or failed to start, in words (with what it printed last). */
      lastError: z.string().nullable().optional(),
      /** Its process group's leader while it runs. */
      pid: z.number().int().nullable().optional(),
      /** Memory of its processes as the watchdog last measured it; null when unknown or not running. */
      rssBytes: z.number().nullable().optional(),
      gpuBytes: z.number().nullable().optional(),
      /** Memory it is expected to hold once loaded (the definition's figures), MiB. */
      expectedGpuMiB: z.number().int().optional(),
      expectedRamMiB: z.number().int().optional(),
      healthPath: z.string().optional(),
      loadTimeoutS: z.number().optional(),
    })
    .optional(),
  /** Voices entered by hand. */
  voices: z.array(z.string()),
  /** `audiocpp`: the server takes audio.cpp's fields (seed, CFG scale, diffusion steps). */
  dialect: z.enum(['openai', 'audiocpp']).optional(),
});
export type ServerEngineView = z.infer<typeof ServerEngineViewSchema>;

/** `roundtable engines add <name> --url ...` in the studio. */
export const AddServerEngineSchema = z.object({
  name: z.string(),
  url: z.string(),
  /** Required for a new engine; left out when adding an endpoint to an existing pool. */
  model: z.string().optional(),
  /** Name of the environment variable holding the bearer key (the key itself never crosses). */
  apiKeyEnv: z.string().optional(),
  /** Requests the endpoint takes at once, 1 to 64: a number, or the text typed (checked by the host). */
  maxConcurrent: z.union([z.number(), z.string()]).optional(),
  /**
   * The desktop app only: the key itself, stored encrypted in the system keychain (Electron safeStorage)
   * and never sent back, shown or logged. Elsewhere refused: name a variable or a key file instead.
   */
  apiKey: z.string().max(4096).optional(),
  /** For a new engine: `audiocpp` sends audio.cpp's seed, CFG scale and steps (default `openai`). */
  dialect: z.enum(['openai', 'audiocpp']).optional(),
});
export type AddServerEngineInput = z.infer<typeof AddServerEngineSchema>;

/**
 * `roundtable engines add <name> --command "..." | --preset audiocpp-vibevoice` in the studio: a local
 * speech server the host starts on demand. Numbers may be the text typed (the host checks them, with the
 * CLI's rules). Refused in serve mode unless it was started with --allow-sidecar-commands.
 */
export const AddSidecarEngineSchema = z.object({
  name: z.string().max(200),
  /** The server program and its arguments, `{port}` where the port goes (no shell). */
  command: z.string().max(8192).optional(),
  /** `audiocpp-vibevoice`: audio.cpp's server with VibeVoice (binary, modelPath, size, backend). */
  preset: z.string().max(100).optional(),
  /** The preset's `audiocpp_server` program. */
  binary: z.string().max(4096).optional(),
  /** `{model}` in the command; the preset's VibeVoice model folder. */
  modelPath: z.string().max(4096).optional(),
  /** The preset: 1.5B or 7B. */
  size: z.string().max(20).optional(),
  /** The preset: cuda, vulkan, metal or cpu. */
  backend: z.string().max(20).optional(),
  healthPath: z.string().max(1000).optional(),
  loadTimeoutS: z.union([z.number(), z.string().max(40)]).optional(),
  idleTimeoutS: z.union([z.number(), z.string().max(40)]).optional(),
  /** Memory it is expected to hold once loaded, MiB (until the watchdog has measured it). */
  gpuMemoryMiB: z.union([z.number(), z.string().max(40)]).optional(),
  ramMemoryMiB: z.union([z.number(), z.string().max(40)]).optional(),
  /** The model id its requests name (the preset knows its own). */
  model: z.string().max(500).optional(),
  dialect: z.enum(['openai', 'audiocpp']).optional(),
});
export type AddSidecarEngineInput = z.infer<typeof AddSidecarEngineSchema>;

const Failure = z.object({ error: z.string() });

/** `roundtable engines test <name>`: each endpoint's models, voices, one short render. */
export const EngineTestResultSchema = z.object({
  name: z.string(),
  ok: z.boolean(),
  sidecar: z.union([z.object({ loadMs: z.number().int(), models: z.array(z.string()) }), Failure]).optional(),
  endpoints: z.array(
    z.object({
      url: z.string(),
      remote: z.boolean(),
      /** A key that could not be read: nothing else was tried. */
      keyError: z.string().optional(),
      models: z.union([z.object({ ids: z.array(z.string()), hasModel: z.boolean() }), Failure]).optional(),
      voices: z.union([z.object({ ids: z.array(z.string()) }), Failure]).optional(),
      /** No voice listed or entered: the render tried OpenAI's standard voice "alloy". */
      triedStandardVoice: z.boolean().optional(),
      render: z
        .union([
          z.object({ voice: z.string(), audioMs: z.number().int(), roundTripMs: z.number().int() }),
          Failure,
        ])
        .optional(),
    }),
  ),
});
export type EngineTestResult = z.infer<typeof EngineTestResultSchema>;
