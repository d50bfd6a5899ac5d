/**
 * Projects on disk. A project is a folder:
 *
 *   project.json            the project (atomic write, previous version kept as project.json.bak)
 *   takes/                  rendered takes, content-addressed
 *   autosave/               project.autosave.json and session.lock (see Autosaver)
 *   exports/                finished episodes
 *
 * All writes to one folder go through one per-process queue, so concurrent saves never interleave.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_SCHEMA_VERSION, type Project } from '../../../shared/model/project';
import { removeFile, syncDir, writeFileAtomic, writeFileAtomicIfAbsent } from '../files/atomic-write';
import { removeStaleTempFiles } from '../files/temp-files';
import { errorCode, withLockRetry, type RetryOptions } from './fs-retry';
import { projectDirQueue } from './keyed-queue';
import { decodeProject, encodeProject, type DecodedProject } from './project-codec';
import {
  ProjectDirNotEmptyError,
  ProjectError,
  ProjectExistsError,
  ProjectIoError,
  ProjectNotFoundError,
  ProjectParentMissingError,
  ProjectTooNewError,
} from './project-errors';
import {
  AUTOSAVE_FILE,
  BACKUP_FILE,
  dirKey,
  PROJECT_FILE,
  PROJECT_SUBDIRS,
  projectLayout,
  SESSION_LOCK_FILE,
  type ProjectLayout,
} from './project-layout';
import { readSessionLock } from './session-lock';
import type {
  OpenedProject,
  OpenSource,
  ProjectStoreOptions,
  ProjectWarning,
  RecoveredAutosave,
} from './project-store-types';

export type {
  OpenedProject,
  OpenSource,
  ProjectStoreOptions,
  ProjectWarning,
  ProjectWarningCode,
  RecoveredAutosave,
} from './project-store-types';

/** Files an OS drops into folders on its own; a folder holding only these still counts as empty. */
const OS_JUNK = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini', '.directory']);

type ReadOutcome =
  | { kind: 'ok'; decoded: DecodedProject; text: string; mtimeMs: number }
  | { kind: 'missing' }
  | { kind: 'failed'; error: ProjectError };

function asProjectError(error: unknown, file: string, operation: string): ProjectError {
  return error instanceof ProjectError ? error : new ProjectIoError(file, operation, error);
}

/** A folder is a project when it holds project.json, its backup or an autosave of it. */
async function isProjectFolder(layout: ProjectLayout): Promise<boolean> {
  for (const file of [layout.projectFile, layout.backupFile, layout.autosaveFile]) {
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat?.isFile()) return true;
  }
  return false;
}

/** Makes one folder inside an existing project folder (never the project folder or anything above it). */
export async function mkdirInProject(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir);
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
  }
}

function formatTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

export class ProjectStore {
  private readonly retry: RetryOptions;
  /** Text of project.json as last read or written by this store, per folder key. */
  private readonly savedText = new Map<string, string>();
  /** Folders whose project.json is damaged and could not be moved aside: never back it up over the good .bak. */
  private readonly damagedPrimary = new Set<string>();

  constructor(options: ProjectStoreOptions = {}) {
    this.retry = options.retry ?? {};
  }

  layout(dir: string): ProjectLayout {
    return projectLayout(dir);
  }

  /**
   * Creates a project in `dir` (made if missing). Refuses a folder that already holds a project
   * (ProjectExistsError) or other files (ProjectDirNotEmptyError).
   */
  async createProject(dir: string, project: Project): Promise<OpenedProject> {
    const layout = projectLayout(dir);
    const text = encodeProject(project);
    return projectDirQueue.run(dirKey(layout.dir), async () => {
      let entries: string[];
      try {
        entries = await fs.readdir(layout.dir);
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') throw asProjectError(error, layout.dir, 'use the folder');
        entries = [];
      }
      if (entries.includes(PROJECT_FILE) || entries.includes(BACKUP_FILE))
        throw new ProjectExistsError(layout.dir);
      if (entries.some((name) => !OS_JUNK.has(name))) throw new ProjectDirNotEmptyError(layout.dir);
      // The project's own folder may be made here, never the folders above it (a mistyped path would
      // otherwise leave a tree of new folders behind).
      const parent = path.dirname(layout.dir);
      const parentStat = await fs.stat(parent).catch(() => undefined);
      if (!parentStat?.isDirectory()) throw new ProjectParentMissingError(layout.dir, parent);
      try {
        await fs.mkdir(layout.dir).catch((error: unknown) => {
          if (errorCode(error) !== 'EEXIST') throw error;
        });
        for (const sub of PROJECT_SUBDIRS) await fs.mkdir(path.join(layout.dir, sub), { recursive: true });
        await writeFileAtomic(layout.projectFile, text, { retry: this.retry });
        await syncDir(path.dirname(layout.dir));
      } catch (error) {
        throw asProjectError(error, layout.projectFile, 'create');
      }
      this.savedText.set(dirKey(layout.dir), text);
      this.damagedPrimary.delete(dirKey(layout.dir));
      return {
        dir: layout.dir,
        project: decodeProject(text, layout.projectFile).project,
        source: 'project',
        fromSchemaVersion: PROJECT_SCHEMA_VERSION,
        warnings: [],
      };
    });
  }

