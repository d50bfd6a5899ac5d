/**
 * electron-builder.config.cjs, read the way electron-builder reads it: which installers it builds, and
 * whether every pattern in `files`, `asarUnpack` and `extraResources` matches something in a fresh build
 * (patterns are parsed by electron-builder's own FileMatcher, see builder-internals.ts). A pattern that
 * matches nothing is a typo or a leftover: electron-builder itself says nothing about it.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ParsedPattern } from './builder-internals';
import { fileMatcherModule, iconConverter } from './builder-internals';
import { REPO_ROOT } from './bundle';

export const BUILDER_CONFIG_FILE = 'electron-builder.config.cjs';

/** A `files`/`extraResources` entry: a pattern, or a set copied from a folder. */
export type FilePattern = string | { from?: string; to?: string; filter?: string | string[] };

export interface TargetEntry {
  target: string;
  arch?: string[];
}

export interface PlatformConfig {
  target?: Array<TargetEntry | string>;
  files?: FilePattern[];
  asarUnpack?: string[];
  extraResources?: FilePattern[];
  icon?: string;
  [key: string]: unknown;
}

export interface BuilderConfig extends PlatformConfig {
  win?: PlatformConfig;
  linux?: PlatformConfig;
  directories?: { output?: string; buildResources?: string; [key: string]: unknown };
}

export type PlatformKey = 'win' | 'linux';

/** One platform and CPU the configuration builds installers for. */
export interface PackageTarget {
  platform: PlatformKey;
  /** Node's (and onnxruntime-node's folder) name of the OS. */
  os: 'win32' | 'linux';
  arch: string;
  installers: string[];
}

const NODE_OS: Record<PlatformKey, PackageTarget['os']> = { win: 'win32', linux: 'linux' };

/** A fresh copy of the configuration (the file is CommonJS and may be edited between reads). */
export function loadBuilderConfig(rootDir: string = REPO_ROOT): BuilderConfig {
  const require = createRequire(path.join(rootDir, 'package.json'));
  const file = require.resolve(`./${BUILDER_CONFIG_FILE}`);
  delete require.cache[file];
  return structuredClone(require(file) as BuilderConfig);
}

export function packageTargets(config: BuilderConfig): PackageTarget[] {
  const targets: PackageTarget[] = [];
  for (const platform of ['win', 'linux'] as const) {
    const byArch = new Map<string, string[]>();
    for (const entry of config[platform]?.target ?? []) {
      const { target, arch = ['x64'] } = typeof entry === 'string' ? { target: entry } : entry;
      for (const one of arch) byArch.set(one, [...(byArch.get(one) ?? []), target]);
    }
    for (const [arch, installers] of byArch) {
      targets.push({ platform, os: NODE_OS[platform], arch, installers });
    }
  }
  return targets;
}

/** electron-builder's file macros as they expand while packaging `target`. */
export function macroExpander(target: PackageTarget): (pattern: string) => string {
  return (pattern) =>
    pattern.replace(/\$\{([^}]+)\}/g, (_macro, name: string) => {
      if (name === 'arch') return target.arch;
      if (name === 'os') return target.platform;
      if (name === 'platform') return process.platform;
      throw new Error(`the packaging check cannot expand \${${name}} in "${pattern}"; teach macroExpander`);
    });
}

/** The patterns electron-builder derives from one configured pattern (without its leading `!`). */
function parsePattern(pattern: string, expand: (pattern: string) => string): ParsedPattern[] {
  const { FileMatcher } = fileMatcherModule();
  const matcher = new FileMatcher('/', '/', expand, [pattern]);
  const parsed: ParsedPattern[] = [];
  matcher.computeParsedPatterns(parsed);
  return parsed;
}

export function matchesAny(
  pattern: string,
  files: readonly string[],
  expand: (p: string) => string,
): boolean {
  const parsed = parsePattern(pattern.replace(/^!/, ''), expand);
  return files.some((file) => parsed.some((one) => one.match(file)));
}

/** Files a fresh build offers the patterns, as paths relative to the project (forward slashes). */
export interface PatternCandidates {
  /** The project's files (sources and the fresh dist/), node_modules left out. */
  projectFiles: readonly string[];
  /** Files of the production dependencies (node_modules/...). */
  moduleFiles: readonly string[];
  /** Files the packaged app holds (inside app.asar or unpacked beside it). */
  appFiles: readonly string[];
}

/**
 * What is wrong with the patterns for `target`: each message names the option and the pattern. Empty when
 * every pattern matches something.
 */
