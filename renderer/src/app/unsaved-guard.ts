/**
 * Asks before the studio goes away with unsaved changes: closing the browser tab or reloading it (serve
 * mode), or closing the desktop window (the main process turns the request into its own dialog; see
 * electron/main/unsaved-close.ts). Nothing would be lost without it (the autosave keeps the edits and the
 * next open offers them back), but a producer expects to be asked, as every editor does.
 */
export interface UnloadTarget {
  addEventListener(type: 'beforeunload', listener: (event: BeforeUnloadEvent) => void): void;
  removeEventListener(type: 'beforeunload', listener: (event: BeforeUnloadEvent) => void): void;
}

/** Guards `target` while `isDirty()`; returns the function that removes the guard. */
export function guardUnsavedChanges(target: UnloadTarget, isDirty: () => boolean): () => void {
  const listener = (event: BeforeUnloadEvent) => {
    if (!isDirty()) return;
    event.preventDefault();
    // Chromium before 119 (and Electron's own check) still look at returnValue.
    event.returnValue = '';
  };
  target.addEventListener('beforeunload', listener);
  return () => target.removeEventListener('beforeunload', listener);
}
