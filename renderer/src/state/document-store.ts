/**
 * The open project document with undo and redo. Every user edit goes through `edit`, which records an undo
 * step (coalescing rapid edits with the same key). Takes arriving from the renderer are not user edits: they
 * are written into every snapshot that still has the text and voice they were made from, so undo and redo
 * never lose finished audio.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Project, Take } from '../../../shared/model/project';
import { attachRenderedTake } from './document-edits';
import {
  createHistory,
  mapAllSnapshots,
  recordEdit,
  redoHistory,
  undoHistory,
  type UndoHistory,
} from './history';
import { EMPTY_TAKE_INDEX, indexProjectTakes, recordTake, type TakeIndex } from './take-index';

export interface DocumentState {
  dir: string | null;
  history: UndoHistory<Project> | null;
  /** The project as last written to project.json; the document is dirty while present differs. */
  savedProject: Project | null;
  takeIndex: TakeIndex;

  load(dir: string, project: Project, options?: { dirty?: boolean }): void;
  close(): void;
  /** Applies an edit; returns false when it changed nothing (refused or no-op). */
  edit(update: (project: Project, index: TakeIndex) => Project, coalesceKey?: string): boolean;
  undo(): boolean;
  redo(): boolean;
  /** Records a finished take and attaches it wherever the turn still matches `signature`. */
  applyRenderedTake(segmentId: string, signature: string, text: string, take: Take): void;
  markSaved(project: Project): void;
}

export type DocumentStore = StoreApi<DocumentState>;

export function createDocumentStore(now: () => number = Date.now): DocumentStore {
  return createStore<DocumentState>()((set, get) => ({
    dir: null,
    history: null,
    savedProject: null,
    takeIndex: EMPTY_TAKE_INDEX,

    load(dir, project, options) {
      set({
        dir,
        history: createHistory(project),
        savedProject: options?.dirty ? null : project,
        takeIndex: indexProjectTakes(project),
      });
    },

    close() {
      set({ dir: null, history: null, savedProject: null, takeIndex: EMPTY_TAKE_INDEX });
    },

    edit(update, coalesceKey) {
      const { history, takeIndex } = get();
      if (!history) return false;
      const next = update(history.present, takeIndex);
      if (next === history.present) return false;
      set({ history: recordEdit(history, next, { coalesceKey, nowMs: now() }) });
      return true;
    },

    undo() {
      const { history } = get();
      if (!history || history.past.length === 0) return false;
      set({ history: undoHistory(history) });
      return true;
    },

    redo() {
      const { history } = get();
      if (!history || history.future.length === 0) return false;
      set({ history: redoHistory(history) });
      return true;
    },

    applyRenderedTake(segmentId, signature, text, take) {
      const { history, takeIndex } = get();
      const nextIndex = recordTake(takeIndex, signature, text, take);
      if (!history) {
        set({ takeIndex: nextIndex });
        return;
      }
      set({
        takeIndex: nextIndex,
        history: mapAllSnapshots(history, (project) =>
          attachRenderedTake(project, segmentId, signature, take),
        ),
      });
    },

    markSaved(project) {
      set({ savedProject: project });
    },
  }));
}

export function selectProject(state: DocumentState): Project | null {
  return state.history?.present ?? null;
}

export function selectCanUndo(state: DocumentState): boolean {
  return (state.history?.past.length ?? 0) > 0;
}

export function selectCanRedo(state: DocumentState): boolean {
  return (state.history?.future.length ?? 0) > 0;
}

export function selectDirty(state: DocumentState): boolean {
  return state.history !== null && state.history.present !== state.savedProject;
}
