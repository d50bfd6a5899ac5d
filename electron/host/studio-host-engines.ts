/**
 * The StudioApi handlers of Settings → Engines (split from studio-host.ts): the speech servers of
 * engines.json with each sidecar's state and memory, adding a URL engine or a sidecar (the CLI's checks,
 * engine-admin.ts and sidecar/sidecar-fields.ts), testing and removing one.
 *
 * Adding a sidecar stores a program this host will run. In the desktop app that is the user's own action;
 * serve mode is an API any page that has the token can call, so there it is refused unless serve mode was
 * started with `--allow-sidecar-commands`.
 */
import type { StudioApiHandlers } from '../../shared/api/studio-api';
import { HostError } from './host-error';
import {
  addSidecarEngine,
  addUrlEndpoint,
  engineView,
  STUDIO_FIELD_NAMES,
  testServerEngine,
  withKeychainSources,
} from './speech-server/engine-admin';
import type { WritableSecretStore } from './speech-server/keychain-secrets';
import { STUDIO_SIDECAR_FIELDS } from './sidecar/sidecar-fields';
import type { StudioRuntime } from './studio-runtime';

type EngineHandlerNames =
  'listServerEngines' | 'addServerEngine' | 'addSidecarEngine' | 'testServerEngine' | 'removeServerEngine';

export interface EngineHandlerOptions {
  runtime: StudioRuntime;
  mode: 'desktop' | 'serve' | 'cli';
  /** Serve mode's `--allow-sidecar-commands`: the studio may add sidecars there too. */
  allowSidecarCommands?: boolean;
  /** The desktop app's keychain, where keys typed in the studio are kept. */
  keychain?: WritableSecretStore;
}

export const ALLOW_SIDECAR_COMMANDS_FLAG = '--allow-sidecar-commands';

/** Whether this host lets the studio add a sidecar (a program it will run). */
export function sidecarCommandsAllowed(options: Pick<EngineHandlerOptions, 'mode' | 'allowSidecarCommands'>) {
  return options.mode !== 'serve' || options.allowSidecarCommands === true;
}

export function engineHandlers(options: EngineHandlerOptions): Pick<StudioApiHandlers, EngineHandlerNames> {
  const { runtime, keychain } = options;
  const servers = runtime.servers;
  return {
    listServerEngines: async () => {
      const statuses = new Map(runtime.sidecars.statuses().map((status) => [status.name, status]));
      const views = (await servers.store.list()).map((config) => {
        const view = engineView(
          config,
          config.sidecar ? statuses.get(config.sidecar.name)?.state : undefined,
        );
        if (!config.sidecar || !view.sidecar) return view;
        const status = statuses.get(config.sidecar.name);
        const memory = runtime.watchdog.current?.sidecarMemory(config.sidecar.name) ?? null;
        const running = status?.pid != null;
        return {
          ...view,
          sidecar: {
            ...view.sidecar,
            lastError: status?.lastError ?? null,
            pid: status?.pid ?? null,
            rssBytes: running ? (memory?.rssBytes ?? null) : null,
            gpuBytes: running ? (memory?.gpuBytes ?? null) : null,
          },
        };
      });
      return keychain ? withKeychainSources(views, keychain) : views;
    },
    addServerEngine: async ({ apiKey, ...input }) => {
      if (apiKey !== undefined && apiKey.trim() !== '') {
        // Checked before anything is stored: an engine added without the key it was given would fail later.
        if (!keychain)
          throw new HostError(
            'keychain-unavailable',
            'an API key can be entered only in the desktop app (it keeps it in the system keychain)',
            'set an environment variable before starting Roundtable and give its name as API key variable',
          );
        if (input.apiKeyEnv?.trim())
          throw new HostError('key-source-twice', 'give the API key or an API key variable, not both');
      }
      const stored = await addUrlEndpoint(servers.store, input, STUDIO_FIELD_NAMES);
      if (keychain && apiKey?.trim()) await keychain.write(stored.name, input.url.trim(), apiKey);
      // The voice picker and renders see the new engine on their next call.
      await servers.reload();
      return engineView(stored);
    },
    addSidecarEngine: async ({ modelPath, model, ...input }) => {
      if (!sidecarCommandsAllowed(options))
        throw new HostError(
          'sidecar-commands-refused',
          'serve mode does not let the browser add a sidecar: it would run a program on this machine',
          `add it with \`roundtable engines add <name> --command "<program> ... {port} ..."\` (or --preset audiocpp-vibevoice), or restart with \`roundtable serve ${ALLOW_SIDECAR_COMMANDS_FLAG}\``,
        );
      const preset = input.preset?.trim() || undefined;
      const { stored } = await addSidecarEngine(
        servers.store,
        {
          ...input,
          ...(preset ? { preset, modelPath } : {}),
          // The model path is the command's {model}.
          ...(!preset && modelPath?.trim() ? { values: { model: modelPath.trim() } } : {}),
          ...(model !== undefined ? { speechModel: model } : {}),
        },
        STUDIO_SIDECAR_FIELDS,
      );
      await servers.reload();
      return engineView(stored);
    },
    testServerEngine: async ({ name }) => testServerEngine(servers, name),
    removeServerEngine: async ({ name }) => {
      const config = await servers.store.get(name);
      if (!(await servers.store.remove(name)))
        throw new HostError('unknown-engine', `no engine "${name}"`, 'it may have been removed already');
      await keychain?.remove(name);
      await servers.reload();
      if (config?.sidecar) await runtime.sidecars.remove(config.sidecar.name);
      return { ok: true as const };
    },
  };
}
