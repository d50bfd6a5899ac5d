/**
 * The StudioApi handlers of the model manager, the folder picker and the voice favourites: split from
 * studio-host.ts, which wires them in beside the others.
 */
import type { ModelPackProgress } from '../../shared/api/models-api';
import type { StudioApiHandlers } from '../../shared/api/studio-api';
import { ModelManager } from './models/model-manager';
import { dataPaths } from './paths';
import type { StudioRuntime } from './studio-runtime';
import { VoiceFavourites } from './voice-favourites';

type ModelHandlerNames =
  | 'listModelPacks'
  | 'importModelPack'
  | 'verifyModelPack'
  | 'removeModelPack'
  | 'pickFolder'
  | 'listFavouriteVoices'
  | 'setFavouriteVoice';

export interface ModelHandlerOptions {
  runtime: StudioRuntime;
  /** Sends onModelPackProgress to every client. */
  emitProgress: (progress: ModelPackProgress) => void;
  /** The desktop app's folder dialog; absent in serve mode and the CLI. */
  pickFolder?: ((title: string) => Promise<string | null>) | undefined;
}

export function modelHandlers(options: ModelHandlerOptions): Pick<StudioApiHandlers, ModelHandlerNames> {
  const { runtime, emitProgress, pickFolder } = options;
  const manager = new ModelManager({
    packs: runtime.models,
    onProgress: emitProgress,
  });
  const favourites = new VoiceFavourites(dataPaths(runtime.dataDir).favouriteVoicesFile);
  return {
    listModelPacks: async () => manager.list(),
    importModelPack: async (request) => manager.importPack(request),
    verifyModelPack: async ({ id, loadModel, operationId }) => manager.verify(id, loadModel, operationId),
    removeModelPack: async ({ id }) => {
      await manager.remove(id);
      return { ok: true as const };
    },
    pickFolder: async ({ title }) =>
      pickFolder ? { supported: true, folder: await pickFolder(title) } : { supported: false, folder: null },
    listFavouriteVoices: async () => favourites.list(),
    setFavouriteVoice: async ({ voice, favourite }) => favourites.set(voice, favourite),
  };
}
