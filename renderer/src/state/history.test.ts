import { describe, expect, it } from 'vitest';
import {
  COALESCE_WINDOW_MS,
  createHistory,
  mapAllSnapshots,
  recordEdit,
  redoHistory,
  undoHistory,
} from './history';

describe('undo history', () => {
  it('undoes and redoes edits in order, and a new edit drops the redo branch', () => {
    let h = createHistory('a');
    h = recordEdit(h, 'b', { nowMs: 0 });
    h = recordEdit(h, 'c', { nowMs: 10_000 });
    h = undoHistory(h);
    expect(h.present).toBe('b');
    h = undoHistory(h);
    expect(h.present).toBe('a');
    expect(undoHistory(h)).toBe(h);
    h = redoHistory(h);
    expect(h.present).toBe('b');
    h = recordEdit(h, 'x', { nowMs: 20_000 });
    expect(h.future).toEqual([]);
    expect(redoHistory(h)).toBe(h);
    expect(h.past).toEqual(['a', 'b']);
  });

  it('coalesces rapid edits with the same key into one step, but not different keys or slow ones', () => {
    let h = createHistory('');
    h = recordEdit(h, 'H', { nowMs: 0, coalesceKey: 'text:1' });
    h = recordEdit(h, 'He', { nowMs: 100, coalesceKey: 'text:1' });
    h = recordEdit(h, 'Hel', { nowMs: 200, coalesceKey: 'text:1' });
    expect(h.past).toEqual(['']);
    h = recordEdit(h, 'Hel!', { nowMs: 200 + COALESCE_WINDOW_MS + 1, coalesceKey: 'text:1' });
    expect(h.past).toEqual(['', 'Hel']);
    h = recordEdit(h, 'gap', { nowMs: 200 + COALESCE_WINDOW_MS + 2, coalesceKey: 'gap:1' });
    expect(h.past).toEqual(['', 'Hel', 'Hel!']);
    // After an undo the next edit starts a new step even with the same key.
    h = undoHistory(h);
    h = recordEdit(h, 'Hel!?', { nowMs: 200 + COALESCE_WINDOW_MS + 3, coalesceKey: 'text:1' });
    expect(h.past).toEqual(['', 'Hel', 'Hel!']);
  });

  it('mapAllSnapshots updates every snapshot and keeps identity when nothing changes', () => {
    let h = createHistory(1);
    h = recordEdit(h, 2, { nowMs: 0 });
    h = recordEdit(h, 3, { nowMs: 5000 });
    h = undoHistory(h);
    const doubled = mapAllSnapshots(h, (n) => n * 2);
    expect([doubled.past, doubled.present, doubled.future]).toEqual([[2], 4, [6]]);
    expect(mapAllSnapshots(h, (n) => n)).toBe(h);
  });
});
