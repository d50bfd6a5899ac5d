/**
 * Bundles the Electron side into dist/electron/ with esbuild:
 *   main.js        Electron main process (ESM; the package is "type": "module")
 *   preload.cjs    sandboxed preload (one CommonJS file: sandboxed preloads cannot load modules)
 *   worker-main.js inference worker (ESM, started as a utilityProcess)
 *   ort-thread.js  the worker's ONNX Runtime thread (loaded next to worker-main.js)
 *   inspect-model-child.js, recording-thread.js, export-thread.js, limiter-thread.js, mp3-thread.js,
 *   levels-thread.js
 *                  started by host code in main.js (or by the export thread), next to it
 *   icon.png       the window's and installers' icon (app-icon.ts)
 * Native and data-carrying packages stay external and ship in node_modules (see electron-builder.config.cjs).
 *
 * Run: node bin/run-ts.js electron/build/bundle.ts [--out <dir>]   (npm run build:electron)
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { BuildOptions, Plugin } from 'esbuild';
import { build } from 'esbuild';
import { eventNames, methodNames } from '../../shared/api/studio-api';
import { writeAppIcon } from './app-icon';

const execFileAsync = promisify(execFile);

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Packages loaded from node_modules at run time, never bundled. */
export const ELECTRON_EXTERNALS = [
  'electron',
  'onnxruntime-node',
  '@echogarden/espeak-ng-emscripten',
  'systeminformation',
];

export interface BundleEntry {
  /** Source, relative to the repository root. */
  source: string;
  /** Output file name inside the output folder. */
  outFile: string;
  kind: 'node-esm' | 'preload-cjs';
}

/**
 * Processes and threads that code bundled into a main entry starts as siblings of the running bundle
 * (`new URL('./x.js', import.meta.url)`): every bundle that contains that code must contain these too.
 */
export const SIBLING_ENTRIES: readonly BundleEntry[] = [
  { source: 'electron/worker/worker-main.ts', outFile: 'worker-main.js', kind: 'node-esm' },
  { source: 'electron/worker/engines/onnx/ort-thread.ts', outFile: 'ort-thread.js', kind: 'node-esm' },
  { source: 'electron/worker/espeak/espeak-thread.ts', outFile: 'espeak-thread.js', kind: 'node-esm' },
  {
    source: 'electron/host/models/inspect-model-child.ts',
    outFile: 'inspect-model-child.js',
    kind: 'node-esm',
  },
  {
    source: 'electron/host/export/thread/export-thread.ts',
    outFile: 'export-thread.js',
    kind: 'node-esm',
  },
  { source: 'electron/host/export/level/limiter-thread.ts', outFile: 'limiter-thread.js', kind: 'node-esm' },
  { source: 'electron/host/export/encoders/mp3/mp3-thread.ts', outFile: 'mp3-thread.js', kind: 'node-esm' },
  {
    source: 'electron/host/export/recording/recording-thread.ts',
    outFile: 'recording-thread.js',
    kind: 'node-esm',
  },
  { source: 'electron/host/render/levels/levels-thread.ts', outFile: 'levels-thread.js', kind: 'node-esm' },
];

export const ELECTRON_ENTRIES: readonly BundleEntry[] = [
  { source: 'electron/main/main.ts', outFile: 'main.js', kind: 'node-esm' },
  { source: 'electron/preload/preload.ts', outFile: 'preload.cjs', kind: 'preload-cjs' },
  ...SIBLING_ENTRIES,
];

/**
 * ESM bundles can contain CommonJS code that calls `require` or reads `__dirname`; give them the module's
 * own (esbuild leaves free `require` calls to a global `require`).
 */
const ESM_BANNER = [
  "import { createRequire as __roundtableCreateRequire } from 'node:module';",
  "import { fileURLToPath as __roundtableFileURLToPath } from 'node:url';",
  "import { dirname as __roundtableDirname } from 'node:path';",
  'const require = __roundtableCreateRequire(import.meta.url);',
  'const __roundtable_filename = __roundtableFileURLToPath(import.meta.url);',
  'const __roundtable_dirname = __roundtableDirname(__roundtable_filename);',
].join('\n');

/**
 * The preload needs only the contract's method and event names, not zod and every schema: in the preload
 * bundle the contract module is replaced by its name lists, taken from the real contract at build time.
 */
