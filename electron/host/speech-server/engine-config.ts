/**
 * `engines.json` in the data folder: the speech servers the user added, by engine name. Nothing is in it
 * until the user adds an endpoint (offline is the default), and never an API key: an endpoint names the
 * environment variable or the key file (in `<data>/keys/`, mode 0600) the key is read from when a request
 * is made.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { writeFileAtomic } from '../files/atomic-write';
import { HostError } from '../host-error';
import { DECODABLE_FORMATS } from './speech-api';
import type { SidecarDefinition } from '../sidecar/sidecar-definition';
import { SidecarDefinitionSchema } from '../sidecar/sidecar-definition';
import { BUILT_IN_ENGINE_IDS } from '../engine-ids';

export const ENGINES_FILE = 'engines.json';
/** Engine names the app's own engines use, which a server engine may not take. */
export const RESERVED_ENGINE_NAMES = BUILT_IN_ENGINE_IDS;
const NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEY_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const EndpointConfigSchema = z
  .object({
    /** Base URL, with or without `/v1` (`http://127.0.0.1:8880` or `https://host/v1`). */
    url: z.string().refine(isHttpUrl, { error: 'the URL must start with http:// or https://' }),
    /** Name of the environment variable holding the bearer key. */
    apiKeyEnv: z
      .string()
      .regex(ENV_NAME, { error: 'an environment variable name (letters, digits, _)' })
      .optional(),
    /** Name of a key file in `<data>/keys/` (mode 0600 on POSIX). */
    apiKeyFile: z.string().regex(KEY_FILE, { error: 'a file name inside the keys folder' }).optional(),
    /** Requests this endpoint takes at once. */
    maxConcurrent: z.number().int().min(1).max(64).default(1),
  })
  .strict();
export type EndpointConfig = z.infer<typeof EndpointConfigSchema>;

export const ServerEngineConfigSchema = z
  .object({
    name: z.string().regex(NAME, { error: 'lower-case letters, digits, - and _, at most 40' }),
    /** The model every request names (`model`); voices are addressed as `<name>:<model>/<voice>`. */
    model: z.string().min(1),
    endpoints: z.array(EndpointConfigSchema).default([]),
    /** A local server the host starts and supervises (`engines add --command/--preset`), beside or instead of URLs. */
    sidecar: SidecarDefinitionSchema.optional(),
    /** `openai` sends only OpenAI's fields; `audiocpp` adds seed, CFG, steps and `options`. */
    dialect: z.enum(['openai', 'audiocpp']).default('openai'),
    /** Voices entered by hand, for servers without `GET /v1/audio/voices`. */
    voices: z.array(z.string().min(1)).default([]),
    /** The format asked for: lossless first (the server may answer another one; it is sniffed). */
    responseFormat: z.enum(DECODABLE_FORMATS).default('wav'),
    /** Ask for `stream_format: "sse"` (PCM deltas). */
    stream: z.boolean().default(false),
    /** Longest text in one request (OpenAI allows 4096). */
    maxChunkChars: z.number().int().min(24).max(4096).default(600),
    /**
     * Longest expected speech of one request, in seconds: a model's memory grows with the audio it makes, so
     * text that says more per character (CJK, a slow rate) is cut shorter (render/chunk-plan.ts).
     */
    maxChunkSeconds: z.number().int().min(5).max(600).default(30),
    /** Per-request deadline: a fixed part plus a part per character of text. */
    timeoutBaseMs: z.number().int().min(1000).default(60_000),
    timeoutPerCharMs: z.number().int().min(0).default(250),
    /** audio.cpp: `guidance_scale`, `num_inference_steps`, `busy_timeout_ms` and the `options` object. */
    guidanceScale: z.number().min(0).max(20).optional(),
    inferenceSteps: z.number().int().min(1).max(1000).optional(),
    busyTimeoutMs: z.number().int().min(0).optional(),
    options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  })
  .strict()
  .refine((engine) => engine.endpoints.length > 0 || engine.sidecar !== undefined, {
    error: 'an engine needs a URL or a sidecar',
    path: ['endpoints'],
  });
export type ServerEngineConfig = z.infer<typeof ServerEngineConfigSchema>;

export const EnginesFileSchema = z
  .object({ version: z.literal(1), engines: z.array(ServerEngineConfigSchema) })
  .strict();
export type EnginesFile = z.infer<typeof EnginesFileSchema>;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === ''
    );
  } catch {
    return false;
  }
}

