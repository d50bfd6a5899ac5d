/** Resource readings and watchdog actions from the host, kept short for the monitor panel. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ResourceSnapshot, StudioApi, WatchdogAction } from '../../../shared/api/studio-api';

export const RESOURCE_SAMPLES_KEPT = 90;
export const WATCHDOG_EVENTS_KEPT = 200;

export interface ResourceSample {
  atMs: number;
  ramUsedFraction: number;
  /** Highest used fraction over GPUs that report free memory; null when none does. */
  gpuUsedFraction: number | null;
}

export interface MonitorState {
  latest: ResourceSnapshot | null;
  samples: ResourceSample[];
  /** Newest first. */
  watchdog: WatchdogAction[];
}

export type MonitorStore = StoreApi<MonitorState>;

export function createMonitorStore(): MonitorStore {
  return createStore<MonitorState>()(() => ({ latest: null, samples: [], watchdog: [] }));
}

export function usedFraction(totalBytes: number, freeBytes: number | null): number | null {
  if (freeBytes === null || totalBytes <= 0) return null;
  return Math.min(1, Math.max(0, 1 - freeBytes / totalBytes));
}

export function sampleOf(snapshot: ResourceSnapshot): ResourceSample {
  let gpu: number | null = null;
  for (const g of snapshot.gpus) {
    const used = usedFraction(g.totalBytes, g.freeBytes);
    if (used !== null) gpu = Math.max(gpu ?? 0, used);
  }
  return {
    atMs: snapshot.atMs,
    ramUsedFraction: usedFraction(snapshot.ram.totalBytes, snapshot.ram.freeBytes) ?? 0,
    gpuUsedFraction: gpu,
  };
}

export function addSnapshot(store: MonitorStore, snapshot: ResourceSnapshot): void {
  store.setState((s) => ({
    latest: snapshot,
    samples: [...s.samples, sampleOf(snapshot)].slice(-RESOURCE_SAMPLES_KEPT),
  }));
}

export function addWatchdogAction(store: MonitorStore, action: WatchdogAction): void {
  store.setState((s) => ({ watchdog: [action, ...s.watchdog].slice(0, WATCHDOG_EVENTS_KEPT) }));
}

/** Subscribes the store to the host's resource and watchdog events; returns the unsubscribe. */
export function connectMonitor(
  store: MonitorStore,
  api: Pick<StudioApi, 'onResources' | 'onWatchdogAction' | 'getResources'>,
): () => void {
  let live = true;
  const offResources = api.onResources((snapshot) => addSnapshot(store, snapshot));
  const offWatchdog = api.onWatchdogAction((action) => addWatchdogAction(store, action));
  api
    .getResources({})
    .then((snapshot) => {
      if (live && store.getState().latest === null) addSnapshot(store, snapshot);
    })
    .catch(() => {
      // The first pushed snapshot fills the panel; the panel says it is waiting until then.
    });
  return () => {
    live = false;
    offResources();
    offWatchdog();
  };
}
