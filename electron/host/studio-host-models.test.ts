/**
 * The studio's model manager and voice favourites through the StudioApi handlers: an import of a Kokoro
 * folder as distributed (built by the suite) with progress events, the pack as listed (voices, languages,
 * size, licence, verification), `roundtable models`' checks and messages, verify of a damaged file,
 * remove; favourites kept in the data folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelPackProgress } from '../../shared/api/models-api';
import { writeKokoroTestPack } from '../../test-support/onnx/test-packs';
import { createStudioHost } from './studio-host';
import type { StudioHost } from './studio-host-types';

let work: string;
let dataDir: string;
let host: StudioHost;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-host-models-'));
  dataDir = path.join(work, 'data');
  await writeKokoroTestPack(path.join(work, 'dl', 'Kokoro-test'));
  host = await createStudioHost({
    mode: 'serve',
    dataDir,
    env: { ROUNDTABLE_FAULTS: '' },
    takeUrl: (dir, hash) => `/take/${hash}?dir=${encodeURIComponent(dir)}`,
  });
});

afterAll(async () => {
  await host?.dispose();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('model manager handlers', () => {
  it('imports a folder with progress, lists it with its voices and verifies it', async () => {
    const { handlers } = host;
    expect((await handlers.listModelPacks({})).packs).toEqual([]);
    const progress: ModelPackProgress[] = [];
    const off = host.on('onModelPackProgress', (event) => progress.push(event));
    const imported = await handlers.importModelPack({
      folder: path.join(work, 'dl', 'Kokoro-test'),
      license: 'Apache-2.0',
      replace: false,
      operationId: 'op-1',
    });
    off();
    const pack = imported.pack;
    expect(pack).toMatchObject({
      id: 'Kokoro-test',
      engine: 'kokoro',
      license: 'Apache-2.0',
      languages: ['en-US'],
      verification: { state: 'imported' },
    });
    expect(pack.voices.map((voice) => voice.id)).toEqual(['af_test', 'am_test']);
    const onDisk = fs
      .readdirSync(path.join(dataDir, 'models', 'Kokoro-test'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name !== 'manifest.json')
      .reduce((sum, entry) => sum + fs.statSync(path.join(entry.parentPath, entry.name)).size, 0);
    expect(pack.bytes).toBe(onDisk);

    // Progress: the model check, then hashing up to every byte of the pack, never past it.
    expect(progress[0]).toMatchObject({ operationId: 'op-1', kind: 'import', phase: 'checking' });
    const hashing = progress.filter((event) => event.phase === 'hashing');
    expect(hashing.at(-1)).toMatchObject({ bytesDone: pack.bytes, bytesTotal: pack.bytes });
    expect(new Set(hashing.map((event) => event.file))).toEqual(
      new Set(['model.onnx', 'tokenizer.json', 'voices/af_test.bin', 'voices/am_test.bin']),
    );
    for (const [index, event] of hashing.entries())
      expect(event.bytesDone).toBeGreaterThanOrEqual(hashing[index - 1]?.bytesDone ?? 0);

    // The picker lists the pack's voices at once.
    const voices = await handlers.listVoices({ engine: 'kokoro' });
    expect(voices.map((voice) => `${voice.model}/${voice.id}:${voice.speed}`)).toEqual([
      'Kokoro-test/af_test:fast',
      'Kokoro-test/am_test:fast',
    ]);

    const verified = await handlers.verifyModelPack({
      id: 'Kokoro-test',
      loadModel: false,
      operationId: 'op-2',
    });
    expect(verified.verification).toMatchObject({ state: 'verified', files: 4 });
  });

  it("refuses what `roundtable models import` refuses, in the CLI's words", async () => {
    const { handlers } = host;
    const folder = path.join(work, 'dl', 'Kokoro-test');
    await expect(
      handlers.importModelPack({ folder, replace: false, operationId: 'op-3' }),
    ).rejects.toMatchObject({
      code: 'pack-exists',
      message: 'a model pack "Kokoro-test" is already installed',
      hint: 'Pass --replace to replace it, or --id <new-id> to keep both.',
    });
    await expect(
      handlers.importModelPack({ folder: path.join(work, 'dl'), replace: false, operationId: 'op-4' }),
    ).rejects.toMatchObject({ code: 'not-a-pack' });
    await expect(
      handlers.importModelPack({ folder: 'dl/Kokoro-test', replace: false, operationId: 'op-5' }),
    ).rejects.toThrow('"dl/Kokoro-test" is not a full path');
  });

  it('reports a damaged file as a failed verification, and removes the pack', async () => {
    const { handlers } = host;
    const voiceFile = path.join(dataDir, 'models', 'Kokoro-test', 'voices', 'am_test.bin');
    const bytes = fs.readFileSync(voiceFile);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    fs.writeFileSync(voiceFile, bytes);
    const verified = await handlers.verifyModelPack({
      id: 'Kokoro-test',
      loadModel: false,
      operationId: 'op-6',
    });
    expect(verified.verification).toMatchObject({
      state: 'failed',
      problems: ['voices/am_test.bin is damaged (SHA-256 differs from the manifest)'],
      hint: 'Re-import the pack from the folder you downloaded: roundtable models import <folder> --replace',
    });
    expect((await handlers.listModelPacks({})).packs[0]?.verification.state).toBe('failed');

    await handlers.removeModelPack({ id: 'Kokoro-test' });
    expect((await handlers.listModelPacks({})).packs).toEqual([]);
    expect(await handlers.listVoices({ engine: 'kokoro' })).toEqual([]);
    await expect(handlers.removeModelPack({ id: 'Kokoro-test' })).rejects.toThrow(
      'no model pack "Kokoro-test" is installed',
    );
  });

  it('has no folder picker in serve mode', async () => {
    expect(await host.handlers.pickFolder({ title: 'Import a model folder' })).toEqual({
      supported: false,
      folder: null,
    });
  });
});

describe('voice favourites', () => {
  it('are kept per user in the data folder, not in a project', async () => {
    const { handlers } = host;
    expect(await handlers.listFavouriteVoices({})).toEqual([]);
    await handlers.setFavouriteVoice({ voice: { engine: 'espeak', voice: 'en-us+f2' }, favourite: true });
    const both = await handlers.setFavouriteVoice({
      voice: { engine: 'kokoro', model: 'K', voice: 'af_test' },
      favourite: true,
    });
    expect(both).toHaveLength(2);
    const after = await handlers.setFavouriteVoice({
      voice: { engine: 'espeak', voice: 'en-us+f2' },
      favourite: false,
    });
    expect(after).toEqual([{ engine: 'kokoro', model: 'K', voice: 'af_test' }]);
    const file = JSON.parse(fs.readFileSync(path.join(dataDir, 'voice-favourites.json'), 'utf8')) as unknown;
    expect(file).toEqual({ version: 1, voices: [{ engine: 'kokoro', model: 'K', voice: 'af_test' }] });
    expect(await handlers.listFavouriteVoices({})).toEqual(after);
  });
});