/** Loopback hosts: nothing sent there leaves the machine. */
export function isLoopbackUrl(value: string): boolean {
  const host = new URL(value).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The URL as shown (no query, no trailing slash). */
export function displayUrl(value: string): string {
  const url = new URL(value);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

export class EngineConfigStore {
  readonly file: string;

  constructor(readonly dataDir: string) {
    this.file = path.join(dataDir, ENGINES_FILE);
  }

  async read(): Promise<EnginesFile> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, engines: [] };
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new HostError(
        'engines-invalid',
        `${this.file} is not valid JSON`,
        'fix or remove the file, then add the engines again',
      );
    }
    const parsed = EnginesFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HostError(
        'engines-invalid',
        `${this.file}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`,
        'fix the file, or remove the engine with `roundtable engines remove <name>` and add it again',
      );
    }
    return parsed.data;
  }

  async list(): Promise<ServerEngineConfig[]> {
    return (await this.read()).engines;
  }

  async get(name: string): Promise<ServerEngineConfig | undefined> {
    return (await this.list()).find((engine) => engine.name === name);
  }

  /**
   * Adds an engine, or an endpoint to an engine's pool (same name: the other settings must agree or be
   * left out). Returns the engine as stored.
   */
  async addEndpoint(
    engine: Omit<Partial<ServerEngineConfig>, 'endpoints'> & { name: string },
    endpoint: EndpointConfig,
  ): Promise<ServerEngineConfig> {
    if (RESERVED_ENGINE_NAMES.includes(engine.name))
      throw new HostError('engine-name-taken', `"${engine.name}" is a built-in engine`, 'pick another name');
    const file = await this.read();
    const existing = file.engines.find((entry) => entry.name === engine.name);
    let stored: ServerEngineConfig;
    if (existing) {
      if (existing.endpoints.some((entry) => displayUrl(entry.url) === displayUrl(endpoint.url)))
        throw new HostError('endpoint-exists', `${engine.name} already has ${displayUrl(endpoint.url)}`);
      if (engine.model !== undefined && engine.model !== existing.model)
        throw new HostError(
          'model-mismatch',
          `${engine.name} renders with model "${existing.model}", not "${engine.model}"`,
          'a pool serves one model: leave --model out, or add the endpoint under another name',
        );
      stored = { ...existing, endpoints: [...existing.endpoints, endpoint] };
      file.engines = file.engines.map((entry) => (entry === existing ? stored : entry));
    } else {
      if (!engine.model)
        throw new HostError(
          'model-missing',
          `a new engine needs the model it renders with`,
          "add --model <id> (`roundtable engines test` lists the server's models)",
        );
      stored = ServerEngineConfigSchema.parse({ ...engine, endpoints: [endpoint] });
      file.engines.push(stored);
    }
    await this.write(file);
    return stored;
  }

  /**
   * Adds an engine served by a sidecar, or gives an engine its sidecar (replacing the one it had: the
   * definition is the user's latest word).
   */
  async addSidecar(
    engine: { name: string; model: string; dialect?: ServerEngineConfig['dialect'] },
    sidecar: SidecarDefinition,
  ): Promise<ServerEngineConfig> {
    if (RESERVED_ENGINE_NAMES.includes(engine.name))
      throw new HostError('engine-name-taken', `"${engine.name}" is a built-in engine`, 'pick another name');
    const file = await this.read();
    const existing = file.engines.find((entry) => entry.name === engine.name);
    if (existing && existing.model !== engine.model)
      throw new HostError(
        'model-mismatch',
        `${engine.name} renders with model "${existing.model}", not "${engine.model}"`,
        'remove it first, or add the sidecar under another name',
      );
    const stored = ServerEngineConfigSchema.parse(
      existing
        ? { ...existing, ...(engine.dialect ? { dialect: engine.dialect } : {}), sidecar }
        : { name: engine.name, model: engine.model, dialect: engine.dialect ?? 'audiocpp', sidecar },
    );
    file.engines = existing
      ? file.engines.map((entry) => (entry === existing ? stored : entry))
      : [...file.engines, stored];
    await this.write(file);
    return stored;
  }

  /** Removes an engine, or one URL from its pool; false when there was nothing to remove. */
  async remove(name: string, url?: string): Promise<boolean> {
    const file = await this.read();
    const engine = file.engines.find((entry) => entry.name === name);
    if (!engine) return false;
    if (url !== undefined) {
      const left = engine.endpoints.filter((entry) => displayUrl(entry.url) !== displayUrl(url));
      if (left.length === engine.endpoints.length) return false;
      file.engines =
        left.length === 0 && !engine.sidecar
          ? file.engines.filter((entry) => entry !== engine)
          : file.engines.map((entry) => (entry === engine ? { ...engine, endpoints: left } : entry));
    } else {
      file.engines = file.engines.filter((entry) => entry !== engine);
    }
    await this.write(file);
    return true;
  }

  private async write(file: EnginesFile): Promise<void> {
    await fs.mkdir(this.dataDir, { recursive: true });
    await writeFileAtomic(this.file, `${JSON.stringify(EnginesFileSchema.parse(file), null, 2)}\n`);
  }
}