  /**
   * Opens a project: reads project.json (falling back to project.json.bak, then the autosave, when it is
   * missing or damaged), upgrades older schemas, validates, and reports unsaved edits left by a crash.
   * Throws ProjectNotFoundError, ProjectFileCorruptError, ProjectInvalidError, ProjectTooNewError,
   * ProjectMigrationError or ProjectIoError.
   */
  async openProject(dir: string): Promise<OpenedProject> {
    const layout = projectLayout(dir);
    const key = dirKey(layout.dir);
    return projectDirQueue.run(key, async () => {
      try {
        const stat = await fs.stat(layout.dir);
        if (!stat.isDirectory()) throw new ProjectNotFoundError(layout.dir);
      } catch (error) {
        if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR')
          throw new ProjectNotFoundError(layout.dir);
        throw asProjectError(error, layout.dir, 'open');
      }
      // Nothing in a folder that is not a project is touched, and in a project only files this app names.
      if (!(await isProjectFolder(layout))) throw new ProjectNotFoundError(layout.dir);
      await removeStaleTempFiles(layout.dir, [PROJECT_FILE, BACKUP_FILE]);
      await removeStaleTempFiles(layout.autosaveDir, [AUTOSAVE_FILE, SESSION_LOCK_FILE]);

      const warnings: ProjectWarning[] = [];
      const primary = await this.readProjectFile(layout.projectFile);
      let chosen: Extract<ReadOutcome, { kind: 'ok' }>;
      let source: OpenSource;
      if (primary.kind === 'ok') {
        chosen = primary;
        source = 'project';
      } else {
        // A newer file must never be replaced by an older backup; a file we may not read is not damaged.
        if (
          primary.kind === 'failed' &&
          (primary.error instanceof ProjectTooNewError || primary.error instanceof ProjectIoError)
        ) {
          throw primary.error;
        }
        const fallback = await this.openFallback(layout, primary, warnings);
        chosen = fallback.outcome;
        source = fallback.source;
      }

      const { project, fromVersion } = chosen.decoded;
      if (fromVersion < PROJECT_SCHEMA_VERSION) {
        const kept = await this.keepPreMigrationCopy(layout, source, fromVersion, chosen.text);
        warnings.push({
          code: 'migrated',
          message:
            `This project was made by an older Roundtable Studio (schema ${fromVersion}) and has been upgraded to ` +
            `schema ${PROJECT_SCHEMA_VERSION}. It will be saved in the new format` +
            (kept === undefined ? '.' : `; the original file is kept as ${kept}.`),
        });
      }
      if (source === 'project' && fromVersion === PROJECT_SCHEMA_VERSION)
        this.savedText.set(key, chosen.text);
      else this.savedText.delete(key);

      const opened: OpenedProject = {
        dir: layout.dir,
        project,
        source,
        fromSchemaVersion: fromVersion,
        warnings,
      };
      if (source !== 'autosave') {
        const recovered = await this.findRecoverable(layout, project, warnings);
        if (recovered !== undefined) opened.recovered = recovered;
      }
      return opened;
    });
  }

  /**
   * Saves the project atomically (see writeFileAtomic), keeping the previous project.json as
   * project.json.bak, then clears the autosave. Validates first: an invalid project is never written
   * (ProjectInvalidError). Saves of one folder run one after another in call order.
   */
  async saveProject(dir: string, project: Project): Promise<void> {
    const layout = projectLayout(dir);
    const key = dirKey(layout.dir);
    const text = encodeProject(project);
    await projectDirQueue.run(key, async () => {
      try {
        const backupFile = this.damagedPrimary.has(key) ? undefined : layout.backupFile;
        await writeFileAtomic(layout.projectFile, text, { backupFile, retry: this.retry });
      } catch (error) {
        throw asProjectError(error, layout.projectFile, 'save');
      }
      this.damagedPrimary.delete(key);
      this.savedText.set(key, text);
      try {
        await removeFile(layout.autosaveFile, this.retry);
      } catch (error) {
        throw asProjectError(error, layout.autosaveFile, 'remove the autosave');
      }
    });
  }

  /**
   * Writes autosave/project.autosave.json (atomic, without touching project.json). When the state equals
   * what was last saved, removes the autosave instead. Returns whether an autosave file was written.
   */
  async writeAutosave(dir: string, project: Project): Promise<boolean> {
    const layout = projectLayout(dir);
    const key = dirKey(layout.dir);
    const text = encodeProject(project);
    return projectDirQueue.run(key, async () => {
      try {
        if (this.savedText.get(key) === text) {
          await removeFile(layout.autosaveFile, this.retry);
          return false;
        }
        await mkdirInProject(layout.autosaveDir);
        await writeFileAtomic(layout.autosaveFile, text, { retry: this.retry });
        return true;
      } catch (error) {
        throw asProjectError(error, layout.autosaveFile, 'autosave');
      }
    });
  }

