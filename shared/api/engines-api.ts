/**
 * Settings → Engines over the StudioApi: the speech servers of engines.json as the renderer sees them (never
 * a key: only where a key is read from), adding a URL engine, testing and removing one.
 */
import { z } from 'zod';

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
  sidecar: z.object({ command: z.string(), state: z.string() }).optional(),
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
