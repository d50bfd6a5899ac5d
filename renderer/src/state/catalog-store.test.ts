import { describe, expect, it } from 'vitest';
import type { StudioApi } from '../../../shared/api/studio-api';
import { createFakeApi } from '../dev/fake-api';
import { createCatalogStore, listAllVoices, loadCatalog } from './catalog-store';

describe('catalog', () => {
  it('lists the voices of every available engine, the preferred engine first', async () => {
    const api = createFakeApi();
    const { engines, voices } = await listAllVoices(api);
    expect(engines.map((e) => e.id)).toEqual(['kokoro', 'espeak']);
    expect(new Set(voices.map((v) => v.engine))).toEqual(new Set(['kokoro', 'espeak']));
    const store = createCatalogStore();
    await loadCatalog(store, api);
    expect(store.getState().voices[0]?.engine).toBe('kokoro');
    expect(store.getState()).toMatchObject({ loaded: true, recentLoaded: true, error: null });
  });

  it('keeps the engines that answer when one does not', async () => {
    const fake = createFakeApi();
    const api: StudioApi = {
      ...fake,
      listVoices: async (input) => {
        if (input.engine === 'kokoro') throw { code: 'engine', message: 'Kokoro model missing.' };
        return fake.listVoices(input);
      },
    };
    const { voices } = await listAllVoices(api);
    expect(voices.length).toBeGreaterThan(0);
    expect(voices.every((v) => v.engine === 'espeak')).toBe(true);
  });

  it('says what to do when the host does not answer', async () => {
    const api = createFakeApi({
      failures: {
        listEngines: { code: 'disconnected', message: 'The connection was lost.', hint: 'It reconnects.' },
      },
    });
    const store = createCatalogStore();
    await loadCatalog(store, api);
    expect(store.getState()).toMatchObject({
      loaded: true,
      error: { message: 'The connection was lost.', hint: 'It reconnects.' },
    });
  });
});
