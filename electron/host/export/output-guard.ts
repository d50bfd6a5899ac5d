/**
 * Outputs never replace what a command reads. Before an export writes anything, every file it will write
 * is checked against
 *   - the files the command reads (a script, a pronunciation list: `GuardedPaths.files`),
 *   - the folders it reads from (take caches, model packs: `GuardedPaths.folders`), and
 *   - the own files of any project folder it would write into (project.json, its backup and temp files,
 *     `project.v<N>.json`, `takes/`, `autosave/`), whichever project that is.
 * Paths are compared as the file system sees them: the output's folder must exist (nothing is created
 * here) and is compared by identity (device and inode, after realpath); a file that exists is compared by
 * identity too (a hard link or symlink to the script is the script); names are compared case-blind and
 * Unicode-normalised where the folder's file system is case-blind (probed in that folder).
 * The CLI and the studio host both call this (through guardExport), before rendering and again right before
 * the export writes its first byte.
 */
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExportOptions } from '../../../shared/api/studio-api';
import type { Project } from '../../../shared/model/project';
import { HostError } from '../host-error';
import {
  ARTWORK_DIR,
  AUTOSAVE_DIR,
  BACKUP_FILE,
  BEDS_DIR,
  CLIPS_DIR,
  PROJECT_FILE,
  TAKES_DIR,
} from '../project/project-layout';
import { plannedExportFiles } from './export-files';

/** A path the command reads, with what it is for the user (`the script`, `the take cache`). */
export interface GuardedPath {
  path: string;
  what: string;
}

export interface GuardedPaths {
  /** Files the command reads. */
  files?: readonly GuardedPath[];
  /** Folders the command reads from: nothing may be written inside them. */
  folders?: readonly GuardedPath[];
}

export interface GuardOptions {
  /** Whether names in a folder are case-blind (default: probed, see isCaseBlindFolder). */
  caseBlind?: (realDir: string) => Promise<boolean>;
}

/** An output that cannot go where it was asked to: one message naming the output and what is in the way. */
export class OutputPathError extends HostError {
  constructor(
    code: 'output-conflict' | 'output-folder',
    readonly output: string,
    message: string,
    hint: string,
  ) {
    super(code, message, hint);
    this.name = 'OutputPathError';
  }
}

const CONFLICT_HINT = 'Choose another file name or folder for the export; nothing was written.';

function conflict(output: string, relation: string, other: GuardedPath): OutputPathError {
  return new OutputPathError(
    'output-conflict',
    output,
    `will not write ${output}: it ${relation} ${other.what} ${other.path}`,
    CONFLICT_HINT,
  );
}

/**
 * The folder an output goes into, checked without creating anything: it must exist and be a folder. Returns
 * its real path. Never hangs on special file systems (no recursive mkdir, one stat).
 */
