/**
 * The desktop app's lifecycle: one hardened window on `app://roundtable/`, StudioApi over IPC, the
 * inference worker as a utilityProcess, and an orderly shutdown (IPC off, host disposed, then quit).
 * Everything that decides what is allowed lives in security.ts / window-options.ts and is unit-tested;
 * this file only wires it to Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, utilityProcess } from 'electron';
import type { Session, WebContents } from 'electron';
import type { StudioHost } from '../host/studio-host-types';
import type { Logger } from '../host/util/logger';
import type { SpawnWorker } from '../host/worker/worker-channel';
import { createCallDispatcher } from '../transport/call-dispatch';
import { exportFileUrlPath, takeUrlPath } from '../../shared/api/take-url';
import { createAppProtocolHandler } from './app-protocol';
import { forwardHostEvents, registerStudioIpc } from './ipc';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  isAllowedNavigation,
  isAppUrl,
  isPermissionGranted,
  isTrustedIpcEvent,
  shouldBlockRendererRequest,
} from './security';
import { createUtilityWorkerSpawner } from './spawn-utility-worker';
import { closesAnyway, unsavedCloseDialog } from './unsaved-close';
import { mainWindowOptions } from './window-options';

export interface DesktopPaths {
  /** Built renderer: index.html and assets/. */
  rendererDir: string;
  /** Bundled sandboxed preload (CommonJS). */
  preloadPath: string;
  /** Bundled inference worker entry. */
  workerEntryPath: string;
  iconPath?: string;
}

/** What the desktop app hands the host factory. */
export interface DesktopHostContext {
  spawnWorker: SpawnWorker;
  /** `app://roundtable/take/<hash>?dir=<folder>` */
  takeUrl: (projectDir: string, hash: string) => string;
  /** `app://roundtable/export-file/<name>?dir=<folder>` */
  exportFileUrl: (projectDir: string, fileName: string) => string;
  /** Opens a folder in the file manager (Electron's shell.openPath). */
  openFolder: (folder: string) => Promise<boolean>;
  /** Asks for a folder (Electron's open dialog); null when cancelled. */
  pickFolder: (title: string) => Promise<string | null>;
  log: Logger;
}

export interface DesktopAppOptions {
  paths: DesktopPaths;
  createHost: (context: DesktopHostContext) => Promise<StudioHost>;
  log: Logger;
}

export function desktopTakeUrl(projectDir: string, hash: string): string {
  return `${APP_ORIGIN}${takeUrlPath(projectDir, hash)}`;
}

export function desktopExportFileUrl(projectDir: string, fileName: string): string {
  return `${APP_ORIGIN}${exportFileUrlPath(projectDir, fileName)}`;
}

function hardenWebContents(contents: WebContents, log: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    log.warn(`refused to open a window for ${url}`);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) {
      log.warn(`refused navigation to ${event.url}`);
      event.preventDefault();
    }
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function hardenSession(target: Session): void {
  target.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionGranted(permission, details)),
  );
  target.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    isPermissionGranted(permission, details),
  );
  target.setDevicePermissionHandler(() => false);
  // No filter: every request of the session is checked (app://, http(s), ws(s), file, ...).
  target.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: shouldBlockRendererRequest(details.url) }),
  );
  target.on('will-download', (event) => event.preventDefault());
}

export function runDesktopApp(options: DesktopAppOptions): void {
  const { paths, log } = options;
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let mainWindow: BrowserWindow | null = null;
  let host: StudioHost | null = null;
  const disposers: Array<() => void> = [];
  let shutdown: Promise<void> | null = null;

  const stop = (): Promise<void> => {
    shutdown ??= (async () => {
      for (const dispose of disposers.splice(0).reverse()) {
        try {
          dispose();
        } catch (error) {
          log.warn(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      const running = host;
      host = null;
      await running?.dispose();
    })();
    return shutdown;
  };

  const start = async (): Promise<void> => {
    hardenSession(session.defaultSession);
    const studioHost = await options.createHost({
      spawnWorker: createUtilityWorkerSpawner(utilityProcess, paths.workerEntryPath),
      takeUrl: desktopTakeUrl,
      exportFileUrl: desktopExportFileUrl,
      openFolder: async (folder) => (await shell.openPath(folder)) === '',
      pickFolder: async (title) => {
        const parent = BrowserWindow.getFocusedWindow();
        const options = { title, properties: ['openDirectory' as const] };
        const picked = parent
          ? await dialog.showOpenDialog(parent, options)
          : await dialog.showOpenDialog(options);
        return picked.canceled ? null : (picked.filePaths[0] ?? null);
      },
      log,
    });
    host = studioHost;
    protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler({ rendererDir: paths.rendererDir, host: studioHost, log }),
    );
    disposers.push(() => protocol.unhandle(APP_SCHEME));

    const dispatch = createCallDispatcher(studioHost, { log, validateOutputs: !app.isPackaged });
    disposers.push(
      registerStudioIpc({
        ipcMain,
        dispatch,
        isTrusted: (event) => isTrustedIpcEvent(event, mainWindow?.webContents ?? null),
        log,
      }),
    );

    const window = new BrowserWindow(
      mainWindowOptions({
        preloadPath: paths.preloadPath,
        devTools: !app.isPackaged,
        iconPath: paths.iconPath,
      }),
    );
    mainWindow = window;
    const stopEvents = forwardHostEvents(studioHost, window.webContents, log);
    disposers.push(stopEvents);
    window.once('ready-to-show', () => window.show());
    // The page has unsaved changes and would rather stay (unsaved-close.ts): ask; preventDefault closes.
    window.webContents.on('will-prevent-unload', (event) => {
      if (closesAnyway(dialog.showMessageBoxSync(window, unsavedCloseDialog()))) event.preventDefault();
    });
    window.on('closed', () => {
      stopEvents();
      mainWindow = null;
    });
    await window.loadURL(APP_ENTRY_URL);
  };

  const fail = (error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    const hint = (error as { hint?: unknown }).hint;
    log.error(`could not start: ${error instanceof Error ? (error.stack ?? message) : message}`);
    dialog.showErrorBox(
      'Roundtable Studio could not start',
      typeof hint === 'string' ? `${message}\n\n${hint}` : message,
    );
    void stop().finally(() => app.exit(1));
  };

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (host === null && disposers.length === 0) return;
    event.preventDefault();
    // The window first: with unsaved changes it asks, and Cancel keeps the app (and its host) running.
    // Once it has closed, 'window-all-closed' quits again and this time the host is stopped.
    if (mainWindow) {
      mainWindow.close();
      return;
    }
    void stop().finally(() => app.quit());
  });
  app.whenReady().then(start).catch(fail);
}
