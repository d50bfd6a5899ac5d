import { describe, expect, it } from 'vitest';
import type { StudioApi } from '../../../shared/api/studio-api';
import { eventNames, methodNames } from '../../../shared/api/studio-api';
import { createApi, serveApiUrl, takeServeToken, TOKEN_STORAGE_KEY } from './get-api';
import { wrapPreloadApi } from './preload-api';
import { StudioApiError } from './studio-api-error';
import type { WebSocketLike } from './ws-client';

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    map,
  };
}

function browser(href: string) {
  const replaced: string[] = [];
  const url = new URL(href);
  return {
    replaced,
    location: { href, protocol: url.protocol, host: url.host },
    history: {
      replaceState: (_d: unknown, _u: string, next?: string | URL | null) => void replaced.push(String(next)),
    },
    sessionStorage: memoryStorage(),
  };
}

describe('takeServeToken', () => {
  it('takes the token out of the address and keeps it for this tab', () => {
    const env = browser('http://127.0.0.1:4000/?token=s3cret&view=timeline#seg-2');
    expect(takeServeToken(env)).toBe('s3cret');
    expect(env.replaced).toEqual(['/?view=timeline#seg-2']);
    expect(env.sessionStorage.map.get(TOKEN_STORAGE_KEY)).toBe('s3cret');

    const reloaded = {
      ...browser('http://127.0.0.1:4000/?view=timeline'),
      sessionStorage: env.sessionStorage,
    };
    expect(takeServeToken(reloaded)).toBe('s3cret');
    expect(reloaded.replaced).toEqual([]);
  });

  it('returns null without a token and survives a storage that throws', () => {
    const env = {
      ...browser('http://127.0.0.1:4000/?token=t'),
      sessionStorage: {
        getItem: () => {
          throw new Error('denied');
        },
        setItem: () => {
          throw new Error('denied');
        },
      },
    };
    expect(takeServeToken(env)).toBe('t');
    expect(takeServeToken({ ...env, location: browser('http://127.0.0.1:4000/').location })).toBeNull();
  });
});

describe('createApi', () => {
  it('derives the WebSocket address from the page', () => {
    expect(serveApiUrl({ protocol: 'http:', host: '127.0.0.1:4000' })).toBe('ws://127.0.0.1:4000/api');
    expect(serveApiUrl({ protocol: 'https:', host: 'example.test' })).toBe('wss://example.test/api');
  });

  it('uses the WebSocket client with the page token when there is no preload', () => {
    const urls: string[] = [];
    const env = {
      ...browser('http://127.0.0.1:4000/?token=abc'),
      createSocket: (url: string) => {
        urls.push(url);
        return {
          readyState: 0,
          send() {},
          close() {},
          onopen: null,
          onmessage: null,
          onclose: null,
          onerror: null,
        } as WebSocketLike;
      },
    };
    const handle = createApi(env);
    expect(handle.connection.transport).toBe('websocket');
    expect(handle.connection.state).toBe('connecting');
    expect(urls).toEqual(['ws://127.0.0.1:4000/api?token=abc']);
    expect(Object.keys(handle.api).sort()).toEqual([...methodNames, ...eventNames].sort());
    handle.dispose();
    expect(handle.connection.state).toBe('closed');
  });

  it('prefers window.studio and turns its plain rejections into StudioApiError', async () => {
    const calls: unknown[] = [];
    const studio = Object.fromEntries([
      ...methodNames.map((name) => [
        name,
        async (input: unknown) => {
          calls.push([name, input]);
          if (name === 'openProject')
            throw { code: 'project-not-found', message: 'nope', hint: 'pick another' };
          if (name === 'saveProject') throw new Error('Error invoking remote method');
          return { ok: true };
        },
      ]),
      ...eventNames.map((name) => [name, () => () => {}]),
    ]) as unknown as StudioApi;
    const handle = createApi({ ...browser('app://roundtable/index.html'), studio });
    expect(handle.connection.transport).toBe('electron');
    await expect(handle.api.cancelRender({ jobId: 'j' })).resolves.toEqual({ ok: true });
    const error = await handle.api.openProject({ dir: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudioApiError);
    expect(error).toMatchObject({
      code: 'project-not-found',
      message: 'nope',
      hint: 'pick another',
      method: 'openProject',
    });
    const plain = await wrapPreloadApi(studio)
      .saveProject({} as never)
      .catch((e: unknown) => e);
    expect(plain).toMatchObject({ code: 'internal', message: 'Error invoking remote method' });
    expect(calls[0]).toEqual(['cancelRender', { jobId: 'j' }]);
  });
});
