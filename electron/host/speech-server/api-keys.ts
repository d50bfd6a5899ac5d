/**
 * Where an endpoint's API key comes from at request time, never from a file the app writes: an
 * environment variable the endpoint names, a key file in `<data>/keys/` that only its owner may read
 * (refused when group or others can, on POSIX), or a secret store the desktop app supplies (Electron's
 * safeStorage behind {@link SecretStore}). Keys are never logged, never part of a take key or a message.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { HostError } from '../host-error';
import type { EndpointConfig } from './engine-config';

/** The desktop app's keychain (Electron safeStorage), keyed by engine name and URL. */
export interface SecretStore {
  read(engine: string, url: string): Promise<string | undefined>;
}

export interface KeySourceOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  secrets?: SecretStore;
  platform?: NodeJS.Platform;
}

export function keysDir(dataDir: string): string {
  return path.join(dataDir, 'keys');
}

export class ApiKeys {
  constructor(private readonly options: KeySourceOptions) {}

  /** The key for an endpoint, or undefined when it needs none. Throws with what to fix when it is missing. */
  async keyFor(engine: string, endpoint: EndpointConfig): Promise<string | undefined> {
    if (endpoint.apiKeyEnv) {
      const value = (this.options.env ?? process.env)[endpoint.apiKeyEnv];
      if (!value)
        throw new HostError(
          'api-key-missing',
          `${engine}: the environment variable ${endpoint.apiKeyEnv} that holds the API key is not set`,
          `set ${endpoint.apiKeyEnv} before starting Roundtable`,
        );
      return value.trim();
    }
    if (endpoint.apiKeyFile) return this.readKeyFile(engine, endpoint.apiKeyFile);
    return this.options.secrets?.read(engine, endpoint.url);
  }

  private async readKeyFile(engine: string, name: string): Promise<string> {
    const file = path.join(keysDir(this.options.dataDir), name);
    let stat;
    try {
      stat = await fs.stat(file);
    } catch {
      throw new HostError(
        'api-key-missing',
        `${engine}: the key file ${file} does not exist`,
        'write the key into it and run `chmod 600` on it',
      );
    }
    if ((this.options.platform ?? process.platform) !== 'win32' && (stat.mode & 0o077) !== 0) {
      throw new HostError(
        'api-key-unsafe',
        `${engine}: the key file ${file} can be read by other users (mode ${(stat.mode & 0o777).toString(8)})`,
        `run \`chmod 600 "${file}"\`; the key is not used until then`,
      );
    }
    const key = (await fs.readFile(file, 'utf8')).trim();
    if (!key) throw new HostError('api-key-missing', `${engine}: the key file ${file} is empty`);
    return key;
  }
}
