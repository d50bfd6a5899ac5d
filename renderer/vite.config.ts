// Vite build of the renderer: root renderer/, output dist/renderer with relative asset URLs (base './'), so
// the same files load from app://roundtable/ in Electron and from http://127.0.0.1:<port>/ in serve mode.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/renderer', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  base: './',
  clearScreen: false,
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'react' },
  },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // No inline scripts: the CSP allows only 'self' scripts.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2048,
  },
  server: {
    host: '127.0.0.1',
  },
  preview: {
    host: '127.0.0.1',
  },
});
