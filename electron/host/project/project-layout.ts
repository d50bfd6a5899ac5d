/** The files and folders of a project folder. */
import path from 'node:path';

export const PROJECT_FILE = 'project.json';
export const BACKUP_FILE = 'project.json.bak';
export const TAKES_DIR = 'takes';
export const AUTOSAVE_DIR = 'autosave';
export const EXPORTS_DIR = 'exports';
/** Reference clips (`clips/<sha256>.wav` + `.json`, electron/host/clips/); made on the first import. */
export const CLIPS_DIR = 'clips';
/** Imported bed audio (electron/host/beds/bed-store.ts) and artwork, by content hash; made when first used. */
export const BEDS_DIR = 'beds';
export const ARTWORK_DIR = 'artwork';
export const AUTOSAVE_FILE = 'project.autosave.json';
export const SESSION_LOCK_FILE = 'session.lock';

/** Sub-folders every project has. */
export const PROJECT_SUBDIRS = [TAKES_DIR, AUTOSAVE_DIR, EXPORTS_DIR] as const;

export interface ProjectLayout {
  readonly dir: string;
  readonly projectFile: string;
  readonly backupFile: string;
  readonly takesDir: string;
  readonly autosaveDir: string;
  readonly exportsDir: string;
  readonly bedsDir: string;
  readonly artworkDir: string;
  readonly autosaveFile: string;
  readonly sessionLockFile: string;
}

/** Absolute paths of a project's files; `dir` is resolved against the current folder. */
export function projectLayout(dir: string): ProjectLayout {
  const root = path.resolve(dir);
  const autosaveDir = path.join(root, AUTOSAVE_DIR);
  return {
    dir: root,
    projectFile: path.join(root, PROJECT_FILE),
    backupFile: path.join(root, BACKUP_FILE),
    takesDir: path.join(root, TAKES_DIR),
    autosaveDir,
    exportsDir: path.join(root, EXPORTS_DIR),
    bedsDir: path.join(root, BEDS_DIR),
    artworkDir: path.join(root, ARTWORK_DIR),
    autosaveFile: path.join(autosaveDir, AUTOSAVE_FILE),
    sessionLockFile: path.join(autosaveDir, SESSION_LOCK_FILE),
  };
}

/** A key that names the same folder for the same path spelt differently (Windows paths are case-blind). */
export function dirKey(dir: string, platform: NodeJS.Platform = process.platform): string {
  const resolved = path.resolve(dir);
  return platform === 'win32' || platform === 'darwin' ? resolved.toLowerCase() : resolved;
}
