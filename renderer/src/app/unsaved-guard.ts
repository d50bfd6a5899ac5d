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

/** Set when the studio itself reloads the page: the user asked for it, and the autosave has the edits. */
let reloading = false;

/**
 * Reloads without the question ("Reload window" after an error: the message beside it says the edits are
 * autosaved, and the next open offers them back).
 */
export function reloadWithoutAsking(location: Pick<Location, 'reload'> = window.location): void {
  reloading = true;
  location.reload();
}

/** Guards `target` while `isDirty()`; returns the function that removes the guard. */
export function guardUnsavedChanges(target: UnloadTarget, isDirty: () => boolean): () => void {
  const listener = (event: BeforeUnloadEvent) => {
    if (reloading || !isDirty()) return;
    event.preventDefault();
    // Chromium before 119 (and Electron's own check) still look at returnValue.
    event.returnValue = '';
  };
  target.addEventListener('beforeunload', listener);
  return () => target.removeEventListener('beforeunload', listener);
}
