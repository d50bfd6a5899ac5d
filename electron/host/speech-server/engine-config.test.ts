import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKeys, keysDir } from './api-keys';
import { idsOf } from './discovery';
import { EngineConfigStore, isLoopbackUrl } from './engine-config';
import { ServerEngines } from './server-engines';
import { endpointUrl, parseRetryAfter } from './speech-client';

const dirs: string[] = [];
async function dataDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'engines-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

describe('EngineConfigStore', () => {
  it('adds engines and pools, refuses a different model for a pool, removes', async () => {
    const store = new EngineConfigStore(await dataDir());
    expect(await store.list()).toEqual([]);
    await store.addEndpoint(
      { name: 'lab', model: 'tts-1' },
      { url: 'http://127.0.0.1:8000', maxConcurrent: 2 },
    );
    const pooled = await store.addEndpoint(
      { name: 'lab' },
      { url: 'http://10.0.0.2:8000/v1', maxConcurrent: 1, apiKeyEnv: 'LAB_KEY' },
    );
    expect(pooled.endpoints.map((endpoint) => endpoint.url)).toEqual([
      'http://127.0.0.1:8000',
      'http://10.0.0.2:8000/v1',
    ]);
    await expect(
      store.addEndpoint({ name: 'lab', model: 'other' }, { url: 'http://x:1', maxConcurrent: 1 }),
    ).rejects.toThrow(/renders with model "tts-1"/);
    await expect(
      store.addEndpoint({ name: 'lab' }, { url: 'http://127.0.0.1:8000/', maxConcurrent: 1 }),
    ).rejects.toThrow(/already has/);
    await expect(store.addEndpoint({ name: 'new' }, { url: 'http://x:1', maxConcurrent: 1 })).rejects.toThrow(
      /needs the model/,
    );
    const text = await fs.readFile(store.file, 'utf8');
    expect(text).toContain('"apiKeyEnv": "LAB_KEY"');
    expect(await store.remove('lab', 'http://127.0.0.1:8000')).toBe(true);
    expect((await store.get('lab'))?.endpoints).toHaveLength(1);
    expect(await store.remove('lab')).toBe(true);
    expect(await store.remove('lab')).toBe(false);
  });

  it('refuses a damaged engines.json with a message naming the field', async () => {
    const dir = await dataDir();
    await fs.writeFile(
      path.join(dir, 'engines.json'),
      JSON.stringify({
        version: 1,
        engines: [{ name: 'x', model: 'm', endpoints: [{ url: 'http://a', apiKey: 'sk-inline' }] }],
      }),
    );
    await expect(new EngineConfigStore(dir).list()).rejects.toThrow(/engines.0.endpoints.0/);
  });

  it('tells loopback from remote', () => {
    expect(isLoopbackUrl('http://127.0.0.1:8000')).toBe(true);
    expect(isLoopbackUrl('http://localhost:8000/v1')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:8000')).toBe(true);
    expect(isLoopbackUrl('http://192.168.1.4:8000')).toBe(false);
    expect(isLoopbackUrl('https://api.example.com/v1')).toBe(false);
  });
});

describe('ApiKeys', () => {
  it('reads a key from the named variable, and says which is missing', async () => {
    const keys = new ApiKeys({ dataDir: await dataDir(), env: { LAB_KEY: 'sk-1 \n' } });
    expect(await keys.keyFor('lab', { url: 'http://a', maxConcurrent: 1, apiKeyEnv: 'LAB_KEY' })).toBe(
      'sk-1',
    );
    await expect(
      keys.keyFor('lab', { url: 'http://a', maxConcurrent: 1, apiKeyEnv: 'NOPE' }),
    ).rejects.toThrow(/NOPE .* is not set/);
    expect(await keys.keyFor('lab', { url: 'http://a', maxConcurrent: 1 })).toBeUndefined();
  });

  it.skipIf(process.platform === 'win32')(
    'reads a 0600 key file and refuses one others can read',
    async () => {
      const dir = await dataDir();
      await fs.mkdir(keysDir(dir));
      const file = path.join(keysDir(dir), 'lab.key');
      await fs.writeFile(file, 'sk-file\n', { mode: 0o600 });
      const keys = new ApiKeys({ dataDir: dir, env: {} });
      const endpoint = { url: 'http://a', maxConcurrent: 1, apiKeyFile: 'lab.key' };
      expect(await keys.keyFor('lab', endpoint)).toBe('sk-file');
      await fs.chmod(file, 0o644);
      const error = await keys.keyFor('lab', endpoint).then(
        () => undefined,
        (caught: unknown) => caught as Error & { hint?: string },
      );
      expect(error?.message).toMatch(/can be read by other users \(mode 644\)/);
      expect(error?.message).not.toContain('sk-file');
      expect(error?.hint).toContain('chmod 600');
    },
  );
});

describe('protocol details', () => {
  it('joins paths whether the base URL ends in /v1 or not', () => {
    expect(endpointUrl('http://h:1', 'audio/speech')).toBe('http://h:1/v1/audio/speech');
    expect(endpointUrl('http://h:1/v1/', 'models')).toBe('http://h:1/v1/models');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('reads voice lists in every shape servers use', () => {
    expect(idsOf(['a', 'b'])).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(idsOf({ voices: ['alba'] })).toEqual([{ id: 'alba' }]);
    expect(idsOf({ data: [{ id: 'x', name: 'Ex', language: 'en' }] })).toEqual([
      { id: 'x', name: 'Ex', language: 'en' },
    ]);
    expect(idsOf([{ name: 'only-name' }, { nothing: 1 }, 5])).toEqual([{ id: 'only-name' }]);
    expect(idsOf({ object: 'list', data: [{ id: 'tts-1', object: 'model' }] })).toEqual([{ id: 'tts-1' }]);
  });
});

describe('ServerEngines', () => {
  it("never reads engines.json for the app's own engines, so a damaged file cannot stop an espeak render", async () => {
    const dir = await dataDir();
    await fs.writeFile(path.join(dir, 'engines.json'), '{ not json');
    const engines = new ServerEngines({ dataDir: dir });
    expect(await engines.hostEngine('espeak')).toBeUndefined();
    await expect(engines.hostEngine('lab')).rejects.toThrow(/not valid JSON/);
    await engines.dispose();
  });
});
