/**
 * What `roundtable engines add|list|test|remove` and Settings → Engines share: the checks on a new URL
 * endpoint (one set of rules and messages), the engine as shown (where a key is read from, never the key;
 * local or remote) and the test (models, voices, one short render and its round-trip time).
 */
import type {
  AddServerEngineInput,
  EngineTestResult,
  ServerEngineView,
} from '../../../shared/api/engines-api';
import { HostError } from '../host-error';
import type { SidecarDefinition } from '../sidecar/sidecar-definition';
import type { SidecarFieldNames, SidecarFields } from '../sidecar/sidecar-fields';
import { sidecarDefinitionFromFields, sidecarSpeechModel } from '../sidecar/sidecar-fields';
import { SidecarSupervisor } from '../sidecar/sidecar-supervisor';
import { listServerModels, listServerVoices } from './discovery';
import { EndpointPool } from './endpoint-pool';
import { UrlEndpointSource } from './endpoint-source';
import type { EndpointConfig, EngineConfigStore, ServerEngineConfig } from './engine-config';
import { displayUrl, EndpointConfigSchema, isLoopbackUrl } from './engine-config';
import { ServerEngine } from './server-engine';
import type { ServerEngines } from './server-engines';
import type { WritableSecretStore } from './keychain-secrets';

/** How each field is named in messages: the CLI's flags, or the studio's field labels. */
export interface FieldNames {
  url: string;
  apiKeyEnv: string;
  apiKeyFile: string;
  maxConcurrent: string;
}

export const STUDIO_FIELD_NAMES: FieldNames = {
  url: 'Base URL',
  apiKeyEnv: 'API key variable',
  apiKeyFile: 'API key file',
  maxConcurrent: 'Max concurrent',
};

export const MAX_CONCURRENT_LIMIT = 64;

/** Where an endpoint's key comes from, in words (never the key). */
export function keySource(endpoint: EndpointConfig): string {
  if (endpoint.apiKeyEnv) return `key from $${endpoint.apiKeyEnv}`;
  if (endpoint.apiKeyFile) return `key from keys/${endpoint.apiKeyFile}`;
  return 'no key';
}

export function whereText(url: string): string {
  return isLoopbackUrl(url) ? 'local' : `remote: sends text to ${displayUrl(url)}`;
}

export function engineView(config: ServerEngineConfig, sidecarState = 'stopped'): ServerEngineView {
  return {
    name: config.name,
    model: config.model,
    kind: config.sidecar ? 'sidecar' : 'url-pool',
    endpoints: config.endpoints.map((endpoint) => ({
      url: displayUrl(endpoint.url),
      maxConcurrent: endpoint.maxConcurrent,
      keySource: keySource(endpoint),
      remote: !isLoopbackUrl(endpoint.url),
    })),
    ...(config.sidecar
      ? {
          sidecar: {
            command: config.sidecar.command.join(' '),
            state: sidecarState,
            expectedGpuMiB: config.sidecar.memory.gpuMiB,
            expectedRamMiB: config.sidecar.memory.ramMiB,
            healthPath: config.sidecar.healthPath,
            loadTimeoutS: config.sidecar.loadTimeoutS,
          },
        }
      : {}),
    voices: config.voices,
    dialect: config.dialect,
  };
}

/** Endpoints whose key the desktop keychain holds say so (the view never carries a key). */
export async function withKeychainSources(
  views: ServerEngineView[],
  keychain: Pick<WritableSecretStore, 'has'>,
): Promise<ServerEngineView[]> {
  return Promise.all(
    views.map(async (view) => ({
      ...view,
      endpoints: await Promise.all(
        view.endpoints.map(async (endpoint) =>
          endpoint.keySource === 'no key' && (await keychain.has(view.name, endpoint.url))
            ? { ...endpoint, keySource: 'key in the system keychain' }
            : endpoint,
        ),
      ),
    })),
  );
}

export type UrlEngineOptions = Omit<Partial<ServerEngineConfig>, 'endpoints' | 'name'>;

/**
 * Checks a URL endpoint as `engines add` and the studio give it, and stores it (a new engine, or one more
 * endpoint for the engine's pool). Throws a {@link HostError} naming the field and what to fix.
 */
