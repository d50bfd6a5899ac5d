/** What the host offers: engines, voices across engines, recent projects and app info. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MethodOutput, StudioApi } from '../../../shared/api/studio-api';
import type { VoiceInfo } from '../../../shared/model/voice';
import { toUserError, type UserError } from './user-error';

export type EngineInfo = MethodOutput<'listEngines'>[number];
export type RecentProject = MethodOutput<'listRecentProjects'>[number];
export type AppInfo = MethodOutput<'getAppInfo'>;

export interface CatalogState {
  engines: EngineInfo[];
  voices: VoiceInfo[];
  recent: RecentProject[];
  appInfo: AppInfo | null;
  /** Engines and voices have been listed (or failed to). */
  loaded: boolean;
  recentLoaded: boolean;
  error: UserError | null;
}

export type CatalogStore = StoreApi<CatalogState>;

export function createCatalogStore(): CatalogStore {
  return createStore<CatalogState>()(() => ({
    engines: [],
    voices: [],
    recent: [],
    appInfo: null,
    loaded: false,
    recentLoaded: false,
    error: null,
  }));
}

/** Voices of available engines, engines in the host's order (its preferred engine first). */
export function orderVoices(engines: EngineInfo[], voices: VoiceInfo[]): VoiceInfo[] {
  const rank = new Map(engines.map((e, i) => [e.id, e.available ? i : 1000 + i]));
  const unavailable = new Set(engines.filter((e) => !e.available).map((e) => e.id));
  return voices
    .filter((v) => !unavailable.has(v.engine))
    .map((v, i) => ({ v, i }))
    .sort((a, b) => (rank.get(a.v.engine) ?? 500) - (rank.get(b.v.engine) ?? 500) || a.i - b.i)
    .map(({ v }) => v);
}

/**
 * Voices of every available engine (the host lists one engine's voices per call). An engine whose voices
 * cannot be listed is left out rather than failing the picker.
 */
export async function listAllVoices(
  api: Pick<StudioApi, 'listEngines' | 'listVoices'>,
): Promise<{ engines: EngineInfo[]; voices: VoiceInfo[] }> {
  const engines = await api.listEngines({});
  const available = engines.filter((e) => e.available);
  if (available.length === 0) return { engines, voices: await api.listVoices({}) };
  const lists = await Promise.allSettled(available.map((e) => api.listVoices({ engine: e.id })));
  const seen = new Set<string>();
  const voices: VoiceInfo[] = [];
  for (const list of lists) {
    if (list.status !== 'fulfilled') continue;
    for (const voice of list.value) {
      const key = `${voice.engine}\u241f${voice.model ?? ''}\u241f${voice.id}`;
      if (!seen.has(key)) voices.push(voice);
      seen.add(key);
    }
  }
  if (voices.length === 0 && lists[0]?.status === 'rejected') throw lists[0].reason;
  return { engines, voices };
}

/**
 * Loads what the host offers. Each list lands as soon as it arrives (voices can take a few seconds while
 * the inference worker starts; recent projects should not wait for that).
 */
export async function loadCatalog(
  store: CatalogStore,
  api: Pick<StudioApi, 'listEngines' | 'listVoices' | 'listRecentProjects' | 'getAppInfo'>,
): Promise<void> {
  const fail = (error: unknown) => {
    if (store.getState().error) return;
    store.setState({
      error: toUserError(
        error,
        'The studio host did not answer. Check that it is running, then reload the page.',
      ),
    });
  };
  const recent = api
    .listRecentProjects({})
    .then((list) => store.setState({ recent: list, recentLoaded: true }))
    .catch((error: unknown) => {
      store.setState({ recentLoaded: true });
      fail(error);
    });
  const info = api
    .getAppInfo({})
    .then((appInfo) => store.setState({ appInfo }))
    .catch(fail);
  const voices = listAllVoices(api)
    .then(({ engines, voices: list }) =>
      store.setState({ engines, voices: orderVoices(engines, list), loaded: true }),
    )
    .catch((error: unknown) => {
      store.setState({ loaded: true });
      fail(error);
    });
  await Promise.all([recent, info, voices]);
}

/** Lists engines and voices again (a speech server was added or removed): the voice picker follows. */
export async function refreshVoices(
  store: CatalogStore,
  api: Pick<StudioApi, 'listEngines' | 'listVoices'>,
): Promise<void> {
  const { engines, voices } = await listAllVoices(api);
  store.setState({ engines, voices: orderVoices(engines, voices), loaded: true });
}

export async function refreshRecent(
  store: CatalogStore,
  api: Pick<StudioApi, 'listRecentProjects'>,
): Promise<void> {
  try {
    store.setState({ recent: await api.listRecentProjects({}) });
  } catch {
    // The start screen keeps the list it has.
  }
}
