/**
 * Where this code finds an entry it starts beside itself: a process (the inference worker, the model
 * inspector) or a thread (espeak, ONNX Runtime, recording, export, limiter, MP3).
 *
 * - In a bundle (dist/cli, dist/electron) the caller is a .js file and the entry is the bundled
 *   `<bundledName>.js` next to it (electron/build/bundle.ts emits every one, SIBLING_ENTRIES).
 * - From TypeScript sources (tests, the CLI through tsx, dev) the entry is the .ts source run under tsx's
 *   loader, unless the environment variable ROUNDTABLE_PREBUILT_SIBLINGS names a folder of those bundled
 *   entries built from the same sources. The test set-up builds one per run
 *   (test-support/sibling-bundle-setup.ts): the tests start hundreds of workers and threads, and under tsx
 *   each compiled its TypeScript again on start (about 1 s of CPU for a worker, against 0.3 s bundled).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const PREBUILT_SIBLINGS_ENV = 'ROUNDTABLE_PREBUILT_SIBLINGS';

export type SiblingEntry =
  /** Plain JavaScript Node runs as it is. */
  | { kind: 'bundled'; url: URL }
  /** A TypeScript source: it needs tsx's loader. */
  | { kind: 'source'; url: URL };

/**
 * @param callerUrl `import.meta.url` of the module starting the process or thread
 * @param sourceEntry the entry relative to that module, without extension (`./recording/recording-thread`)
 * @param bundledName the entry's file name in a bundle, without extension (`recording-thread`)
 */
export function siblingEntry(callerUrl: string, sourceEntry: string, bundledName: string): SiblingEntry {
  if (!callerUrl.endsWith('.ts')) return { kind: 'bundled', url: new URL(`./${bundledName}.js`, callerUrl) };
  const prebuilt = process.env[PREBUILT_SIBLINGS_ENV];
  if (prebuilt) {
    return { kind: 'bundled', url: pathToFileURL(path.join(path.resolve(prebuilt), `${bundledName}.js`)) };
  }
  return { kind: 'source', url: new URL(`${sourceEntry}.ts`, callerUrl) };
}

/** Profiling: a folder named here gets a V8 CPU profile of every forked sibling process and its threads. */
export const CPU_PROFILE_DIR_ENV = 'ROUNDTABLE_CPU_PROFILE_DIR';

/**
 * `execArgv` for a forked process running the entry: tsx's loader for a source (by absolute URL, so that
 * it does not resolve from the user's current folder), nothing for a bundle; and `--cpu-prof` into the
 * folder ROUNDTABLE_CPU_PROFILE_DIR names, when it names one (docs/benchmarks.md, "Profiles").
 */
export function siblingExecArgv(entry: SiblingEntry, env: NodeJS.ProcessEnv = process.env): string[] {
  const profile = profileArgv(env[CPU_PROFILE_DIR_ENV]);
  return entry.kind === 'source' ? ['--import', import.meta.resolve('tsx'), ...profile] : profile;
}

let warnedAbout: string | null = null;

/**
 * `--cpu-prof` flags for an existing folder this user can write, else none (with one warning): Node would
 * create a missing one itself at exit, and under /proc its recursive mkdir never returns, which left a
 * worker spinning after its CLI had gone.
 */
function profileArgv(dir: string | undefined): string[] {
  if (!dir) return [];
  const folder = path.resolve(dir);
  try {
    if (!fs.statSync(folder).isDirectory()) throw new Error('not a folder');
    fs.accessSync(folder, fs.constants.W_OK);
  } catch {
    if (warnedAbout !== folder) {
      warnedAbout = folder;
      process.emitWarning(
        `${CPU_PROFILE_DIR_ENV}=${folder} is not a folder you can write: no CPU profiles are written (create it first)`,
      );
    }
    return [];
  }
  return ['--cpu-prof', `--cpu-prof-dir=${folder}`];
}
