/**
 * What a packaged app (electron-builder's `<platform>-unpacked` folder) must and must not hold, checked on
 * the file list of its app.asar: the bundles, page, licences and icon; only the run-time externals and what
 * they depend on; native addons and the espeak-ng data unpacked beside the archive; onnxruntime-node's
 * binaries for the target's OS and CPU and no other.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AsarHeaderNode } from './builder-internals';
import { asarModule } from './builder-internals';
import { ELECTRON_ENTRIES, ELECTRON_EXTERNALS } from './bundle';
import type { PackageTarget } from './packaging-config';

export interface PackagedFile {
  /** Path inside the app, forward slashes, no leading slash. */
  path: string;
  /** Stored beside app.asar (app.asar.unpacked) instead of inside it. */
  unpacked: boolean;
}

export function resourcesDir(appOutDir: string): string {
  return path.join(appOutDir, 'resources');
}

/** Every file of the packaged app, from app.asar's header. */
export function listPackagedApp(appOutDir: string): PackagedFile[] {
  const archive = path.join(resourcesDir(appOutDir), 'app.asar');
  const { header } = asarModule().getRawHeader(archive);
  const files: PackagedFile[] = [];
  const walk = (node: AsarHeaderNode, prefix: string) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const at = prefix ? `${prefix}/${name}` : name;
      if (child.files) walk(child, at);
      else files.push({ path: at, unpacked: child.unpacked === true });
    }
  };
  walk(header, '');
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The top-level places a packaged app may hold anything at all. */
const ALLOWED_ROOTS = [
  'package.json',
  'LICENSE',
  'THIRD_PARTY_NOTICES.md',
  'dist/electron/',
  'dist/renderer/',
];

/** onnxruntime-node's files per OS that the app cannot run without. */
export const ONNX_RUNTIME_FILES: Record<PackageTarget['os'], string[]> = {
  linux: ['onnxruntime_binding.node', 'libonnxruntime.so.1'],
  win32: ['onnxruntime_binding.node', 'onnxruntime.dll', 'DirectML.dll'],
};

const ONNX_BIN = /^node_modules\/onnxruntime-node\/bin\/napi-v\d+\/([^/]+)\/([^/]+)\//;
const ESPEAK_DIR = 'node_modules/@echogarden/espeak-ng-emscripten/';

/** Name of the package a node_modules path belongs to (the innermost one), or null. */
export function packageOf(file: string): string | null {
  const at = file.lastIndexOf('node_modules/');
  if (at < 0) return null;
  const parts = file.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? null);
}

/**
 * The packages the app may ship: the run-time externals of the bundles and, transitively, their
 * dependencies, each with whether it is installed under `rootDir` (optional ones for other platforms are
 * not). Installed ones must ship: the externals load them.
 */
export function runtimePackages(rootDir: string): Map<string, boolean> {
  const packages = new Map<string, boolean>();
  const pending = ELECTRON_EXTERNALS.filter((name) => name !== 'electron');
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (packages.has(name)) continue;
    const manifestFile = path.join(rootDir, 'node_modules', name, 'package.json');
    const installed = fs.existsSync(manifestFile);
    packages.set(name, installed);
    if (!installed) continue;
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    pending.push(...Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }));
  }
  return packages;
}

export interface LayoutExpectations {
  target: PackageTarget;
  /** Packages allowed in node_modules, and whether each must be there (runtimePackages). */
  runtimePackages: ReadonlyMap<string, boolean>;
}

/** What is wrong with the packaged app's files for `target`; empty when nothing is. */
export function checkLayout(files: readonly PackagedFile[], expect: LayoutExpectations): string[] {
  const { target } = expect;
  const problems: string[] = [];
  const byPath = new Map(files.map((file) => [file.path, file]));
  const required = [
    'package.json',
    'LICENSE',
    'THIRD_PARTY_NOTICES.md',
    ...ELECTRON_ENTRIES.map((entry) => `dist/electron/${entry.outFile}`),
    'dist/electron/icon.png',
    'dist/renderer/index.html',
  ];
  for (const file of required) {
    if (!byPath.has(file)) problems.push(`missing ${file}`);
  }
  if (!files.some((file) => /^dist\/renderer\/assets\/.+\.js$/.test(file.path))) {
    problems.push('missing the page script (dist/renderer/assets/*.js)');
  }

  const foreignPackages = new Set<string>();
  for (const file of files) {
    const name = packageOf(file.path);
    if (name === null) {
      if (
        !ALLOWED_ROOTS.some((root) => (root.endsWith('/') ? file.path.startsWith(root) : file.path === root))
      ) {
        problems.push(`ships ${file.path}, which is not in the package list`);
      }
    } else if (!expect.runtimePackages.has(name)) {
      foreignPackages.add(name);
    }
    if (file.path.endsWith('.map')) problems.push(`ships the source map ${file.path}`);
    if (file.path.endsWith('.node') && !file.unpacked) {
      problems.push(`native addon ${file.path} is inside app.asar (it cannot be loaded from there)`);
    }
  }
  for (const name of foreignPackages) {
    problems.push(`ships node_modules/${name}, which no run-time external needs (it is bundled or unused)`);
  }
  for (const [name, installed] of expect.runtimePackages) {
    if (!installed || files.some((file) => file.path.endsWith(`node_modules/${name}/package.json`))) continue;
    problems.push(
      ELECTRON_EXTERNALS.includes(name)
        ? `missing node_modules/${name} (a run-time external of the bundles)`
        : `missing node_modules/${name} (a run-time external depends on it)`,
    );
  }

  const onnx = files.filter((file) => ONNX_BIN.test(file.path));
  const platforms = new Set(onnx.map((file) => ONNX_BIN.exec(file.path)!.slice(1, 3).join('-')));
  const wanted = `${target.os}-${target.arch}`;
  for (const platform of platforms) {
    if (platform !== wanted)
      problems.push(`ships onnxruntime-node's ${platform} binaries in the ${wanted} app`);
  }
  for (const name of ONNX_RUNTIME_FILES[target.os]) {
    const found = onnx.find(
      (file) => file.path.endsWith(`/${target.os}/${target.arch}/${name}`) && ONNX_BIN.test(file.path),
    );
    if (!found) problems.push(`missing onnxruntime-node's ${target.os}/${target.arch}/${name}`);
    else if (!found.unpacked) problems.push(`${found.path} is inside app.asar; it must be unpacked`);
  }

  for (const name of ['espeak-ng.js', 'espeak-ng.data']) {
    const file = byPath.get(`${ESPEAK_DIR}${name}`);
    if (!file) problems.push(`missing ${ESPEAK_DIR}${name}`);
    else if (!file.unpacked) problems.push(`${file.path} is inside app.asar; espeak-ng reads it by path`);
  }
  return problems;
}

/** Files the archive says are unpacked but are not beside it (electron-builder would have failed). */
export function missingUnpackedFiles(appOutDir: string, files: readonly PackagedFile[]): string[] {
  const dir = path.join(resourcesDir(appOutDir), 'app.asar.unpacked');
  return files
    .filter((file) => file.unpacked && !fs.existsSync(path.join(dir, ...file.path.split('/'))))
    .map((file) => file.path);
}
