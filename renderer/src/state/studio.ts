/**
 * Everything the UI needs, wired together for one StudioApi: stores, controllers and their subscriptions.
 * Created once per window (and once per unit test); dispose() releases every listener and timer.
 */
import type { StudioApi } from '../../../shared/api/studio-api';
import { volumeOutputs, type GainControl, type GainOutputs } from '../audio/gain-output';
import type { PlannedBed } from '../audio/bed-plan';
import type { BedVoice } from '../audio/bed-player';
import { PlaybackController } from '../audio/playback-controller';
import type { MediaLike, PlayerClock, PlayerVoice } from '../audio/sequential-player';
import { TakeUrlCache } from '../audio/take-url-cache';
import { PeaksCache } from '../timeline/peaks-cache';
import { Autosaver, type AutosaverOptions } from './autosaver';
import { createCatalogStore, loadCatalog, type CatalogStore } from './catalog-store';
import { DocumentCommands } from './document-commands';
import { createDocumentStore, selectProject, type DocumentStore } from './document-store';
import { createExportStore, ExportController } from './export-store';
import { connectMonitor, createMonitorStore, type MonitorStore } from './monitor-store';
import { ProjectController } from './project-controller';
import { RenderController } from './render-controller';
import { createRenderStore, type RenderStore } from './render-store';
import { TakeActions } from './take-actions';
import { createIdFactory } from '../../../shared/model/script-content';
import { createUiStore, pushError, pushToast, type UiStore } from './ui-store';

export interface StudioDeps {
  media: MediaLike;
  /** The gain stage of `media` (speaker levels); without one, levels are not heard (unit tests). */
  mediaGain?: GainControl;
  /** A second element for turns that overlap the one before (cross-talk); without one they take turns. */
  overlay?: PlayerVoice;
  /** Gain stages for other media elements (the speaker audition); owned by the caller. */
  outputs?: GainOutputs;
  /** A media element and gain stage for a bed under the preview; without it, previews play speech only. */
  bedVoice?: (bed: PlannedBed) => BedVoice;
  clock: PlayerClock;
  now?: () => number;
  autosave?: AutosaverOptions;
  newId?: (prefix: string) => string;
}

export interface Studio {
  readonly api: StudioApi;
  readonly documents: DocumentStore;
  readonly renders: RenderStore;
  readonly ui: UiStore;
  readonly monitor: MonitorStore;
  readonly catalog: CatalogStore;
  readonly commands: DocumentCommands;
  readonly projects: ProjectController;
  readonly renderer: RenderController;
  /** Regenerate (a new seed where the engine takes one) and restore from the take history. */
  readonly takes: TakeActions;
  readonly playback: PlaybackController;
  readonly exporter: ExportController;
  readonly autosaver: Autosaver;
  readonly peaks: PeaksCache;
  readonly urls: TakeUrlCache;
  /** Gain stages for media elements played outside the player, so they too play at a speaker's level. */
  readonly outputs: GainOutputs;
  /** Loads engines, voices and recent projects. */
  start(): Promise<void>;
  dispose(): void;
}

export function createStudio(api: StudioApi, deps: StudioDeps): Studio {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? createIdFactory();
  const documents = createDocumentStore(now);
  const renders = createRenderStore();
  const ui = createUiStore();
  const monitor = createMonitorStore();
  const catalog = createCatalogStore();
  const urls = new TakeUrlCache(api);
  const peaks = new PeaksCache(api);
  const autosaver = new Autosaver(documents, api, {
    onSaved: (atMs, project) => ui.setState({ lastAutosavedAtMs: atMs, autosavedProject: project }),
    onError: (error) => pushError(ui, error),
    now,
    ...deps.autosave,
  });
  const renderer = new RenderController({ api, documents, renders, onError: (e) => pushError(ui, e), now });
  const playback = new PlaybackController(
    documents,
    urls,
    deps.media,
    deps.clock,
    (message) =>
      pushToast(ui, { kind: 'error', message, hint: 'Render the turn again if the problem stays.' }),
    deps.mediaGain ?? { setGain: () => {} },
    deps.overlay,
    deps.bedVoice
      ? {
          createVoice: deps.bedVoice,
          peaksOf: (dir, hash) => peaks.get(dir, hash),
          onPeaks: (listener) => peaks.subscribe(listener),
        }
      : undefined,
  );
  const exporter = new ExportController(api, createExportStore(), now, {
    render: async () => {
      const { failed } = await renderer.renderPendingAndWait();
      return { project: selectProject(documents.getState()), failed };
    },
    cancel: () => renderer.cancelAll(),
  });
  const commands = new DocumentCommands(documents, ui, newId);
  const projects = new ProjectController(api, documents, renders, ui, catalog, autosaver, newId, () =>
    renderer.cancelAll(),
  );
  const disconnectMonitor = connectMonitor(monitor, api);
  const takes = new TakeActions({ api, documents, catalog, commands, renderer, ui });

  return {
    api,
    documents,
    renders,
    ui,
    monitor,
    catalog,
    commands,
    projects,
    renderer,
    takes,
    playback,
    exporter,
    autosaver,
    peaks,
    urls,
    outputs: deps.outputs ?? volumeOutputs,
    start: () => loadCatalog(catalog, api),
    dispose() {
      disconnectMonitor();
      autosaver.dispose();
      renderer.dispose();
      playback.dispose();
      exporter.dispose();
      peaks.dispose();
    },
  };
}
