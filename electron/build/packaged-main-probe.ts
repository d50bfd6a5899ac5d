/**
 * Starts the packaged app's main process under plain Node, from a folder holding exactly what the package
 * holds (app.asar extracted, unpacked files included), with `electron` replaced by a stand-in
 * (main-probe/electron-stub.cjs) and every module resolution logged (main-probe/*-hook*). The stand-in
 * opens the window, fetches the page through app://, calls StudioApi methods as the window would (which
 * starts the inference worker from the package too) and quits. What it proves: the main process and the
 * worker start, and every module they load resolves inside the package.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PROBE_DIR = fileURLToPath(new URL('./main-probe/', import.meta.url));

export interface ProbeEvent {
  kind: 'event';
  type: string;
  [key: string]: unknown;
}

export interface ProbeResolution {
  kind: 'resolve';
  via: 'import' | 'require';
  specifier: string;
  parent: string | null;
  url: string;
}

export interface ProbeReport {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  events: ProbeEvent[];
  resolutions: ProbeResolution[];
}

export interface ProbeOptions {
  /** The packaged app's folder (package.json at its root). */
  appDir: string;
  /** Per-user data folder for this run (ROUNDTABLE_DATA_DIR). */
  dataDir: string;
  /** StudioApi calls to make once the window has loaded: [method, input]. */
  calls: Array<[string, unknown]>;
  /** Hang guard: the probe is killed after this long. */
  timeoutMs?: number;
}

export async function probePackagedMain(options: ProbeOptions): Promise<ProbeReport> {
  const { appDir, dataDir, calls } = options;
  const manifest = JSON.parse(await fs.readFile(path.join(appDir, 'package.json'), 'utf8')) as {
    main?: string;
  };
  if (!manifest.main) throw new Error(`the packaged package.json (${appDir}) names no main`);
  const logFile = path.join(dataDir, 'probe.jsonl');
  await fs.writeFile(logFile, '');
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Nothing from this checkout may help the package resolve its modules.
  delete env.NODE_PATH;
  delete env.NODE_OPTIONS;
  const child = spawn(
    process.execPath,
    [
      '--require',
      path.join(PROBE_DIR, 'cjs-hook.cjs'),
      '--import',
      pathToFileURL(path.join(PROBE_DIR, 'register.mjs')).href,
      path.join(appDir, manifest.main),
    ],
    {
      cwd: appDir,
      env: {
        ...env,
        ROUNDTABLE_DATA_DIR: dataDir,
        ROUNDTABLE_PROBE_LOG: logFile,
        ROUNDTABLE_PROBE_CALLS: JSON.stringify(calls),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const guard = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, sig) => resolve([code, sig]));
  }).finally(() => clearTimeout(guard));
  const lines = (await fs.readFile(logFile, 'utf8')).split('\n').filter((line) => line.length > 0);
  const entries = lines.map((line) => JSON.parse(line) as ProbeEvent | ProbeResolution);
  return {
    exitCode,
    signal,
    stderr,
    events: entries.filter((entry): entry is ProbeEvent => entry.kind === 'event'),
    resolutions: entries.filter((entry): entry is ProbeResolution => entry.kind === 'resolve'),
  };
}

const BUILTINS = new Set(builtinModules);
const STUB_URL = pathToFileURL(path.join(PROBE_DIR, 'electron-stub.cjs')).href;

/**
 * Resolutions made by the package's own code that landed outside the package (or nowhere it could hold).
 * Built-in modules and the `electron` stand-in are fine; what the probe's own files load is not checked.
 */
export function resolutionsOutside(report: ProbeReport, appDir: string): string[] {
  const inside = (url: string) => {
    if (!url.startsWith('file:')) return false;
    const relative = path.relative(appDir, fileURLToPath(url));
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  };
  const problems: string[] = [];
  for (const resolution of report.resolutions) {
    const fromPackage = resolution.parent === null || inside(resolution.parent);
    if (!fromPackage) continue;
    if (resolution.specifier === 'electron' || resolution.url === STUB_URL) continue;
    if (resolution.url.startsWith('node:') || BUILTINS.has(resolution.specifier)) continue;
    if (!inside(resolution.url)) {
      problems.push(
        `${resolution.specifier} (from ${resolution.parent ?? 'the entry'}) resolved to ${resolution.url}, outside the package`,
      );
    }
  }
  return problems;
}

/** Bare module names the bundles import or require by a literal (built-ins left out). */
export function bareImports(code: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\bfrom\s*["']([@\w][\w@./-]*)["']/g,
    /\bimport\s*["']([@\w][\w@./-]*)["']/g,
    /\bimport\(\s*["']([@\w][\w@./-]*)["']\s*\)/g,
    /\brequire(?:\.resolve)?\(\s*["']([@\w][\w@./-]*)["']\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) {
      const name = match[1]!;
      if (name.startsWith('node:') || BUILTINS.has(name)) continue;
      found.add(name);
    }
  }
  return [...found].sort();
}

/**
 * Modules the packaged bundles name that do not resolve from inside the package (also those loaded only
 * later, such as the ONNX Runtime thread's): each as "<bundle>: <name> ...".
 */
export async function unresolvableImports(appDir: string, bundleDir = 'dist/electron'): Promise<string[]> {
  const problems: string[] = [];
  const dir = path.join(appDir, bundleDir);
  for (const name of (await fs.readdir(dir)).filter((file) => /\.(c|m)?js$/.test(file)).sort()) {
    const file = path.join(dir, name);
    const require = createRequire(file);
    for (const specifier of bareImports(await fs.readFile(file, 'utf8'))) {
      if (specifier === 'electron') continue;
      try {
        const resolved = require.resolve(specifier);
        const relative = path.relative(appDir, resolved);
        if (relative.startsWith('..') || path.isAbsolute(relative)) {
          problems.push(`${name}: ${specifier} resolves outside the package (${resolved})`);
        }
      } catch {
        problems.push(`${name}: ${specifier} is not in the package`);
      }
    }
  }
  return problems;
}
