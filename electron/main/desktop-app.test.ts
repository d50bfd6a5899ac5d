/**
 * The desktop lifecycle against a fake `electron` module (the real package is only a path to a binary
 * that is not installed here): order of registration, window options, IPC, hardening, event forwarding
 * and the orderly quit.
 */
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { methodNames } from '../../shared/api/studio-api';
import { silentLogger } from '../host/util/logger';
import type { FakeStudioHost } from '../transport/testing/fake-studio-host';
import { createFakeStudioHost } from '../transport/testing/fake-studio-host';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  // Plain objects only here: vi.hoisted runs before imports.
  const state = {
    calls: [] as string[],
    readyResolve: undefined as undefined | (() => void),
    windows: [] as Array<Record<string, unknown>>,
    ipcHandlers: new Map<string, Listener>(),
    protocolHandler: undefined as undefined | Listener,
    permissionRequest: undefined as undefined | Listener,
    permissionCheck: undefined as undefined | Listener,
    beforeRequest: undefined as undefined | Listener,
    appListeners: new Map<string, Listener[]>(),
    errorBoxes: [] as string[][],
    exitCode: undefined as number | undefined,
    messageBoxes: [] as string[],
    messageBoxAnswer: 1,
  };
  return state;
});

vi.mock('electron', () => {
  const on = (map: Map<string, Listener[]>) => (name: string, listener: Listener) => {
    map.set(name, [...(map.get(name) ?? []), listener]);
  };
  const app = {
    isPackaged: false,
    enableSandbox: () => fake.calls.push('enableSandbox'),
    requestSingleInstanceLock: () => true,
    whenReady: () =>
      new Promise<void>((resolve) => {
        fake.readyResolve = resolve;
      }),
    on: on(fake.appListeners),
    quit: () => fake.calls.push('quit'),
    exit: (code: number) => {
      fake.exitCode = code;
    },
  };
  class BrowserWindow {
    readonly webContents = {
      sent: [] as unknown[],
      send: (c: string, p: unknown) => this.webContents.sent.push([c, p]),
      isDestroyed: () => false,
      listeners: new Map<string, Listener[]>(),
      on: (name: string, listener: Listener) => on(this.webContents.listeners)(name, listener),
    };
    readonly listeners = new Map<string, Listener[]>();
    loadedUrl: string | undefined;
    constructor(readonly options: unknown) {
      fake.windows.push(this as unknown as Record<string, unknown>);
    }
    on(name: string, listener: Listener) {
      on(this.listeners)(name, listener);
      return this;
    }
    once(name: string, listener: Listener) {
      return this.on(name, listener);
    }
    async loadURL(url: string) {
      this.loadedUrl = url;
    }
    /** Closes at once (a page that wants to stay is the will-prevent-unload test's business). */
    close() {
      fake.calls.push('close-window');
      for (const listener of this.listeners.get('closed') ?? []) listener();
    }
  }
  const session = {
    defaultSession: {
      setPermissionRequestHandler: (h: Listener) => (fake.permissionRequest = h),
      setPermissionCheckHandler: (h: Listener) => (fake.permissionCheck = h),
      setDevicePermissionHandler: () => {},
      webRequest: { onBeforeRequest: (h: Listener) => (fake.beforeRequest = h) },
      on: () => {},
    },
  };
  return {
    app,
    BrowserWindow,
    session,
    dialog: {
      showErrorBox: (title: string, body: string) => fake.errorBoxes.push([title, body]),
      showMessageBoxSync: (_window: unknown, options: { message: string }) => {
        fake.messageBoxes.push(options.message);
        return fake.messageBoxAnswer;
      },
    },
    ipcMain: {
      handle: (channel: string, h: Listener) => fake.ipcHandlers.set(channel, h),
      removeHandler: (channel: string) => fake.ipcHandlers.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: Array<{ scheme: string }>) =>
        fake.calls.push(`registerSchemes:${schemes.map((s) => s.scheme).join(',')}`),
      handle: (scheme: string, h: Listener) => {
        fake.calls.push(`handle:${scheme}`);
        fake.protocolHandler = h;
      },
      unhandle: (scheme: string) => fake.calls.push(`unhandle:${scheme}`),
    },
    utilityProcess: { fork: () => new EventEmitter() },
  };
});

const { runDesktopApp } = await import('./desktop-app');

function emitApp(name: string, ...args: unknown[]): void {
  for (const listener of fake.appListeners.get(name) ?? []) listener(...args);
}

const paths = {
  rendererDir: '/nonexistent/renderer',
  preloadPath: '/app/preload.cjs',
  workerEntryPath: '/app/worker-main.js',
};

beforeEach(() => {
  fake.calls.length = 0;
  fake.windows.length = 0;
  fake.ipcHandlers.clear();
  fake.appListeners.clear();
  fake.errorBoxes.length = 0;
  fake.exitCode = undefined;
  fake.messageBoxes.length = 0;
});