export function contractNamesPlugin(): Plugin {
  return {
    name: 'studio-api-names',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /\/shared\/api\/studio-api$/ }, (args) => ({
        path: args.path,
        namespace: 'studio-api-names',
      }));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'studio-api-names' }, () => ({
        loader: 'js',
        contents:
          `export const methodNames = ${JSON.stringify(methodNames)};\n` +
          `export const eventNames = ${JSON.stringify(eventNames)};\n`,
      }));
    },
  };
}

export interface BundleOptions {
  rootDir?: string;
  outDir?: string;
  entries?: readonly BundleEntry[];
  minify?: boolean;
}

export interface BundleReport {
  outDir: string;
  files: Array<{ file: string; bytes: number }>;
}

export interface ElectronBundleReport extends BundleReport {
  /** The window's and installers' icon, drawn from the UI's mark (app-icon.ts). */
  icon: string;
}

/** Options every bundle of this repository shares (entry points and output are the caller's). */
export function commonBuildOptions(rootDir: string, minify: boolean): BuildOptions {
  return {
    bundle: true,
    minify,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
    absWorkingDir: rootDir,
    tsconfig: path.join(rootDir, 'electron', 'tsconfig.json'),
  };
}

/** Options of a Node ESM bundle (main process, worker, CLI): Node 20, externals, the CommonJS shims. */
export const NODE_ESM_OPTIONS: BuildOptions = {
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ELECTRON_EXTERNALS,
  banner: { js: ESM_BANNER },
  define: { __dirname: '__roundtable_dirname', __filename: '__roundtable_filename' },
};

function optionsFor(entry: BundleEntry, rootDir: string, outDir: string, minify: boolean): BuildOptions {
  const common: BuildOptions = {
    ...commonBuildOptions(rootDir, minify),
    entryPoints: [path.join(rootDir, entry.source)],
    outfile: path.join(outDir, entry.outFile),
  };
  if (entry.kind === 'preload-cjs') {
    // The browser platform makes any Node built-in import a build error: a sandboxed preload has none.
    return {
      ...common,
      platform: 'browser',
      format: 'cjs',
      target: 'chrome130',
      external: ['electron'],
      plugins: [contractNamesPlugin()],
    };
  }
  return { ...common, ...NODE_ESM_OPTIONS };
}

/** Bundles the given entries (all of ELECTRON_ENTRIES by default) into an emptied output folder, and checks
 * the syntax of each output. */
export async function bundleEntries(options: BundleOptions = {}): Promise<BundleReport> {
  const rootDir = options.rootDir ?? REPO_ROOT;
  const outDir = path.resolve(rootDir, options.outDir ?? 'dist/electron');
  const entries = options.entries ?? ELECTRON_ENTRIES;
  const missing: string[] = [];
  for (const entry of entries) {
    try {
      await fs.access(path.join(rootDir, entry.source));
    } catch {
      missing.push(entry.source);
    }
  }
  if (missing.length > 0) {
    throw new Error(`cannot bundle: missing entry ${missing.join(', ')} (under ${rootDir})`);
  }
  await fs.rm(outDir, { recursive: true, force: true });
  await fs.mkdir(outDir, { recursive: true });
  await Promise.all(
    entries.map((entry) => build(optionsFor(entry, rootDir, outDir, options.minify ?? false))),
  );

  const files: BundleReport['files'] = [];
  for (const entry of entries) {
    const file = path.join(outDir, entry.outFile);
    // A syntax check of every output catches a banner that collides with bundled code.
    await execFileAsync(process.execPath, ['--check', file]);
    files.push({ file, bytes: (await fs.stat(file)).size });
  }
  return { outDir, files };
}

/** The Electron side: its entries and the app icon. */
export async function bundleElectron(options: BundleOptions = {}): Promise<ElectronBundleReport> {
  const report = await bundleEntries(options);
  return { ...report, icon: await writeAppIcon(options.rootDir ?? REPO_ROOT, report.outDir) };
}

function parseOutDir(argv: string[]): string | undefined {
  const index = argv.indexOf('--out');
  return index >= 0 ? argv[index + 1] : undefined;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const started = Date.now();
  bundleElectron({ outDir: parseOutDir(process.argv.slice(2)) })
    .then((report) => {
      for (const { file, bytes } of report.files) {
        process.stdout.write(`${path.relative(REPO_ROOT, file)}  ${(bytes / 1024).toFixed(0)} KiB\n`);
      }
      process.stdout.write(`${path.relative(REPO_ROOT, report.icon)}\n`);
      process.stdout.write(`bundled in ${Date.now() - started} ms\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(
        `build:electron failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    });
}
