/** Undo history of immutable snapshots, with coalescing of rapid edits of the same kind (typing, dragging). */

export interface UndoHistory<T> {
  past: T[];
  present: T;
  future: T[];
  /** Key and time of the last recorded edit: a following edit with the same key soon after joins it. */
  lastKey: string | null;
  lastAtMs: number;
}

export const HISTORY_LIMIT = 300;
/** Edits with the same coalescing key closer together than this become one undo step. */
export const COALESCE_WINDOW_MS = 1200;

export function createHistory<T>(present: T): UndoHistory<T> {
  return { past: [], present, future: [], lastKey: null, lastAtMs: 0 };
}

export interface RecordOptions {
  /** Edits with the same key inside the coalescing window are one undo step. */
  coalesceKey?: string | undefined;
  nowMs: number;
}

/** Records `next` as the new present; the old present becomes undoable unless the edit coalesces. */
export function recordEdit<T>(history: UndoHistory<T>, next: T, options: RecordOptions): UndoHistory<T> {
  if (next === history.present) return history;
  const key = options.coalesceKey ?? null;
  const coalesce =
    key !== null &&
    key === history.lastKey &&
    options.nowMs - history.lastAtMs < COALESCE_WINDOW_MS &&
    history.past.length > 0;
  const past = coalesce ? history.past : [...history.past, history.present].slice(-HISTORY_LIMIT);
  return { past, present: next, future: [], lastKey: key, lastAtMs: options.nowMs };
}

export function undoHistory<T>(history: UndoHistory<T>): UndoHistory<T> {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous,
    future: [history.present, ...history.future],
    lastKey: null,
    lastAtMs: 0,
  };
}

export function redoHistory<T>(history: UndoHistory<T>): UndoHistory<T> {
  const next = history.future[0];
  if (next === undefined) return history;
  return {
    past: [...history.past, history.present],
    present: next,
    future: history.future.slice(1),
    lastKey: null,
    lastAtMs: 0,
  };
}

/** Applies `update` to every snapshot (past, present, future) without recording an undo step. */
export function mapAllSnapshots<T>(history: UndoHistory<T>, update: (snapshot: T) => T): UndoHistory<T> {
  const present = update(history.present);
  let changed = present !== history.present;
  const mapList = (list: T[]): T[] => {
    let listChanged = false;
    const mapped = list.map((item) => {
      const next = update(item);
      if (next !== item) listChanged = true;
      return next;
    });
    if (listChanged) changed = true;
    return listChanged ? mapped : list;
  };
  const past = mapList(history.past);
  const future = mapList(history.future);
  return changed ? { ...history, past, present, future } : history;
}