export async function addUrlEndpoint(
  store: EngineConfigStore,
  input: AddServerEngineInput & {
    apiKeyFile?: string;
    options?: UrlEngineOptions;
  },
  names: FieldNames,
): Promise<ServerEngineConfig> {
  const url = input.url.trim();
  if (!url) throw new HostError('url-missing', `${names.url} is needed`, 'e.g. http://127.0.0.1:8880/v1');
  const apiKeyEnv = input.apiKeyEnv?.trim() || undefined;
  const apiKeyFile = input.apiKeyFile?.trim() || undefined;
  if (apiKeyEnv && apiKeyFile)
    throw new HostError(
      'key-source-twice',
      `give the key as ${names.apiKeyEnv} or ${names.apiKeyFile}, not both`,
    );
  const maxConcurrent =
    input.maxConcurrent === undefined || input.maxConcurrent === '' ? 1 : Number(input.maxConcurrent);
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1 || maxConcurrent > MAX_CONCURRENT_LIMIT)
    throw new HostError(
      'max-concurrent-invalid',
      `${names.maxConcurrent} must be a whole number from 1 to ${MAX_CONCURRENT_LIMIT} (got "${String(input.maxConcurrent)}")`,
    );
  const parsed = EndpointConfigSchema.safeParse({
    url,
    maxConcurrent,
    ...(apiKeyEnv ? { apiKeyEnv } : {}),
    ...(apiKeyFile ? { apiKeyFile } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    const label = field === 'url' ? `${names.url} "${url}"` : (names[field as keyof FieldNames] ?? field);
    throw new HostError('endpoint-invalid', `${label}: ${issue?.message ?? 'invalid'}`);
  }
  const model = input.model?.trim() || undefined;
  return store.addEndpoint(
    {
      ...input.options,
      ...(input.dialect ? { dialect: input.dialect } : {}),
      name: input.name.trim(),
      ...(model ? { model } : {}),
    },
    parsed.data,
  );
}

export interface SidecarEngineFields extends SidecarFields {
  /** The model id its requests name (the audio.cpp preset knows its own). */
  speechModel?: string;
  dialect?: string;
}

/**
 * Checks a sidecar as `engines add <name> --command|--preset` and the studio give it (one set of rules:
 * sidecar-fields.ts, the program included) and stores it. Throws a {@link HostError} naming the field.
 */
export async function addSidecarEngine(
  store: EngineConfigStore,
  fields: SidecarEngineFields,
  names: SidecarFieldNames,
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ stored: ServerEngineConfig; definition: SidecarDefinition }> {
  const dialect = fields.dialect?.trim() || undefined;
  if (dialect !== undefined && dialect !== 'openai' && dialect !== 'audiocpp')
    throw new HostError('sidecar-invalid', `${names.dialect} is openai or audiocpp (got "${dialect}")`);
  const definition = sidecarDefinitionFromFields(fields, names, options);
  const model = sidecarSpeechModel(definition, fields.speechModel, names);
  const stored = await store.addSidecar(
    { name: definition.name, model, ...(dialect ? { dialect } : {}) },
    definition,
  );
  return { stored, definition };
}

export interface SidecarTestResult {
  loadMs: number;
  models: string[];
}

/** The test of a sidecar: start it, ask GET /v1/models, stop it (no process left). */
export async function testSidecar(
  definition: SidecarDefinition,
  signal: AbortSignal = new AbortController().signal,
): Promise<SidecarTestResult> {
  const supervisor = new SidecarSupervisor(definition);
  try {
    const lease = await supervisor.acquire(signal);
    try {
      const response = await fetch(`${lease.baseUrl}/v1/models`, { signal });
      const body = (await response.json().catch(() => null)) as { data?: { id?: unknown }[] } | null;
      const models = (body?.data ?? []).map((entry) => entry.id).filter((id) => typeof id === 'string');
      return { loadMs: supervisor.status().lastLoadMs ?? 0, models: models as string[] };
    } finally {
      lease.release();
    }
  } finally {
    await supervisor.dispose();
  }
}

const TEST_TEXT = 'This is a test of the speech server.';
/** The first voice of OpenAI's speech API reference, tried when a server lists none and none was entered. */
export const OPENAI_STANDARD_VOICE = 'alloy';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `engines test <name>`: the sidecar (started, models listed, stopped) and each endpoint on its own: models,
 * voices, one short render with the first voice and its round-trip time. Failures are results, not throws;
 * an unknown engine throws.
 */
export async function testServerEngine(
  engines: ServerEngines,
  name: string,
  now: () => number = Date.now,
): Promise<EngineTestResult> {
  const config = await engines.store.get(name);
  if (!config)
    throw new HostError('unknown-engine', `no engine "${name}"`, 'list them with `roundtable engines list`');
  const result: EngineTestResult = { name, ok: true, endpoints: [] };
  if (config.sidecar) {
    try {
      result.sidecar = await testSidecar(
        config.sidecar,
        AbortSignal.timeout((config.sidecar.loadTimeoutS + 30) * 1000),
      );
    } catch (error) {
      result.sidecar = { error: message(error) };
      result.ok = false;
    }
  }
  for (const endpoint of config.endpoints) {
    const entry: EngineTestResult['endpoints'][number] = {
      url: displayUrl(endpoint.url),
      remote: !isLoopbackUrl(endpoint.url),
    };
    result.endpoints.push(entry);
    const signal = AbortSignal.timeout(120_000);
    let apiKey: string | undefined;
    try {
      apiKey = await engines.keys.keyFor(name, endpoint);
    } catch (error) {
      entry.keyError = message(error);
      result.ok = false;
      continue;
    }
    const exchange = { baseUrl: endpoint.url, ...(apiKey ? { apiKey } : {}), timeoutMs: 15_000, signal };
    try {
      const ids = await listServerModels(exchange);
      entry.models = { ids, hasModel: ids.length === 0 || ids.includes(config.model) };
    } catch (error) {
      entry.models = { error: message(error) };
    }
    let voice = config.voices[0];
    try {
      const voices = await listServerVoices(exchange, config.model);
      entry.voices = { ids: voices.map((listed) => listed.id) };
      voice ??= voices[0]?.id;
    } catch (error) {
      entry.voices = { error: message(error) };
    }
    if (!voice) {
      // OpenAI's own API lists no voices (there is no GET /v1/audio/voices); its documented voices are
      // what most compatible servers accept, so the test tries the first of them rather than nothing.
      voice = OPENAI_STANDARD_VOICE;
      entry.triedStandardVoice = true;
    }
    const single = new ServerEngine(
      { ...config, endpoints: [endpoint] },
      new EndpointPool([new UrlEndpointSource(endpoint.url, 1, async () => apiKey)]),
      { maxAttempts: 1 },
    );
    const started = now();
    try {
      const rendered = await single.synthesize(
        TEST_TEXT,
        { engine: name, model: config.model, voice, params: { ratePercent: 100, pitchSemitones: 0 } },
        signal,
      );
      entry.render = {
        voice,
        audioMs: Math.round((rendered.pcm.length / rendered.sampleRate) * 1000),
        roundTripMs: Math.max(0, Math.round(now() - started)),
      };
    } catch (error) {
      entry.render = { error: message(error) };
      result.ok = false;
    } finally {
      await single.pool.dispose();
    }
  }
  return result;
}
