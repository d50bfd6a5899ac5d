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
  loaded: boolean;
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

export async function loadCatalog(
  store: CatalogStore,
  api: Pick<StudioApi, 'listEngines' | 'listVoices' | 'listRecentProjects' | 'getAppInfo'>,
): Promise<void> {
  const [engines, voices, recent, appInfo] = await Promise.allSettled([
    api.listEngines({}),
    api.listVoices({}),
    api.listRecentProjects({}),
    api.getAppInfo({}),
  ]);
  const failed = [engines, voices, recent, appInfo].find((r) => r.status === 'rejected');
  const engineList = engines.status === 'fulfilled' ? engines.value : [];
  store.setState({
    engines: engineList,
    voices: voices.status === 'fulfilled' ? orderVoices(engineList, voices.value) : [],
    recent: recent.status === 'fulfilled' ? recent.value : [],
    appInfo: appInfo.status === 'fulfilled' ? appInfo.value : null,
    loaded: true,
    error: failed
      ? toUserError(
          failed.reason,
          'The studio host did not answer. Check that it is running, then reload the page.',
        )
      : null,
  });
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