export async function checkOutputFolder(output: string): Promise<string> {
  const dir = path.dirname(path.resolve(output));
  const fail = (why: string, hint: string) =>
    new OutputPathError('output-folder', output, `cannot write ${output}: ${why}`, hint);
  let stat: Stats;
  try {
    stat = await fs.stat(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw fail(
        `the folder ${dir} does not exist`,
        'Create the folder first, or choose a folder that exists; exports never create folders.',
      );
    if (code === 'ENOTDIR')
      throw fail(`part of ${dir} is a file, not a folder`, 'Choose a folder that exists.');
    if (code === 'EACCES' || code === 'EPERM')
      throw fail(`you may not open the folder ${dir}`, 'Choose a folder you may write to.');
    throw fail(`the folder ${dir} cannot be used (${(error as Error).message})`, 'Choose another folder.');
  }
  if (!stat.isDirectory()) throw fail(`${dir} is a file, not a folder`, 'Choose a folder that exists.');
  return fs.realpath(dir);
}

/** Checks an export of `project` to `basePath` (without extension) before anything is written. */
export async function guardExport(
  project: Project,
  basePath: string,
  options: ExportOptions,
  guarded: GuardedPaths = {},
  guardOptions: GuardOptions = {},
): Promise<void> {
  await checkOutputs(plannedExportFiles(project, basePath, options), guarded, guardOptions);
}

interface Identity {
  dev: number;
  ino: number;
}

const sameIdentity = (a: Identity, b: Identity) => a.dev === b.dev && a.ino === b.ino;

async function identity(file: string): Promise<Stats | undefined> {
  return fs.stat(file).catch(() => undefined);
}

/** Refuses (OutputPathError) when any of `outputs` is, or would replace, a guarded path or project file. */
export async function checkOutputs(
  outputs: readonly string[],
  guarded: GuardedPaths,
  options: GuardOptions = {},
): Promise<void> {
  const caseBlindCache = new Map<string, Promise<boolean>>();
  const caseBlind = (realDir: string) => {
    let answer = caseBlindCache.get(realDir);
    if (!answer) {
      answer = (options.caseBlind ?? isCaseBlindFolder)(realDir);
      caseBlindCache.set(realDir, answer);
    }
    return answer;
  };
  const files = await Promise.all(
    (guarded.files ?? []).map(async (file) => {
      const absolute = path.resolve(file.path);
      return {
        guarded: { ...file, path: absolute },
        stat: await identity(absolute),
        dir: await identity(path.dirname(absolute)),
        name: path.basename(absolute),
      };
    }),
  );
  const folders = (
    await Promise.all(
      (guarded.folders ?? []).map(async (folder) => ({
        guarded: { ...folder, path: path.resolve(folder.path) },
        stat: await identity(folder.path),
      })),
    )
  ).filter((folder): folder is { guarded: GuardedPath; stat: Stats } => folder.stat !== undefined);

  for (const output of outputs.map((file) => path.resolve(file))) {
    const realDir = await checkOutputFolder(output);
    const dirStat = await fs.stat(realDir);
    const name = path.basename(output);
    const blind = await caseBlind(realDir);
    const existing = await fs.lstat(output).catch(() => undefined);
    if (existing?.isDirectory())
      throw new OutputPathError(
        'output-conflict',
        output,
        `will not write ${output}: it is a folder`,
        CONFLICT_HINT,
      );
    const target = existing ? await identity(output) : undefined;
    for (const file of files) {
      const sameFile = target && file.stat && sameIdentity(target, file.stat);
      const sameName = file.dir && sameIdentity(file.dir, dirStat) && namesMatch(file.name, name, blind);
      if (sameFile || sameName) throw conflict(output, 'would overwrite', file.guarded);
    }
    for (const ancestor of await ancestorsOf(realDir)) {
      const folder = folders.find((candidate) => sameIdentity(candidate.stat, ancestor.stat));
      if (folder) throw conflict(output, 'is inside', folder.guarded);
    }
    await checkProjectFiles(output, realDir, name, blind, caseBlind);
  }
}

/** `realDir` and each folder above it, with identities (outermost last). */
async function ancestorsOf(realDir: string): Promise<{ dir: string; stat: Stats }[]> {
  const result: { dir: string; stat: Stats }[] = [];
  for (let dir = realDir, depth = 0; depth < 512; depth += 1) {
    const stat = await identity(dir);
    if (stat) result.push({ dir, stat });
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return result;
}

/** Names a project keeps in its folder (see project-layout.ts, atomic-write.ts, project-store.ts). */
const PROJECT_OWN_NAMES = [
  new RegExp(`^${escape(PROJECT_FILE)}$`),
  new RegExp(`^${escape(BACKUP_FILE)}$`),
  new RegExp(`^${escape(PROJECT_FILE)}\\.(tmp|damaged)-`),
  new RegExp(`^${escape(BACKUP_FILE)}\\.tmp-`),
  /^project\.v\d+\.json$/,
  new RegExp(`^(${TAKES_DIR}|${AUTOSAVE_DIR}|${CLIPS_DIR}|${BEDS_DIR}|${ARTWORK_DIR})$`),
];
/** Sub-folders whose every file is the project's own (clips/: reference clips, clips/clip-store.ts). */
const PROJECT_OWN_FOLDERS = [TAKES_DIR, AUTOSAVE_DIR, CLIPS_DIR, BEDS_DIR, ARTWORK_DIR];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function isProjectFolder(dir: string): Promise<boolean> {
  for (const name of [PROJECT_FILE, BACKUP_FILE]) {
    if ((await identity(path.join(dir, name)))?.isFile()) return true;
  }
  return false;
}

/** The own files of a project folder the output would land in (as its file, or in takes/ or autosave/). */
async function checkProjectFiles(
  output: string,
  realDir: string,
  name: string,
  blind: boolean,
  caseBlind: (realDir: string) => Promise<boolean>,
): Promise<void> {
  if (await isProjectFolder(realDir)) {
    const folded = fold(name, blind);
    if (PROJECT_OWN_NAMES.some((pattern) => pattern.test(folded)))
      throw conflict(output, 'would overwrite', { what: 'the project file', path: path.join(realDir, name) });
  }
  const parent = path.dirname(realDir);
  if (parent !== realDir && (await isProjectFolder(parent))) {
    const folder = fold(path.basename(realDir), await caseBlind(parent));
    if (PROJECT_OWN_FOLDERS.includes(folder))
      throw conflict(output, 'is inside', { what: `the ${folder}/ folder of the project`, path: parent });
  }
}

function fold(name: string, blind: boolean): string {
  return blind ? name.normalize('NFC').toLowerCase() : name;
}

function namesMatch(a: string, b: string, blind: boolean): boolean {
  return fold(a, blind) === fold(b, blind);
}

/**
 * Whether names in `realDir` are case-blind: an entry of the folder is looked up with its letters' case
 * swapped (same file → case-blind). A folder without such an entry answers for its platform (Windows and
 * macOS file systems are case-blind by default).
 */
export async function isCaseBlindFolder(
  realDir: string,
  platform: NodeJS.Platform = process.platform,
): Promise<boolean> {
  const fallback = platform === 'win32' || platform === 'darwin';
  let dir;
  try {
    dir = await fs.opendir(realDir);
  } catch {
    return fallback;
  }
  // Leaving the loop (return, or its end) closes the folder.
  for await (const entry of dir) {
    const swapped = swapCase(entry.name);
    if (swapped === entry.name) continue;
    const original = await fs.lstat(path.join(realDir, entry.name)).catch(() => undefined);
    if (!original) continue;
    const other = await fs.lstat(path.join(realDir, swapped)).catch(() => undefined);
    return other !== undefined && sameIdentity(original, other);
  }
  return fallback;
}

function swapCase(name: string): string {
  let swapped = '';
  for (const char of name) {
    const upper = char.toUpperCase();
    swapped += upper === char ? char.toLowerCase() : upper;
  }
  return swapped;
}
