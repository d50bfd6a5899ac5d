/** The in-memory StudioApi's Settings → Engines methods (split from fake-api.ts). */
import type { ServerEngineView } from '../../../shared/api/engines-api';
import type { StudioApi } from '../../../shared/api/studio-api';

type EngineMethods =
  'listServerEngines' | 'addServerEngine' | 'addSidecarEngine' | 'testServerEngine' | 'removeServerEngine';

export function fakeEngineMethods(
  call: (method: keyof StudioApi, input: unknown) => void,
): Pick<StudioApi, EngineMethods> {
  const serverEngines: ServerEngineView[] = [];
  return {
    async listServerEngines(input) {
      call('listServerEngines', input);
      return [...serverEngines];
    },
    async addServerEngine(input) {
      call('addServerEngine', input);
      const url = input.url.replace(/\/+$/, '');
      const engine = {
        name: input.name,
        model: input.model ?? 'tts-1',
        kind: 'url-pool' as const,
        endpoints: [
          {
            url,
            maxConcurrent: Number(input.maxConcurrent ?? 1),
            keySource: input.apiKeyEnv ? `key from $${input.apiKeyEnv}` : 'no key',
            remote: !/^https?:\/\/(127\.|localhost|\[::1\])/.test(url),
          },
        ],
        voices: [],
      };
      serverEngines.push(engine);
      return engine;
    },
    async addSidecarEngine(input) {
      call('addSidecarEngine', input);
      const engine: ServerEngineView = {
        name: input.name,
        model: input.model ?? (input.preset ? 'vibevoice-1.5b' : 'tts-1'),
        kind: 'sidecar',
        endpoints: [],
        sidecar: {
          command: input.command ?? `${input.binary ?? 'audiocpp_server'} --config {config}`,
          state: 'stopped',
        },
        voices: [],
        dialect: input.dialect ?? 'audiocpp',
      };
      serverEngines.push(engine);
      return engine;
    },
    async testServerEngine(input) {
      call('testServerEngine', input);
      const engine = serverEngines.find((entry) => entry.name === input.name);
      return {
        name: input.name,
        ok: true,
        endpoints: (engine?.endpoints ?? []).map((endpoint) => ({
          url: endpoint.url,
          remote: endpoint.remote,
          models: { ids: [engine?.model ?? 'tts-1'], hasModel: true },
          voices: { ids: ['alloy', 'nova'] },
          render: { voice: 'alloy', audioMs: 2300, roundTripMs: 140 },
        })),
      };
    },
    async removeServerEngine(input) {
      call('removeServerEngine', input);
      const at = serverEngines.findIndex((entry) => entry.name === input.name);
      if (at >= 0) serverEngines.splice(at, 1);
      return { ok: true as const };
    },
  };
}
