import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKeys } from './api-keys';
import { engineView, withKeychainSources } from './engine-admin';
import { ServerEngineConfigSchema } from './engine-config';
import {
  isWritableSecretStore,
  KEYCHAIN_FILE,
  KeychainSecrets,
  type SafeStorageLike,
} from './keychain-secrets';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

/** Electron's safeStorage as its API describes it, sealing with a per-instance XOR "keychain". */
function fakeSafeStorage(
  options: { available?: boolean; backend?: string; pad?: number } = {},
): SafeStorageLike {
  const pad = options.pad ?? 0x5a;
  const seal = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ pad));
  return {
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString: (plain) => Buffer.concat([Buffer.from('v10'), seal(Buffer.from(plain, 'utf8'))]),
    decryptString: (encrypted) => {
      if (encrypted.subarray(0, 3).toString() !== 'v10')
        throw new Error('Error while decrypting the ciphertext');
      const plain = seal(encrypted.subarray(3)).toString('utf8');
      if (!/^[\x20-\x7e]*$/.test(plain)) throw new Error('Error while decrypting the ciphertext');
      return plain;
    },
  };
}

async function dataDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keychain-'));
  dirs.push(dir);
  return dir;
}

describe('the desktop keychain behind SecretStore', () => {
  it('stores a key as ciphertext only (0600), and the engine reads it back for that engine and URL', async () => {
    const dir = await dataDir();
    const secrets = new KeychainSecrets(fakeSafeStorage(), dir);
    await secrets.write('lab', 'https://gpu.example/v1/', '  sk-secret-123  ');
    const file = path.join(dir, 'keys', KEYCHAIN_FILE);
    const text = await fs.readFile(file, 'utf8');
    expect(text).not.toContain('sk-secret-123');
    if (process.platform !== 'win32') expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const keys = new ApiKeys({ dataDir: dir, secrets, env: {} });
    expect(await keys.keyFor('lab', { url: 'https://gpu.example/v1', maxConcurrent: 1 })).toBe(
      'sk-secret-123',
    );
    expect(await keys.keyFor('lab', { url: 'https://other.example/v1', maxConcurrent: 1 })).toBeUndefined();
    expect(await keys.keyFor('other', { url: 'https://gpu.example/v1', maxConcurrent: 1 })).toBeUndefined();
    // An environment variable the endpoint names still wins.
    const fromEnv = new ApiKeys({ dataDir: dir, secrets, env: { LAB_KEY: 'from-env' } });
    expect(
      await fromEnv.keyFor('lab', { url: 'https://gpu.example/v1', maxConcurrent: 1, apiKeyEnv: 'LAB_KEY' }),
    ).toBe('from-env');
  });

  it('removes one endpoint’s key or all of an engine’s', async () => {
    const dir = await dataDir();
    const secrets = new KeychainSecrets(fakeSafeStorage(), dir);
    await secrets.write('lab', 'http://a.example', 'key-a');
    await secrets.write('lab', 'http://b.example', 'key-b');
    await secrets.write('omni', 'http://a.example', 'key-c');
    await secrets.remove('lab', 'http://a.example');
    expect(await secrets.read('lab', 'http://a.example')).toBeUndefined();
    expect(await secrets.read('lab', 'http://b.example')).toBe('key-b');
    await secrets.remove('lab');
    expect(await secrets.read('lab', 'http://b.example')).toBeUndefined();
    expect(await secrets.read('omni', 'http://a.example')).toBe('key-c');
  });

  it('refuses to store a key where there is no real keychain, and says what to use instead', async () => {
    for (const storage of [
      fakeSafeStorage({ available: false }),
      fakeSafeStorage({ backend: 'basic_text' }),
    ]) {
      const dir = await dataDir();
      const secrets = new KeychainSecrets(storage, dir);
      await expect(secrets.write('lab', 'http://a.example', 'sk-1')).rejects.toThrow(/no keychain/);
      await expect(fs.stat(path.join(dir, 'keys', KEYCHAIN_FILE))).rejects.toThrow();
    }
  });

  it('a key another keychain sealed is reported, never shown', async () => {
    const dir = await dataDir();
    await new KeychainSecrets(fakeSafeStorage({ pad: 0x11 }), dir).write('lab', 'http://a.example', 'sk-zz');
    const elsewhere = new KeychainSecrets(fakeSafeStorage({ pad: 0x90 }), dir);
    const error = await elsewhere.read('lab', 'http://a.example').catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/cannot be decrypted/);
    expect((error as Error).message).not.toContain('sk-zz');
  });

  it('Settings → Engines says where a key is kept, never the key', async () => {
    const dir = await dataDir();
    const secrets = new KeychainSecrets(fakeSafeStorage(), dir);
    expect(isWritableSecretStore(secrets)).toBe(true);
    expect(isWritableSecretStore({ read: async () => undefined })).toBe(false);
    await secrets.write('lab', 'http://a.example/v1', 'sk-777');
    const config = ServerEngineConfigSchema.parse({
      name: 'lab',
      model: 'm',
      endpoints: [
        { url: 'http://a.example/v1' },
        { url: 'http://b.example/v1' },
        { url: 'http://c.example', apiKeyEnv: 'K' },
      ],
    });
    const [view] = await withKeychainSources([engineView(config)], secrets);
    expect(view!.endpoints.map((endpoint) => endpoint.keySource)).toEqual([
      'key in the system keychain',
      'no key',
      'key from $K',
    ]);
    expect(JSON.stringify(view)).not.toContain('sk-777');
  });
});
