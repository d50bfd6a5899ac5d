/**
 * Where the open document's edits are, in words that are true: written to project.json ("Saved to
 * project"), kept only in the autosave (which brings them back after a crash, but is not the project file),
 * or not even there yet (the autosave follows within 2 s). The header, the status bar and the close
 * dialog all say it from here.
 */
export type SaveStatus = 'saving' | 'saved' | 'autosaved' | 'unsaved';

export function saveStatus(state: { saving: boolean; dirty: boolean; autosaveCurrent: boolean }): SaveStatus {
  if (state.saving) return 'saving';
  if (!state.dirty) return 'saved';
  return state.autosaveCurrent ? 'autosaved' : 'unsaved';
}

export const SAVE_STATUS_TEXT: Record<SaveStatus, { label: string; detail: string }> = {
  saving: { label: 'Saving…', detail: 'Writing the project to project.json.' },
  saved: { label: 'Saved to project', detail: 'Everything is saved to project.json.' },
  autosaved: {
    label: 'Edits kept in autosave',
    detail:
      'Your edits are kept in the autosave (offered back if the studio closes unexpectedly) but are not in project.json yet. Press Ctrl+S (or click) to save them to the project.',
  },
  unsaved: {
    label: 'Edits not saved yet',
    detail:
      'Your newest edits go to the autosave within 2 s; they are not in project.json. Press Ctrl+S (or click) to save them to the project.',
  },
};