export function checkPatterns(
  config: BuilderConfig,
  target: PackageTarget,
  candidates: PatternCandidates,
  projectDir: string,
): string[] {
  const problems: string[] = [];
  const expand = macroExpander(target);
  const platform = config[target.platform] ?? {};
  const where = `${target.platform} (${target.arch})`;
  if (config.files !== undefined && platform.files !== undefined) {
    problems.push(
      `both the top-level and ${target.platform}.files are set: electron-builder copies the union of the two sets, ` +
        `not the top-level list narrowed by ${target.platform}'s; give each platform one complete list`,
    );
  }
  const files = platform.files ?? config.files;
  if (files === undefined) {
    problems.push(`${where}: no files list, so electron-builder packs the whole project`);
  }
  const checkStrings = (
    option: string,
    patterns: readonly string[],
    pool: (p: string) => readonly string[],
  ) => {
    for (const pattern of patterns) {
      if (!matchesAny(pattern, pool(pattern), expand)) {
        problems.push(`${where}: ${option} pattern "${pattern}" matches nothing in a fresh build`);
      }
    }
  };
  const checkSets = (option: string, entries: readonly FilePattern[] | undefined) => {
    const strings: string[] = [];
    for (const entry of entries ?? []) {
      if (typeof entry === 'string') {
        strings.push(entry);
        continue;
      }
      const from = path.resolve(projectDir, expand(entry.from ?? '.'));
      if (!fs.existsSync(from)) {
        problems.push(`${where}: ${option} copies from "${entry.from}", which a fresh build does not have`);
        continue;
      }
      const prefix = path.relative(projectDir, from).split(path.sep).join('/');
      const under = candidates.projectFiles
        .filter((file) => prefix === '' || file.startsWith(`${prefix}/`))
        .map((file) => (prefix === '' ? file : file.slice(prefix.length + 1)));
      const filters = entry.filter === undefined ? [] : [entry.filter].flat();
      checkStrings(`${option} (from ${entry.from})`, filters, () => under);
    }
    return strings;
  };
  const inModules = (pattern: string) => pattern.includes('node_modules');
  checkStrings('files', checkSets('files', files), (pattern) =>
    inModules(pattern)
      ? candidates.moduleFiles
      : pattern.startsWith('!')
        ? [...candidates.projectFiles, ...candidates.moduleFiles]
        : candidates.projectFiles,
  );
  const unpack = [...(config.asarUnpack ?? []), ...(platform.asarUnpack ?? [])];
  checkStrings('asarUnpack', unpack, () => candidates.appFiles);
  const resources = [...(config.extraResources ?? []), ...(platform.extraResources ?? [])];
  checkStrings('extraResources', checkSets('extraResources', resources), () => candidates.projectFiles);
  return problems;
}

/** Square PNG sizes of the freedesktop hicolor theme, where the .deb and AppImage put the icon as it is. */
const HICOLOR_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
/** electron-builder converts a PNG to the installer's .ico only from 256 px up (ERR_ICON_TOO_SMALL). */
const WINDOWS_ICON_MIN = 256;

/**
 * The icon electron-builder takes for `target` (the platform's `icon` or the top-level one, looked up in
 * the build resources folder, then the project), and whether it has the size that target needs. Returns
 * the problems; empty when the icon is fine.
 */
export async function checkIcon(
  config: BuilderConfig,
  target: PackageTarget,
  projectDir: string,
): Promise<string[]> {
  const icon = config[target.platform]?.icon ?? config.icon;
  if (!icon) return [`${target.platform}: no icon configured, so the installer carries Electron's`];
  const roots = [path.resolve(projectDir, config.directories?.buildResources ?? 'build'), projectDir];
  const file = roots.map((root) => path.resolve(root, icon)).find((candidate) => fs.existsSync(candidate));
  if (!file) return [`${target.platform}: the icon ${icon} is not in a fresh build`];
  if (!file.endsWith('.png'))
    return [`${target.platform}: the icon ${icon} is not a PNG (this check reads PNGs)`];
  const { width, height } = await iconConverter().getPngSize(file);
  const problems: string[] = [];
  if (width !== height) problems.push(`${target.platform}: the icon is ${width}x${height}, not square`);
  if (target.platform === 'win' && width < WINDOWS_ICON_MIN) {
    problems.push(`win: the icon is ${width} px; NSIS needs ${WINDOWS_ICON_MIN} px or more for its .ico`);
  }
  if (target.platform === 'linux' && (!HICOLOR_SIZES.includes(width) || width < 256)) {
    problems.push(`linux: the icon is ${width} px; the .deb and AppImage take 256 or 512 px as it is`);
  }
  return problems;
}