  /** Deletes the autosave (the user declined to restore it). */
  async discardAutosave(dir: string): Promise<void> {
    const layout = projectLayout(dir);
    await projectDirQueue.run(dirKey(layout.dir), async () => {
      try {
        await removeFile(layout.autosaveFile, this.retry);
      } catch (error) {
        throw asProjectError(error, layout.autosaveFile, 'remove');
      }
    });
  }

  /** Resolves once every queued write to `dir` has finished. */
  async idle(dir: string): Promise<void> {
    await projectDirQueue.idle(dirKey(projectLayout(dir).dir));
  }

  private async readProjectFile(file: string): Promise<ReadOutcome> {
    let text: string;
    let mtimeMs: number;
    try {
      text = await withLockRetry(() => fs.readFile(file, 'utf8'), this.retry);
      mtimeMs = (await fs.stat(file)).mtimeMs;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { kind: 'missing' };
      return { kind: 'failed', error: asProjectError(error, file, 'read') };
    }
    try {
      return { kind: 'ok', decoded: decodeProject(text, file), text, mtimeMs: Math.round(mtimeMs) };
    } catch (error) {
      return { kind: 'failed', error: asProjectError(error, file, 'read') };
    }
  }

  /** project.json is missing or damaged: try the backup, then the autosave. */
  private async openFallback(
    layout: ProjectLayout,
    primary: Exclude<ReadOutcome, { kind: 'ok' }>,
    warnings: ProjectWarning[],
  ): Promise<{ outcome: Extract<ReadOutcome, { kind: 'ok' }>; source: OpenSource }> {
    const why = primary.kind === 'missing' ? 'project.json is missing' : primary.error.message;
    for (const [file, source] of [
      [layout.backupFile, 'backup'],
      [layout.autosaveFile, 'autosave'],
    ] as const) {
      const outcome = await this.readProjectFile(file);
      if (outcome.kind === 'failed' && outcome.error instanceof ProjectTooNewError) throw outcome.error;
      if (outcome.kind !== 'ok') continue;
      const name = path.relative(layout.dir, file);
      warnings.push({
        code: source === 'backup' ? 'opened-backup' : 'opened-autosave',
        message: `${why} Opened ${name} from ${formatTime(outcome.mtimeMs)} instead; save to make it the project again.`,
      });
      if (primary.kind === 'failed') await this.setDamagedAside(layout, warnings);
      return { outcome, source };
    }
    if (primary.kind === 'missing') throw new ProjectNotFoundError(layout.dir);
    throw primary.error;
  }

  /** Moves a damaged project.json out of the way so the next save cannot back it up over the good .bak. */
  private async setDamagedAside(layout: ProjectLayout, warnings: ProjectWarning[]): Promise<void> {
    const name = `${PROJECT_FILE}.damaged-${Date.now()}`;
    try {
      await withLockRetry(() => fs.rename(layout.projectFile, path.join(layout.dir, name)), this.retry);
      warnings.push({ code: 'damaged-file-kept', message: `The damaged project.json was kept as ${name}.` });
    } catch {
      this.damagedPrimary.add(dirKey(layout.dir));
    }
  }

  /** Keeps the file as it was before an upgrade (`project.v<N>.json`), once. */
  private async keepPreMigrationCopy(
    layout: ProjectLayout,
    source: OpenSource,
    fromVersion: number,
    text: string,
  ): Promise<string | undefined> {
    if (source !== 'project') return undefined;
    const name = `project.v${fromVersion}.json`;
    try {
      // Whole or not at all: a short copy left by a full disk would pass for the original on the next open.
      await writeFileAtomicIfAbsent(path.join(layout.dir, name), text);
      return name;
    } catch {
      return undefined;
    }
  }

  /** An autosave that differs from the opened project and whose session is over. */
  private async findRecoverable(
    layout: ProjectLayout,
    project: Project,
    warnings: ProjectWarning[],
  ): Promise<RecoveredAutosave | undefined> {
    const lock = await readSessionLock(layout.sessionLockFile);
    if (lock.kind === 'live') {
      warnings.push({
        code: 'in-use',
        message: lock.otherHost
          ? `This project seems to be open on another computer (${lock.lock.hostname}) since ${formatTime(lock.lock.startedAtMs)}. Changes made in two places overwrite each other.`
          : lock.lock.pid === process.pid
            ? 'This project is already open in this Roundtable Studio. Changes made in two places overwrite each other.'
            : `This project is already open in another Roundtable Studio window (process ${lock.lock.pid}). Changes made in two places overwrite each other.`,
      });
      return undefined;
    }
    const autosave = await this.readProjectFile(layout.autosaveFile);
    if (autosave.kind === 'missing') return undefined;
    if (autosave.kind === 'failed') {
      warnings.push({
        code: 'autosave-unreadable',
        message: `Unsaved changes from the last session could not be read: ${autosave.error.message}`,
      });
      return undefined;
    }
    if (encodeProject(autosave.decoded.project) === encodeProject(project)) return undefined;
    return { project: autosave.decoded.project, savedAtMs: autosave.mtimeMs, file: layout.autosaveFile };
  }
}
