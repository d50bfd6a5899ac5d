/** Settings → Engines through the StudioApi handlers: add (the CLI's checks), list, test, remove. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSpeechServer } from '../../test-support/fake-speech-server/fake-speech-server';
import { createStudioHost } from './studio-host';
import type { StudioHost } from './studio-host-types';

const KEY = 'sk-test-secret-value-1234';
let dataDir: string;
let fake: FakeSpeechServer;
let host: StudioHost;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-host-engines-'));
  fake = await FakeSpeechServer.start({ apiKey: KEY });
  host = await createStudioHost({
    mode: 'serve',
    dataDir,
    env: { ROUNDTABLE_FAULTS: '', LAB_KEY: KEY },
    servers: { env: { LAB_KEY: KEY } },
    takeUrl: (dir, hash) => `/take/${hash}?dir=${encodeURIComponent(dir)}`,
  });
});

afterAll(async () => {
  await host?.dispose();
  await fake?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('Settings → Engines handlers', () => {
  it('refuses what `engines add` refuses, naming the field', async () => {
    const { handlers } = host;
    await expect(
      handlers.addServerEngine({ name: 'lab', url: 'ftp://speech.example', model: 'fake-tts' }),
    ).rejects.toThrow('Base URL "ftp://speech.example": the URL must start with http:// or https://');
    await expect(
      handlers.addServerEngine({ name: 'lab', url: fake.url, model: 'fake-tts', maxConcurrent: 0 }),
    ).rejects.toThrow('Max concurrent must be a whole number from 1 to 64 (got "0")');
    await expect(
      handlers.addServerEngine({ name: 'lab', url: fake.url, model: 'fake-tts', maxConcurrent: 'two' }),
    ).rejects.toThrow('Max concurrent must be a whole number from 1 to 64 (got "two")');
    await expect(
      handlers.addServerEngine({ name: 'lab', url: fake.url, model: 'fake-tts', apiKeyEnv: 'not a name' }),
    ).rejects.toThrow('API key variable: an environment variable name');
    await expect(handlers.addServerEngine({ name: 'espeak', url: fake.url, model: 'x' })).rejects.toThrow(
      '"espeak" is a built-in engine',
    );
    await expect(handlers.addServerEngine({ name: 'lab', url: fake.url })).rejects.toThrow(
      'a new engine needs the model it renders with',
    );
    expect(await handlers.listServerEngines({})).toEqual([]);
  });

  it('adds an engine whose voices the picker lists at once, tests it and removes it; the key never crosses', async () => {
    const { handlers } = host;
    // Listed before the add: the loaded engines must not hide the new one.
    await expect(handlers.listVoices({ engine: 'lab' })).rejects.toThrow('no engine "lab"');

    const added = await handlers.addServerEngine({
      name: 'lab',
      url: `${fake.url}/v1/`,
      model: 'fake-tts',
      apiKeyEnv: 'LAB_KEY',
      maxConcurrent: 2,
    });
    expect(added).toEqual({
      name: 'lab',
      model: 'fake-tts',
      kind: 'url-pool',
      endpoints: [{ url: `${fake.url}/v1`, maxConcurrent: 2, keySource: 'key from $LAB_KEY', remote: false }],
      voices: [],
      dialect: 'openai',
    });
    // Outside the desktop app there is no keychain: a key typed in is refused, and nothing is added.
    await expect(
      handlers.addServerEngine({ name: 'typed', url: fake.url, model: 'fake-tts', apiKey: KEY }),
    ).rejects.toThrow(/only in the desktop app/);
    expect((await handlers.listServerEngines({})).map((engine) => engine.name)).toEqual(['lab']);
    const remote = await handlers.addServerEngine({
      name: 'far',
      url: 'https://speech.example.com/v1',
      model: 'tts-1',
    });
    expect(remote.endpoints[0]).toMatchObject({ remote: true, keySource: 'no key' });

    const listed = await handlers.listServerEngines({});
    expect(listed.map((engine) => engine.name)).toEqual(['lab', 'far']);
    expect(JSON.stringify(listed)).not.toContain(KEY);
    expect(fs.readFileSync(path.join(dataDir, 'engines.json'), 'utf8')).not.toContain(KEY);

    const voices = await handlers.listVoices({ engine: 'lab' });
    expect(voices.map((voice) => voice.id)).toContain('alloy');
    expect(voices[0]).toMatchObject({ engine: 'lab', model: 'fake-tts' });

    const result = await handlers.testServerEngine({ name: 'lab' });
    expect(JSON.stringify(result)).not.toContain(KEY);
    expect(result.ok).toBe(true);
    const [endpoint] = result.endpoints;
    expect(endpoint?.models).toEqual({ ids: ['fake-tts'], hasModel: true });
    expect(endpoint?.voices && 'ids' in endpoint.voices ? endpoint.voices.ids : []).toContain('alloy');
    expect(endpoint?.render).toMatchObject({ voice: 'alloy' });
    expect(endpoint?.render && 'audioMs' in endpoint.render ? endpoint.render.audioMs : 0).toBeGreaterThan(
      500,
    );
    // The fake refuses requests without the key: the test used the one from $LAB_KEY.
    expect(fake.speechRequests().at(-1)?.status).toBe(200);

    await handlers.removeServerEngine({ name: 'lab' });
    await handlers.removeServerEngine({ name: 'far' });
    expect(await handlers.listServerEngines({})).toEqual([]);
    await expect(handlers.listVoices({ engine: 'lab' })).rejects.toThrow('no engine "lab"');
    await expect(handlers.removeServerEngine({ name: 'lab' })).rejects.toThrow('no engine "lab"');
  });

  it('reports a test that fails (a key variable that is not set) as a result, not a throw', async () => {
    const { handlers } = host;
    await handlers.addServerEngine({
      name: 'nokey',
      url: fake.url,
      model: 'fake-tts',
      apiKeyEnv: 'UNSET_KEY',
    });
    try {
      const result = await handlers.testServerEngine({ name: 'nokey' });
      expect(result.ok).toBe(false);
      expect(result.endpoints[0]?.keyError).toContain('UNSET_KEY');
    } finally {
      await handlers.removeServerEngine({ name: 'nokey' });
    }
    await expect(handlers.testServerEngine({ name: 'nokey' })).rejects.toThrow('no engine "nokey"');
  });
});
