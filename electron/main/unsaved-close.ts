/**
 * The desktop window's question when it is closed with unsaved changes. The page says it has some (its
 * beforeunload handler, renderer/src/app/unsaved-guard.ts); Electron then does not show the browser's
 * dialog but emits `will-prevent-unload`, and this is what the main process asks instead.
 */
import type { MessageBoxSyncOptions } from 'electron';

const CLOSE_ANYWAY = 0;

export function unsavedCloseDialog(): MessageBoxSyncOptions {
  return {
    type: 'question',
    title: 'Unsaved changes',
    message: 'Close Roundtable Studio without saving?',
    detail:
      'The project has changes that are not saved to project.json. They are kept in its autosave, and the next time you open the project the studio offers them back. To save now, choose Cancel and press Ctrl+S.',
    buttons: ['Close without saving', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

/** True when the answer to unsavedCloseDialog() is to close anyway. */
export function closesAnyway(choice: number): boolean {
  return choice === CLOSE_ANYWAY;
}
