/** The fake StudioApi's model manager, folder picker and favourites: one installed pack, stars in memory. */
import type { FavouriteVoice, ModelPackView } from '../../../shared/api/models-api';
import type { StudioApi } from '../../../shared/api/studio-api';
import { voiceKey } from '../../../shared/model/speaker-defaults';

type ModelMethods =
  | 'listModelPacks'
  | 'importModelPack'
  | 'verifyModelPack'
  | 'removeModelPack'
  | 'pickFolder'
  | 'listFavouriteVoices'
  | 'setFavouriteVoice';

const FAKE_PACK: ModelPackView = {
  id: 'kokoro-v1',
  engine: 'kokoro',
  label: 'Kokoro 82M v1.0',
  voices: [
    { id: 'af_heart', label: 'Heart', language: 'en-US', gender: 'female' },
    { id: 'am_michael', label: 'Michael', language: 'en-US', gender: 'male' },
  ],
  languages: ['en-US'],
  bytes: 345_000_000,
  files: 4,
  sampleRate: 24_000,
  license: 'Apache-2.0',
  verification: { state: 'imported' },
};

export function fakeModelMethods(
  call: (method: keyof StudioApi, input: unknown) => void,
): Pick<StudioApi, ModelMethods> {
  let packs = [FAKE_PACK];
  let favourites: FavouriteVoice[] = [];
  return {
    async listModelPacks(input) {
      call('listModelPacks', input);
      return { modelsDir: '/home/producer/.roundtable/models', packs, broken: [] };
    },
    async importModelPack(input) {
      call('importModelPack', input);
      const pack = { ...FAKE_PACK, id: input.id ?? 'imported-pack' };
      packs = [...packs.filter((entry) => entry.id !== pack.id), pack];
      return { pack, notes: [] };
    },
    async verifyModelPack(input) {
      call('verifyModelPack', input);
      const pack = packs.find((entry) => entry.id === input.id) ?? FAKE_PACK;
      return { ...pack, verification: { state: 'verified', atMs: 0, files: pack.files } };
    },
    async removeModelPack(input) {
      call('removeModelPack', input);
      packs = packs.filter((entry) => entry.id !== input.id);
      return { ok: true as const };
    },
    async pickFolder(input) {
      call('pickFolder', input);
      return { supported: false, folder: null };
    },
    async listFavouriteVoices(input) {
      call('listFavouriteVoices', input);
      return favourites;
    },
    async setFavouriteVoice(input) {
      call('setFavouriteVoice', input);
      const key = voiceKey(input.voice);
      favourites = favourites.filter((entry) => voiceKey(entry) !== key);
      if (input.favourite) favourites.push(input.voice);
      return favourites;
    },
  };
}
