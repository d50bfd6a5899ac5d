/**
 * The desktop app's keychain behind {@link SecretStore}: API keys encrypted with the OS keychain (Electron's
 * `safeStorage`: DPAPI on Windows, the Keychain on macOS, libsecret/kwallet on Linux) and kept as
 * ciphertext in `<data>/keys/keychain.json` (mode 0600), keyed by engine and URL. The host never imports
 * Electron: the main process hands in `safeStorage` as a {@link SafeStorageLike}. A system without a
 * keychain (Linux with only Electron's "basic_text" fallback) is refused: a key stored that way would be
 * readable by anyone who can read the file, so the user is told to use a variable or a key file instead.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { writeFileAtomic } from '../files/atomic-write';
import { HostError } from '../host-error';
import type { SecretStore } from './api-keys';
import { keysDir } from './api-keys';
import { displayUrl } from './engine-config';

/** What the keychain needs of Electron's `safeStorage` (its published API, nothing more). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: `basic_text` means no real keychain (Electron's hard-coded password). */
  getSelectedStorageBackend?(): string;
}

/** A store the studio can also write keys into (the desktop app's). */
export interface WritableSecretStore extends SecretStore {
  /** Whether a key is stored for the endpoint (without decrypting it). */
  has(engine: string, url: string): Promise<boolean>;
  write(engine: string, url: string, key: string): Promise<void>;
  remove(engine: string, url?: string): Promise<void>;
}

const KeychainFileSchema = z.object({ version: z.literal(1), keys: z.record(z.string(), z.string()) });
type KeychainFile = z.infer<typeof KeychainFileSchema>;

export const KEYCHAIN_FILE = 'keychain.json';

export class KeychainSecrets implements WritableSecretStore {
  private readonly file: string;

  constructor(
    private readonly safeStorage: SafeStorageLike,
    dataDir: string,
  ) {
    this.file = path.join(keysDir(dataDir), KEYCHAIN_FILE);
  }

  async read(engine: string, url: string): Promise<string | undefined> {
    const sealed = (await this.load()).keys[entryName(engine, url)];
    if (sealed === undefined) return undefined;
    this.requireKeychain();
    try {
      return this.safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    } catch {
      throw new HostError(
        'api-key-unreadable',
        `${engine}: the key stored for ${displayUrl(url)} cannot be decrypted by this system's keychain`,
        'enter the key again in Settings → Engines (a keychain from another user or machine cannot read it)',
      );
    }
  }

  async has(engine: string, url: string): Promise<boolean> {
    return (await this.load()).keys[entryName(engine, url)] !== undefined;
  }

  async write(engine: string, url: string, key: string): Promise<void> {
    const clean = key.trim();
    if (!clean) throw new HostError('api-key-missing', 'the API key is empty');
    this.requireKeychain();
    const file = await this.load();
    file.keys[entryName(engine, url)] = this.safeStorage.encryptString(clean).toString('base64');
    await this.save(file);
  }

  async remove(engine: string, url?: string): Promise<void> {
    const file = await this.load();
    const prefix = `${engine}\n`;
    const names = Object.keys(file.keys).filter((name) =>
      url === undefined ? name.startsWith(prefix) : name === entryName(engine, url),
    );
    if (names.length === 0) return;
    for (const name of names) delete file.keys[name];
    await this.save(file);
  }

  private requireKeychain(): void {
    const backend = this.safeStorage.getSelectedStorageBackend?.();
    if (!this.safeStorage.isEncryptionAvailable() || backend === 'basic_text') {
      throw new HostError(
        'keychain-unavailable',
        'this system has no keychain the app can use (on Linux: install and unlock GNOME Keyring or KWallet)',
        'give the key as an environment variable (API key variable) or a key file in the keys folder instead',
      );
    }
  }

  private async load(): Promise<KeychainFile> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      return { version: 1, keys: {} };
    }
    const parsed = KeychainFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success)
      throw new HostError(
        'keychain-damaged',
        `${this.file} is not a keychain file this app wrote`,
        'move it away and enter the keys again in Settings → Engines',
      );
    return parsed.data;
  }

  private async save(file: KeychainFile): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.file, JSON.stringify(file, null, 2));
    await fs.chmod(this.file, 0o600).catch(() => undefined);
  }
}

function entryName(engine: string, url: string): string {
  return `${engine}\n${displayUrl(url)}`;
}

export function isWritableSecretStore(store: SecretStore | undefined): store is WritableSecretStore {
  return (
    store !== undefined &&
    typeof (store as Partial<WritableSecretStore>).write === 'function' &&
    typeof (store as Partial<WritableSecretStore>).has === 'function'
  );
}
