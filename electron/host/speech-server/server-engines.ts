/**
 * The server engines of this data folder, built from `engines.json` on first use: one pool of endpoint
 * sources and one {@link ServerEngine} per engine name. With no engines.json there are none, and nothing
 * leaves the machine.
 */
import type { VoiceInfo } from '../../../shared/model/voice';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import type { SecretStore } from './api-keys';
import { ApiKeys } from './api-keys';
import { listServerVoices } from './discovery';
import type { PoolOptions } from './endpoint-pool';
import { EndpointPool } from './endpoint-pool';
import type { EndpointSource } from './endpoint-source';
import { UrlEndpointSource } from './endpoint-source';
import type { EndpointConfig, ServerEngineConfig } from './engine-config';
import { EngineConfigStore, RESERVED_ENGINE_NAMES } from './engine-config';
import type { HostEngine } from './server-engine';
import { ServerEngine } from './server-engine';
import type { SidecarFleet } from '../sidecar/sidecar-fleet';
import type { SidecarDefinition } from '../sidecar/sidecar-definition';

export interface ServerEnginesOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  secrets?: SecretStore;
  logger?: Logger;
  pool?: PoolOptions;
  maxAttempts?: number;
  /** The host's managed sidecars: engines with a `sidecar` definition render through them. */
  sidecars?: SidecarFleet;
  /** How an endpoint becomes a source (default: its URL). */
  sourceFor?: (engine: ServerEngineConfig, endpoint: EndpointConfig, keys: ApiKeys) => EndpointSource;
}

export class ServerEngines {
  readonly store: EngineConfigStore;
  readonly keys: ApiKeys;
  private loaded: Promise<Map<string, ServerEngine>> | undefined;
  private readonly logger: Logger;

  constructor(private readonly options: ServerEnginesOptions) {
    this.store = new EngineConfigStore(options.dataDir);
    this.keys = new ApiKeys({ dataDir: options.dataDir, env: options.env, secrets: options.secrets });
    this.logger = options.logger ?? silentLogger;
  }

  /** The engine of this name, or undefined for engines that are not server engines. */
  async engine(id: string): Promise<ServerEngine | undefined> {
    // The app's own engines never read engines.json: a damaged file cannot stop an espeak render.
    if (RESERVED_ENGINE_NAMES.includes(id)) return undefined;
    return (await this.load()).get(id);
  }

  /** The same, typed for the render queue. */
  async hostEngine(id: string): Promise<HostEngine | undefined> {
    return this.engine(id);
  }

  async all(): Promise<ServerEngine[]> {
    return [...(await this.load()).values()];
  }

  /**
   * Voices of an engine: what its first reachable endpoint lists at `GET /v1/audio/voices`, else the
   * voices entered by hand. `discovered` says which.
   */
  async voices(
    id: string,
    signal = AbortSignal.timeout(10_000),
  ): Promise<{ voices: VoiceInfo[]; discovered: boolean; problem?: string }> {
    const engine = await this.engine(id);
    if (!engine) return { voices: [], discovered: false };
    const { config } = engine;
    const toInfo = (voice: { id: string; label: string; language?: string }): VoiceInfo => ({
      engine: config.name,
      model: config.model,
      id: voice.id,
      label: voice.label,
      language: voice.language ?? '',
    });
    let problem: string | undefined;
    for (const source of engine.pool.sources) {
      try {
        const endpoint = await source.acquire(signal);
        try {
          const listed = await listServerVoices(
            {
              baseUrl: endpoint.baseUrl,
              ...(endpoint.apiKey ? { apiKey: endpoint.apiKey } : {}),
              timeoutMs: 10_000,
              signal,
            },
            config.model,
          );
          if (listed.length > 0) return { voices: listed.map(toInfo), discovered: true };
          problem = `${source.label} lists no voices`;
        } finally {
          endpoint.release();
        }
      } catch (error) {
        problem = `${source.label}: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    return {
      voices: config.voices.map((voice) => toInfo({ id: voice, label: voice })),
      discovered: false,
      ...(problem ? { problem } : {}),
    };
  }

  /** Forgets the loaded engines (after engines.json changed); the next use reads it again. */
  async reload(): Promise<void> {
    const previous = this.loaded;
    this.loaded = undefined;
    if (previous)
      await Promise.all(
        [...(await previous.catch(() => new Map<string, ServerEngine>())).values()].map((engine) =>
          engine.pool.dispose(),
        ),
      );
  }

  private load(): Promise<Map<string, ServerEngine>> {
    this.loaded ??= this.store.list().then((configs) => {
      const engines = new Map<string, ServerEngine>();
      for (const config of configs) {
        const sources: EndpointSource[] = config.endpoints.map((endpoint) =>
          this.options.sourceFor
            ? this.options.sourceFor(config, endpoint, this.keys)
            : new UrlEndpointSource(endpoint.url, endpoint.maxConcurrent, () =>
                this.keys.keyFor(config.name, endpoint),
              ),
        );
        if (config.sidecar) sources.push(sidecarSource(config.sidecar, this.options.sidecars));
        engines.set(
          config.name,
          new ServerEngine(config, new EndpointPool(sources, this.options.pool), {
            logger: this.logger,
            ...(this.options.maxAttempts !== undefined ? { maxAttempts: this.options.maxAttempts } : {}),
          }),
        );
      }
      return engines;
    });
    this.loaded.catch(() => (this.loaded = undefined));
    return this.loaded;
  }

  async dispose(): Promise<void> {
    await this.reload();
  }
}

/**
 * A managed sidecar as a pool member: one request at a time (audio.cpp serialises a model's requests), on
 * this machine. The fleet starts it on the first request and keeps one per engine name.
 */
function sidecarSource(definition: SidecarDefinition, fleet: SidecarFleet | undefined): EndpointSource {
  return {
    label: `sidecar ${definition.name}`,
    remote: false,
    maxConcurrent: 1,
    async acquire(signal) {
      if (!fleet)
        throw new Error(
          `the sidecar ${definition.name} can only be started by the studio or \`roundtable render\``,
        );
      const sidecar = await fleet.get(definition);
      const lease = await sidecar.acquire(signal);
      return { baseUrl: lease.baseUrl, release: () => lease.release() };
    },
  };
}
