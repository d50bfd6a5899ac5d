/**
 * A stand-in for the `electron` module, so the packaged main process can start under plain Node (see
 * ../packaged-main-probe.ts). It implements the part of Electron's API the main process uses, with
 * Electron's order of events for one window, and records what the app does to the probe's log. After the
 * window's first load it plays the renderer's part: fetches the page through the app:// handler, calls
 * StudioApi methods through the registered IPC handlers (as the window's own frame), then quits the app.
 */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file: require() is how it loads */
const { EventEmitter } = require('node:events');
const { fork } = require('node:child_process');
const fs = require('node:fs');

const log = process.env.ROUNDTABLE_PROBE_LOG;
if (!log)
  throw new Error('electron-stub: ROUNDTABLE_PROBE_LOG names the probe log; start it through the probe');
const record = (event) => fs.appendFileSync(log, `${JSON.stringify({ kind: 'event', ...event })}\n`);

/** StudioApi calls the probe makes once the window has loaded: [method, input]. */
const PROBE_CALLS = JSON.parse(process.env.ROUNDTABLE_PROBE_CALLS ?? '[]');

const protocolHandlers = new Map();
const ipcHandlers = new Map();
const windows = new Set();

const app = new EventEmitter();
Object.assign(app, {
  isPackaged: true,
  commandLine: { hasSwitch: () => false, appendSwitch: () => undefined },
  enableSandbox() {
    record({ type: 'enable-sandbox' });
  },
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  quit() {
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    app.emit('before-quit', event);
    if (event.defaultPrevented) return;
    record({ type: 'quit' });
    setImmediate(() => process.exit(0));
  },
  exit(code = 0) {
    record({ type: 'exit', code });
    process.exit(code);
  },
});

class WebContents extends EventEmitter {
  constructor() {
    super();
    this.destroyed = false;
  }
  setWindowOpenHandler() {}
  send() {}
  isDestroyed() {
    return this.destroyed;
  }
}

async function playRenderer(window, url) {
  try {
    const handler = protocolHandlers.get(new URL(url).protocol.slice(0, -1));
    if (!handler) throw new Error(`no protocol handler for ${url}`);
    const response = await handler(new Request(url));
    const body = await response.text();
    record({
      type: 'page',
      url,
      status: response.status,
      contentType: response.headers.get('content-type'),
      body,
    });
    const event = { sender: window.webContents, senderFrame: { url, parent: null } };
    for (const [method, input] of PROBE_CALLS) {
      const call = ipcHandlers.get(method);
      if (!call) throw new Error(`no IPC handler for ${method}`);
      record({ type: 'ipc', method, outcome: await call(event, input) });
    }
  } catch (error) {
    record({
      type: 'probe-error',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
  app.quit();
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    windows.add(this);
    const preload = options.webPreferences?.preload;
    record({
      type: 'window',
      webPreferences: options.webPreferences,
      preloadExists: typeof preload === 'string' && fs.existsSync(preload),
      icon: options.icon ?? null,
      iconExists: typeof options.icon === 'string' && fs.existsSync(options.icon),
    });
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url) {
    record({ type: 'load-url', url });
    this.emit('ready-to-show');
    setImmediate(() => void playRenderer(this, url));
  }
  show() {}
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  close() {
    if (!windows.has(this)) return;
    windows.delete(this);
    this.webContents.destroyed = true;
    this.emit('closed');
    if (windows.size === 0) app.emit('window-all-closed');
  }
}

/** Electron's utilityProcess, played by a forked Node process (the worker speaks both transports). */
const utilityProcess = {
  fork(modulePath, args = [], options = {}) {
    record({ type: 'utility-fork', modulePath, exists: fs.existsSync(modulePath) });
    const child = fork(modulePath, args, {
      env: { ...options.env, ROUNDTABLE_PROBE_LOG: log },
      execArgv: process.execArgv,
      serialization: 'advanced',
      stdio: 'inherit',
    });
    const proc = new EventEmitter();
    child.on('spawn', () => {
      proc.pid = child.pid;
      record({ type: 'worker-spawn', pid: child.pid });
      proc.emit('spawn');
    });
    child.on('message', (message) => proc.emit('message', message));
    child.on('exit', (code, signal) => {
      record({ type: 'worker-exit', code, signal });
      proc.emit('exit', code ?? 1);
    });
    proc.postMessage = (message) => child.send(message);
    proc.kill = () => child.kill();
    return proc;
  },
};

const session = {
  defaultSession: {
    setPermissionRequestHandler() {},
    setPermissionCheckHandler() {},
    setDevicePermissionHandler() {},
    webRequest: { onBeforeRequest() {} },
    on() {},
  },
};

const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record({ type: 'schemes', schemes });
  },
  handle(scheme, handler) {
    protocolHandlers.set(scheme, handler);
  },
  unhandle(scheme) {
    protocolHandlers.delete(scheme);
  },
};

const ipcMain = {
  handle(channel, listener) {
    ipcHandlers.set(channel, listener);
  },
  removeHandler(channel) {
    ipcHandlers.delete(channel);
  },
};

const dialog = {
  showErrorBox(title, message) {
    record({ type: 'error-box', title, message });
  },
  showMessageBoxSync() {
    return 0;
  },
};

const shell = {
  // "Open folder" after an export: the probe has no file manager; it records the request.
  async openPath(folder) {
    record({ type: 'open-path', folder });
    return '';
  },
};

// The probe has no keychain: keys cannot be stored (the app says so and points to variables and key files).
const safeStorage = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString() {
    throw new Error('Encryption is not available.');
  },
  decryptString() {
    throw new Error('Decryption is not available.');
  },
};

module.exports = {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  session,
  shell,
  utilityProcess,
};
