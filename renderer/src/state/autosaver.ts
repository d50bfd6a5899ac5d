/**
 * Writes the open document to the project's autosave/ a short while after the last edit (well under the
 * 2 s budget), so an unclean exit loses at most that much work. Saving to project.json stays explicit.
 */
import type { StudioApi } from '../../../shared/api/studio-api';
import type { DocumentStore } from './document-store';
import { selectProject } from './document-store';
import { toUserError, type UserError } from './user-error';

export const AUTOSAVE_DELAY_MS = 1500;

export interface AutosaverOptions {
  delayMs?: number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** After a write: when, and the document written (the autosave holds it). */
  onSaved?: (atMs: number, project: unknown) => void;
  onError?: (error: UserError) => void;
  now?: () => number;
}

export class Autosaver {
  private timer: unknown = null;
  private readonly unsubscribe: () => void;
  private readonly delayMs: number;
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private inFlight: Promise<void> | null = null;
  /** The document last sent, so that a flush with nothing new writes nothing. */
  private lastWritten: unknown = null;
  private failedOnce = false;

  constructor(
    private readonly documents: DocumentStore,
    private readonly api: Pick<StudioApi, 'autosaveProject'>,
    private readonly options: AutosaverOptions = {},
  ) {
    this.delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS;
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer =
      options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.unsubscribe = documents.subscribe((state, previous) => {
      if (state.dir !== previous.dir) {
        this.cancel();
        return;
      }
      const project = selectProject(state);
      if (project && project !== selectProject(previous) && project !== state.savedProject) this.schedule();
    });
  }

  private schedule(): void {
    this.cancel();
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.flush();
    }, this.delayMs);
  }

  private cancel(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  get pending(): boolean {
    return this.timer !== null;
  }

  /** Writes now (used before closing a project); resolves when the write is done. */
  async flush(): Promise<void> {
    this.cancel();
    const state = this.documents.getState();
    const project = selectProject(state);
    if (!state.dir || !project) return;
    if (this.inFlight) await this.inFlight;
    if (project === this.lastWritten) return;
    this.lastWritten = project;
    const write = this.api
      .autosaveProject({ dir: state.dir, project })
      .then(() => {
        this.failedOnce = false;
        this.options.onSaved?.((this.options.now ?? Date.now)(), project);
      })
      .catch((error: unknown) => {
        this.lastWritten = null;
        // Report the first failure of a series, not every keystroke's.
        if (!this.failedOnce) {
          this.options.onError?.(
            toUserError(
              error,
              'Autosave failed. Press Ctrl+S to save, and check that the project folder is writable.',
            ),
          );
        }
        this.failedOnce = true;
      });
    this.inFlight = write;
    await write;
    if (this.inFlight === write) this.inFlight = null;
  }

  /** Drops a scheduled write and waits for the one in flight (before the host ends the session). */
  async settle(): Promise<void> {
    this.cancel();
    if (this.inFlight) await this.inFlight;
  }

  dispose(): void {
    this.cancel();
    this.unsubscribe();
  }
}
