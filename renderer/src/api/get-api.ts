/**
 * Where the UI gets its StudioApi: the Electron preload's `window.studio` when it is there, otherwise serve
 * mode's WebSocket client (token from `?token=` on first load, kept in sessionStorage and taken out of the
 * visible address).
 */
import type { StudioApi } from '../../../shared/api/studio-api';
import { wrapPreloadApi } from './preload-api';
import type { ConnectionState, WebSocketLike } from './ws-client';
import { createWsStudioClient } from './ws-client';

declare global {
  interface Window {
    /** Exposed by the Electron preload (electron/preload/preload.ts). */
    studio?: StudioApi;
  }
}

export const TOKEN_STORAGE_KEY = 'roundtable.serveToken';
export const API_PATH = '/api';

/** Which transport is in use and its connection state (the desktop app is always `open`). */
export interface ApiConnection {
  readonly transport: 'electron' | 'websocket' | 'custom';
  readonly state: ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
}

/** The browser pieces get-api reads, injectable for tests. */
export interface ApiEnvironment {
  studio?: StudioApi;
  location: { href: string; protocol: string; host: string };
  history: { replaceState(data: unknown, unused: string, url?: string | URL | null): void };
  sessionStorage?: Pick<Storage, 'getItem' | 'setItem'>;
  createSocket?: (url: string) => WebSocketLike;
}

interface ApiHandle {
  api: StudioApi;
  connection: ApiConnection;
  dispose(): void;
}

/**
 * Reads the serve token: from `?token=` (then stored and removed from the address bar) or from
 * sessionStorage after a reload. Null when there is none (the HttpOnly cookie may still authorise).
 */
export function takeServeToken(
  env: Pick<ApiEnvironment, 'location' | 'history' | 'sessionStorage'>,
): string | null {
  const url = new URL(env.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      env.sessionStorage?.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the cookie set by the page load still authorises this tab.
    }
    url.searchParams.delete('token');
    env.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  try {
    return env.sessionStorage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** `ws://<host>/api` for an http page, `wss://` for https. */
export function serveApiUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${API_PATH}`;
}

const alwaysOpen: ApiConnection = { transport: 'electron', state: 'open', onStateChange: () => () => {} };

export function createApi(env: ApiEnvironment): ApiHandle {
  if (env.studio) {
    return { api: wrapPreloadApi(env.studio), connection: alwaysOpen, dispose: () => {} };
  }
  const client = createWsStudioClient({
    url: serveApiUrl(env.location),
    token: takeServeToken(env),
    createSocket: env.createSocket,
  });
  const connection: ApiConnection = {
    transport: 'websocket',
    get state() {
      return client.state;
    },
    onStateChange: (listener) => client.onStateChange(listener),
  };
  return { api: client.api, connection, dispose: () => client.close() };
}

let current: ApiHandle | undefined;

function browserEnvironment(): ApiEnvironment {
  let storage: ApiEnvironment['sessionStorage'];
  try {
    storage = window.sessionStorage;
  } catch {
    storage = undefined;
  }
  return {
    studio: window.studio,
    location: window.location,
    history: window.history,
    sessionStorage: storage,
  };
}

/** The app's StudioApi (created on first use). */
export function getApi(): StudioApi {
  current ??= createApi(browserEnvironment());
  return current.api;
}

/** The transport's connection state, for a "reconnecting" banner. */
export function getApiConnection(): ApiConnection {
  current ??= createApi(browserEnvironment());
  return current.connection;
}

/** Replaces the API (UI tests, storybook-like harnesses); `null` goes back to the real one on next use. */
export function setApiForTesting(api: StudioApi | null): void {
  current?.dispose();
  current = api
    ? {
        api,
        connection: { transport: 'custom', state: 'open', onStateChange: () => () => {} },
        dispose: () => {},
      }
    : undefined;
}
