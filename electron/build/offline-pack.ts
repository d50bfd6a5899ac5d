/**
 * electron-builder's real packaging step (`electron-builder --dir`), run without a network: a fresh copy of
 * the project (the repository's files, node_modules hard-linked, dist/ built anew) is packed with a
 * placeholder Electron distribution instead of the downloaded one. Everything electron-builder decides
 * (which files, which node_modules, app.asar, what is unpacked) is its own; only the Electron binary is a
 * stand-in, so nothing edits or signs the Windows executable here (that needs the real one).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { builderApi } from './builder-internals';
import { bundleElectron, REPO_ROOT } from './bundle';
import type { BuilderConfig, PackageTarget } from './packaging-config';

const execFileAsync = promisify(execFile);

/** The repository's own files (tracked, or new and not ignored), as git lists them. */
export async function repositoryFiles(rootDir: string = REPO_ROOT): Promise<string[]> {
  const { stdout } = await execFileAsync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: rootDir, maxBuffer: 64 * 1024 * 1024 },
  ).catch((error: unknown) => {
    throw new Error(
      `the packaging check copies the repository's files as git lists them, and git ls-files failed in ` +
        `${rootDir} (run it in a git checkout): ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  return stdout.split('\0').filter((file) => file.length > 0);
}

/** Hard links of every file under `from` (a copy where linking is refused); symlinks stay symlinks. */
async function linkTree(from: string, to: string): Promise<void> {
  await fs.mkdir(to, { recursive: true });
  const entries = await fs.readdir(from, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      if (entry.isDirectory()) return linkTree(source, target);
      if (entry.isSymbolicLink()) return fs.symlink(await fs.readlink(source), target);
      return fs.link(source, target).catch(() => fs.copyFile(source, target));
    }),
  );
}

export interface FreshProject {
  dir: string;
  /** Relative paths (forward slashes) of the project's files, node_modules left out. */
  files: string[];
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(dir, prefix), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return listFiles(dir, relative);
      return [relative];
    }),
  );
  return nested.flat();
}

/**
 * `dir/project`: the repository's files except its dist/, node_modules hard-linked, and dist/electron and
 * dist/renderer built as `npm run build` builds them.
 */
export async function prepareFreshProject(dir: string, rootDir: string = REPO_ROOT): Promise<FreshProject> {
  const project = path.join(dir, 'project');
  const sources = (await repositoryFiles(rootDir)).filter((file) => !/^(dist|out)\//.test(file));
  for (const file of sources) {
    const target = path.join(project, file);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.copyFile(path.join(rootDir, file), target);
  }
  await linkTree(path.join(rootDir, 'node_modules'), path.join(project, 'node_modules'));
  await bundleElectron({ rootDir, outDir: path.join(project, 'dist', 'electron') });
  const vite = path.join(
    path.dirname(createRequire(path.join(rootDir, 'package.json')).resolve('vite/package.json')),
    'bin',
    'vite.js',
  );
  await execFileAsync(
    process.execPath,
    [
      vite,
      'build',
      '--config',
      'renderer/vite.config.ts',
      '--outDir',
      path.join(project, 'dist', 'renderer'),
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: rootDir },
  );
  const files = (await listFiles(project)).filter((file) => !file.startsWith('node_modules/'));
  return { dir: project, files };
}

/** Files of the packages a production install holds (node_modules/...), from the project's lock file. */
export async function productionModuleFiles(projectDir: string): Promise<string[]> {
  const lock = JSON.parse(await fs.readFile(path.join(projectDir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  const folders = Object.entries(lock.packages)
    .filter(([folder, entry]) => folder.startsWith('node_modules/') && !entry.dev && !entry.devOptional)
    .map(([folder]) => folder);
  const files: string[] = [];
  for (const folder of folders) {
    const exists = await fs
      .stat(path.join(projectDir, folder))
      .then((stat) => stat.isDirectory())
      .catch(() => false);
    // Optional dependencies for other platforms are in the lock file but not installed.
    if (exists) files.push(...(await listFiles(projectDir, folder)));
  }
  return files;
}

/** A stand-in for the Electron distribution electron-builder would download (see the file's comment). */
async function placeholderElectron(dir: string): Promise<string> {
  const dist = path.join(dir, 'electron-placeholder');
  await fs.mkdir(path.join(dist, 'locales'), { recursive: true });
  for (const name of ['electron', 'electron.exe']) {
    await fs.writeFile(path.join(dist, name), '#!/bin/sh\necho placeholder Electron\n', { mode: 0o755 });
  }
  await fs.writeFile(path.join(dist, 'locales', 'en-US.pak'), '');
  return dist;
}

/**
 * Runs electron-builder's `dir` target for `target` with `config` on `projectDir`; returns the
 * `<platform>-unpacked` folder it wrote under `outDir`.
 */
export async function packUnpacked(
  projectDir: string,
  config: BuilderConfig,
  target: PackageTarget,
  outDir: string,
): Promise<string> {
  const { build, Platform, Arch } = builderApi();
  const electronDist = await placeholderElectron(outDir);
  const offline: BuilderConfig = {
    ...structuredClone(config),
    electronDist,
    directories: { ...config.directories, output: outDir },
    // Only the real executable can carry resources, a signature or the archive's integrity hash.
    disableAsarIntegrity: true,
    win: { ...config.win, signAndEditExecutable: false },
  };
  const platform = target.platform === 'win' ? Platform.WINDOWS : Platform.LINUX;
  const arch = Arch[target.arch];
  if (arch === undefined) throw new Error(`electron-builder knows no architecture "${target.arch}"`);
  await build({ projectDir, targets: platform.createTarget('dir', arch), config: offline, publish: 'never' });
  const name = target.arch === 'x64' ? target.platform : `${target.platform}-${target.arch}`;
  return path.join(outDir, `${name}-unpacked`);
}

export async function makeTempDir(label: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `roundtable-${label}-`));
}
