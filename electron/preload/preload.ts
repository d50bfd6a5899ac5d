/**
 * The sandboxed preload: exposes `window.studio` (StudioApi) and nothing else. Bundled into one CommonJS
 * file (dist/electron/preload.cjs) by electron/build/bundle.ts, as sandboxed preloads require.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildStudioBridge } from './studio-bridge';

contextBridge.exposeInMainWorld('studio', buildStudioBridge(ipcRenderer));
