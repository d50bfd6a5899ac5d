/**
 * A StudioHost for transport tests: a few canned handlers (override any), events emitted by hand, and a
 * count of live listeners so tests can prove subscriptions are released.
 */
import type { EventName, EventPayload, StudioApiHandlers } from '../../../shared/api/studio-api';
import type { HostEventListener, StudioHost } from '../../host/studio-host-types';

export interface FakeStudioHost extends StudioHost {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  listenerCount(name?: EventName): number;
  /** Inputs each handler received, in order. */
  readonly calls: Array<{ method: string; input: unknown }>;
  readonly takeFiles: Map<string, string>;
  disposed: boolean;
}

class NotImplementedError extends Error {
  readonly code = 'not-implemented';
  readonly hint = 'The fake host does not implement this method.';
}

export function createFakeStudioHost(overrides: Partial<StudioApiHandlers> = {}): FakeStudioHost {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: Array<{ method: string; input: unknown }> = [];
  const takeFiles = new Map<string, string>();

  const notImplemented = (method: string) => async (): Promise<never> => {
    throw new NotImplementedError(`${method} is not implemented by the fake host.`);
  };
  const base: StudioApiHandlers = {
    getAppInfo: async () => ({ version: '0.0.0-test', dataDir: '/tmp/roundtable-fake', mode: 'serve' }),
    listEngines: async () => [
      { id: 'espeak', label: 'eSpeak NG', sampleRate: 22050, device: 'wasm', available: true },
    ],
    listVoices: async () => [{ engine: 'espeak', id: 'en-us', label: 'English (US)', language: 'en-us' }],
    listRecentProjects: async () => [],
    createProject: notImplemented('createProject'),
    openProject: notImplemented('openProject'),
    suggestProjectDir: async ({ title }) => ({ dir: `/tmp/roundtable-fake/projects/${title}` }),
    saveProject: async () => ({ ok: true as const }),
    autosaveProject: async () => ({ ok: true as const }),
    closeProject: async () => ({ ok: true as const }),
    findCachedTakes: async () => [],
    renderTakes: async () => ({ jobId: 'job-1' }),
    cancelRender: async () => ({ ok: true as const }),
    getPeaks: notImplemented('getPeaks'),
    measureSpeakerLevels: notImplemented('measureSpeakerLevels'),
    getTakeUrl: async ({ dir, hash }) => ({ url: `/take/${hash}?dir=${encodeURIComponent(dir)}` }),
    startExport: notImplemented('startExport'),
    cancelExport: async () => ({ ok: true as const }),
    getResources: notImplemented('getResources'),
    getExportFileUrl: notImplemented('getExportFileUrl'),
    openExportFolder: async ({ dir }) => ({ opened: false, folder: `${dir}/exports` }),
    listServerEngines: async () => [],
    addServerEngine: notImplemented('addServerEngine'),
    addSidecarEngine: notImplemented('addSidecarEngine'),
    testServerEngine: notImplemented('testServerEngine'),
    removeServerEngine: notImplemented('removeServerEngine'),
    listModelPacks: async () => ({ modelsDir: '/tmp/roundtable-fake/models', packs: [], broken: [] }),
    importModelPack: notImplemented('importModelPack'),
    verifyModelPack: notImplemented('verifyModelPack'),
    removeModelPack: notImplemented('removeModelPack'),
    pickFolder: async () => ({ supported: false, folder: null }),
    listFavouriteVoices: async () => [],
    setFavouriteVoice: notImplemented('setFavouriteVoice'),
    importClip: notImplemented('importClip'),
    listClips: async () => [],
    confirmConsentForClip: notImplemented('confirmConsentForClip'),
    assignClip: notImplemented('assignClip'),
    removeClip: notImplemented('removeClip'),
    getClipUrl: notImplemented('getClipUrl'),
    importBed: notImplemented('importBed'),
    getBedPeaks: notImplemented('getBedPeaks'),
    importArtwork: notImplemented('importArtwork'),
  };
  const merged = { ...base, ...overrides } as StudioApiHandlers;
  const handlers = Object.fromEntries(
    Object.entries(merged).map(([method, handler]) => [
      method,
      (input: unknown) => {
        calls.push({ method, input });
        return (handler as (input: unknown) => Promise<unknown>)(input);
      },
    ]),
  ) as unknown as StudioApiHandlers;

  const host: FakeStudioHost = {
    handlers,
    calls,
    takeFiles,
    disposed: false,
    on<E extends EventName>(name: E, listener: HostEventListener<E>) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
    emit(name, payload) {
      for (const listener of [...(listeners.get(name) ?? [])]) listener(payload);
    },
    listenerCount(name) {
      if (name) return listeners.get(name)?.size ?? 0;
      let total = 0;
      for (const set of listeners.values()) total += set.size;
      return total;
    },
    async resolveTakeFile(_projectDir, hash) {
      const file = takeFiles.get(hash);
      if (!file) throw new Error(`no take ${hash}`);
      return file;
    },
    async resolveExportFile(_projectDir, fileName) {
      throw new Error(`no exported file ${fileName}`);
    },
    async resolveClipFile(_projectDir, sha256) {
      throw new Error(`no clip ${sha256}`);
    },
    async resolveBedFile(_projectDir, hash) {
      throw new Error(`no bed ${hash}`);
    },
    async dispose() {
      host.disposed = true;
    },
  };
  return host;
}