async function startApp(host: FakeStudioHost) {
  const contexts: unknown[] = [];
  runDesktopApp({
    paths,
    createHost: async (context) => {
      contexts.push(context);
      return host;
    },
    log: silentLogger,
  });
  expect(fake.calls.slice(0, 2)).toEqual(['registerSchemes:app', 'enableSandbox']);
  fake.readyResolve?.();
  await vi.waitFor(() => expect(fake.windows[0]?.loadedUrl).toBe('app://roundtable/index.html'));
  return {
    window: fake.windows[0] as unknown as {
      webContents: { sent: unknown[] };
      options: { webPreferences: object };
    },
    contexts,
  };
}

describe('runDesktopApp', () => {
  it('starts the host, serves app://, opens a hardened window and answers trusted IPC only', async () => {
    const host = createFakeStudioHost();
    const { window, contexts } = await startApp(host);
    expect(fake.calls).toContain('handle:app');
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: '/app/preload.cjs',
    });
    const context = contexts[0] as { takeUrl: (d: string, h: string) => string };
    expect(context.takeUrl('/p q', 'ab12')).toBe('app://roundtable/take/ab12?dir=%2Fp%20q');

    expect([...fake.ipcHandlers.keys()].sort()).toEqual([...methodNames].sort());
    const trusted = {
      sender: window.webContents,
      senderFrame: { url: 'app://roundtable/index.html', parent: null },
    };
    await expect(fake.ipcHandlers.get('getAppInfo')!(trusted, {})).resolves.toMatchObject({ ok: true });
    const foreign = { sender: {}, senderFrame: { url: 'app://roundtable/index.html', parent: null } };
    await expect(fake.ipcHandlers.get('getAppInfo')!(foreign, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    const decisions: boolean[] = [];
    fake.permissionRequest!(null, 'media', (granted: boolean) => decisions.push(granted));
    expect(decisions).toEqual([false]);
    expect(fake.permissionCheck!(null, 'notifications')).toBe(false);
    const cancelled: unknown[] = [];
    fake.beforeRequest!({ url: 'https://example.com/x.js' }, (r: unknown) => cancelled.push(r));
    fake.beforeRequest!({ url: 'app://roundtable/assets/a.js' }, (r: unknown) => cancelled.push(r));
    expect(cancelled).toEqual([{ cancel: true }, { cancel: false }]);

    host.emit('onWatchdogAction', { atMs: 1, action: 'pause-queue', reason: 'r' });
    expect(window.webContents.sent).toEqual([
      ['onWatchdogAction', { atMs: 1, action: 'pause-queue', reason: 'r' }],
    ]);
  });

  it('hardens every web contents: no new windows, no navigation, no webviews', async () => {
    await startApp(createFakeStudioHost());
    const handlers = new Map<string, Listener>();
    let openHandler: Listener | undefined;
    const contents = {
      setWindowOpenHandler: (h: Listener) => (openHandler = h),
      on: (name: string, h: Listener) => handlers.set(name, h),
    };
    emitApp('web-contents-created', {}, contents);
    expect(openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { url: 'https://example.com', isMainFrame: true, preventDefault: vi.fn() };
      handlers.get(name)!(event);
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
  });

  it('asks before a window with unsaved changes closes, and closes only when told to', async () => {
    await startApp(createFakeStudioHost());
    const contents = (fake.windows[0] as unknown as { webContents: { listeners: Map<string, Listener[]> } })
      .webContents;
    const willPreventUnload = contents.listeners.get('will-prevent-unload')?.[0];
    expect(willPreventUnload).toBeDefined();
    for (const [answer, closes] of [
      [1, false],
      [0, true],
    ] as const) {
      fake.messageBoxAnswer = answer;
      const event = { preventDefault: vi.fn() };
      willPreventUnload!(event);
      // preventDefault on will-prevent-unload overrides the page: the window closes.
      expect(event.preventDefault).toHaveBeenCalledTimes(closes ? 1 : 0);
    }
    expect(fake.messageBoxes).toEqual([
      'Close Roundtable Studio without saving?',
      'Close Roundtable Studio without saving?',
    ]);
  });

  it('on quit, closes the window first (which may ask), then turns IPC and app:// off and disposes the host', async () => {
    const host = createFakeStudioHost();
    await startApp(host);
    const event = { preventDefault: vi.fn() };
    emitApp('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(fake.calls).toContain('close-window');
    expect(host.disposed).toBe(false);
    // The window closed; Electron quits again ('window-all-closed').
    const again = { preventDefault: vi.fn() };
    emitApp('before-quit', again);
    expect(again.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(fake.calls).toContain('quit'));
    expect(host.disposed).toBe(true);
    expect(fake.ipcHandlers.size).toBe(0);
    expect(fake.calls).toContain('unhandle:app');
    expect(host.listenerCount()).toBe(0);
    const second = { preventDefault: vi.fn() };
    emitApp('before-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
  });

  it('shows the error and exits when the host cannot start', async () => {
    runDesktopApp({
      paths,
      createHost: async () => {
        throw Object.assign(new Error('The data folder is not writable.'), {
          hint: 'Check its permissions.',
        });
      },
      log: silentLogger,
    });
    fake.readyResolve?.();
    await vi.waitFor(() => expect(fake.exitCode).toBe(1));
    expect(fake.errorBoxes).toEqual([
      ['Roundtable Studio could not start', 'The data folder is not writable.\n\nCheck its permissions.'],
    ]);
    expect(fake.windows).toHaveLength(0);
  });
});
