/**
 * Autosave for one open project. `update()` records the latest state; it reaches
 * `autosave/project.autosave.json` at most `maxWaitMs` (2 s) after the first edit not yet written, and
 * sooner once edits pause for `debounceMs`. So a crash loses at most the last 2 seconds of work, even
 * during continuous typing.
 *
 * While the autosaver lives, `autosave/session.lock` names this process. `markClean()` (a normal close)
 * removes the autosave and the lock; any other end leaves the lock behind, and the next `openProject`
 * offers the autosave back as `recovered`.
 *
 *   const opened = await store.openProject(dir);
 *   const autosaver = await Autosaver.start(store, dir, { onError });
 *   autosaver.update(project);            // on every edit
 *   await store.saveProject(dir, project); // explicit save clears the autosave
 *   await autosaver.markClean();           // on close
 */
import type { Project } from '../../../shared/model/project';
import { removeFile } from '../files/atomic-write';
import { projectDirQueue } from './keyed-queue';
import { ProjectInvalidError, ProjectIoError } from './project-errors';
import { dirKey, projectLayout, type ProjectLayout } from './project-layout';
import type { ProjectStore } from './project-store';
import { mkdirInProject } from './project-store';
import { endSessionInProcess, writeSessionLock, type SessionLock } from './session-lock';

export const DEFAULT_AUTOSAVE_DEBOUNCE_MS = 750;
export const DEFAULT_AUTOSAVE_MAX_WAIT_MS = 2_000;

export interface AutosaverOptions {
  /** Write once edits pause this long. Default 750 ms. */
  debounceMs?: number;
  /** Write no later than this after the first unwritten edit. Default 2000 ms. */
  maxWaitMs?: number;
  /** A write failed (disk full, invalid state, ...); the autosaver keeps going. */
  onError?: (error: unknown) => void;
  /** An autosave reached disk (`wrote` false: state equals project.json, so the autosave was removed). */
  onWritten?: (info: { wrote: boolean; atMs: number }) => void;
}

export class Autosaver {
  private latest: Project | undefined;
  private debounceTimer: ReturnType<typeof setTimeout> | undefined;
  private maxWaitTimer: ReturnType<typeof setTimeout> | undefined;
  private writes: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;

  private constructor(
    private readonly store: ProjectStore,
    private readonly layout: ProjectLayout,
    readonly lock: SessionLock,
    private readonly options: AutosaverOptions,
  ) {
    this.maxWaitMs = Math.max(0, options.maxWaitMs ?? DEFAULT_AUTOSAVE_MAX_WAIT_MS);
    this.debounceMs = Math.min(
      this.maxWaitMs,
      Math.max(0, options.debounceMs ?? DEFAULT_AUTOSAVE_DEBOUNCE_MS),
    );
  }

  /** Starts a session for an opened project: writes autosave/session.lock. */
  static async start(store: ProjectStore, dir: string, options: AutosaverOptions = {}): Promise<Autosaver> {
    const layout = projectLayout(dir);
    const lock = await projectDirQueue.run(dirKey(layout.dir), async () => {
      try {
        await mkdirInProject(layout.autosaveDir);
        return await writeSessionLock(layout.sessionLockFile);
      } catch (error) {
        throw new ProjectIoError(layout.sessionLockFile, 'write', error);
      }
    });
    return new Autosaver(store, layout, lock, options);
  }

  get dir(): string {
    return this.layout.dir;
  }

  /** Whether an edit is waiting for its autosave. */
  get hasPendingChanges(): boolean {
    return this.latest !== undefined;
  }

  /** Records the latest state; it is written within `maxWaitMs`. Ignored after dispose/markClean. */
  update(project: Project): void {
    if (this.disposed) return;
    this.latest = project;
    if (this.maxWaitTimer === undefined) {
      this.maxWaitTimer = setTimeout(() => void this.writePending(), this.maxWaitMs);
    }
    if (this.debounceTimer !== undefined) clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => void this.writePending(), this.debounceMs);
  }

  /** Writes the pending state now and waits for every write started so far. */
  async flush(): Promise<void> {
    await this.writePending();
  }

  /** Resolves when the writes already started have finished (does not start one). */
  async whenIdle(): Promise<void> {
    await this.writes;
  }

  /**
   * Stops the timers and drops unwritten edits, leaving the files as they are. Without markClean() first,
   * the lock stays on disk and the next open treats this session as ended uncleanly.
   */
  dispose(): void {
    this.disposed = true;
    this.clearTimers();
    this.latest = undefined;
    endSessionInProcess(this.lock.sessionId);
  }

  /**
   * A normal close: drops pending edits (save first to keep them), waits for writes in flight, then removes
   * the autosave and the session lock.
   */
  async markClean(): Promise<void> {
    this.dispose();
    await this.writes;
    await projectDirQueue.run(dirKey(this.layout.dir), async () => {
      for (const file of [this.layout.autosaveFile, this.layout.sessionLockFile]) {
        try {
          await removeFile(file);
        } catch (error) {
          throw new ProjectIoError(file, 'remove', error);
        }
      }
    });
  }

  private clearTimers(): void {
    if (this.debounceTimer !== undefined) clearTimeout(this.debounceTimer);
    if (this.maxWaitTimer !== undefined) clearTimeout(this.maxWaitTimer);
    this.debounceTimer = undefined;
    this.maxWaitTimer = undefined;
  }

  private writePending(): Promise<void> {
    this.clearTimers();
    const project = this.latest;
    this.latest = undefined;
    if (project !== undefined && !this.disposed) {
      this.writes = this.writes.then(async () => {
        try {
          const wrote = await this.store.writeAutosave(this.layout.dir, project);
          this.options.onWritten?.({ wrote, atMs: Date.now() });
        } catch (error) {
          this.options.onError?.(error);
          // A disk error may pass (space freed, drive back): try again unless newer edits will anyway.
          if (!(error instanceof ProjectInvalidError) && this.latest === undefined && !this.disposed) {
            this.latest = project;
            this.maxWaitTimer ??= setTimeout(() => void this.writePending(), this.maxWaitMs);
          }
        }
      });
    }
    return this.writes;
  }
}
