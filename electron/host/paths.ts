/**
 * Where Roundtable Studio keeps its per-user data (model packs, the take cache, default project folder,
 * calibration, recent projects). Pure functions: the environment, platform and home folder come in as
 * arguments so every platform's answer can be tested on any machine.
 */
import os from 'node:os';
import path from 'node:path';

/** Folder name on Windows and macOS (inside %APPDATA% / Application Support). */
export const APP_DIR_NAME = 'Roundtable Studio';
/** Folder name on Linux and other Unix systems (inside $XDG_DATA_HOME or ~/.local/share). */
export const UNIX_DIR_NAME = 'roundtable-studio';
/** Environment variable that overrides the data folder on every platform (tests, portable installs). */
export const DATA_DIR_ENV = 'ROUNDTABLE_DATA_DIR';

type Env = Readonly<Record<string, string | undefined>>;

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/** The path flavour of a platform, so Windows answers use `\` even when computed on Linux. */
export function pathFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/**
 * The per-user data folder.
 * - `ROUNDTABLE_DATA_DIR` wins everywhere (resolved against the current folder if relative);
 * - Windows: `%APPDATA%\Roundtable Studio` (falls back to `<home>\AppData\Roaming`);
 * - macOS: `~/Library/Application Support/Roundtable Studio`;
 * - Linux and others: `$XDG_DATA_HOME/roundtable-studio` (only when absolute, as the XDG spec says) or
 *   `~/.local/share/roundtable-studio`.
 */
export function resolveDataDir(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
  homeDir: string = os.homedir(),
): string {
  const p = pathFor(platform);
  const override = nonEmpty(env[DATA_DIR_ENV]);
  if (override !== undefined) return p.resolve(override);
  if (platform === 'win32') {
    const appData =
      nonEmpty(env.APPDATA) ?? p.join(nonEmpty(env.USERPROFILE) ?? homeDir, 'AppData', 'Roaming');
    return p.join(appData, APP_DIR_NAME);
  }
  const home = nonEmpty(env.HOME) ?? homeDir;
  if (platform === 'darwin') return p.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  const xdgDataHome = nonEmpty(env.XDG_DATA_HOME);
  const base =
    xdgDataHome !== undefined && p.isAbsolute(xdgDataHome) ? xdgDataHome : p.join(home, '.local', 'share');
  return p.join(base, UNIX_DIR_NAME);
}

/** Every well-known location under the data folder. */
export interface DataPaths {
  readonly dataDir: string;
  /** Imported model packs, one folder per pack. */
  readonly modelsDir: string;
  /** Shared content-addressed take cache (projects keep their own takes/ too). */
  readonly takeCacheDir: string;
  /** Beds given to `roundtable render --bed`, stored decoded by content hash. */
  readonly bedCacheDir: string;
  /** Default parent folder for new projects. */
  readonly projectsDir: string;
  /** Memory figures observed on this machine, used by admission control. */
  readonly calibrationFile: string;
  /** Export speeds observed on this machine, for export progress and time left. */
  readonly exportSpeedsFile: string;
  /** Recently opened projects. */
  readonly recentProjectsFile: string;
  /** The user's favourite voices (the voice picker's stars). */
  readonly favouriteVoicesFile: string;
  /** The GPUs found at the first start since the machine booted (gpu-inventory-cache.ts). */
  readonly gpuInventoryFile: string;
}

export function dataPaths(dataDir: string, platform: NodeJS.Platform = process.platform): DataPaths {
  const p = pathFor(platform);
  return {
    dataDir,
    modelsDir: p.join(dataDir, 'models'),
    takeCacheDir: p.join(dataDir, 'cache', 'takes'),
    bedCacheDir: p.join(dataDir, 'cache', 'beds'),
    projectsDir: p.join(dataDir, 'projects'),
    calibrationFile: p.join(dataDir, 'calibration.json'),
    exportSpeedsFile: p.join(dataDir, 'export-speeds.json'),
    recentProjectsFile: p.join(dataDir, 'recent.json'),
    favouriteVoicesFile: p.join(dataDir, 'voice-favourites.json'),
    gpuInventoryFile: p.join(dataDir, 'gpu-inventory.json'),
  };
}

export function modelsDir(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  return dataPaths(dataDir, platform).modelsDir;
}

export function takeCacheDir(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  return dataPaths(dataDir, platform).takeCacheDir;
}

export function projectsDir(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  return dataPaths(dataDir, platform).projectsDir;
}

export function calibrationFile(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  return dataPaths(dataDir, platform).calibrationFile;
}

export function recentProjectsFile(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  return dataPaths(dataDir, platform).recentProjectsFile;
}
