import { describe, expect, it } from 'vitest';
import { SAVE_STATUS_TEXT, saveStatus } from './save-status';

describe('saveStatus', () => {
  it('says "saved" only when project.json has the document', () => {
    expect(saveStatus({ saving: false, dirty: false, autosaveCurrent: false })).toBe('saved');
    expect(saveStatus({ saving: false, dirty: true, autosaveCurrent: true })).toBe('autosaved');
    expect(saveStatus({ saving: false, dirty: true, autosaveCurrent: false })).toBe('unsaved');
    expect(saveStatus({ saving: true, dirty: true, autosaveCurrent: true })).toBe('saving');
  });

  it('never calls edits that are only in the autosave saved', () => {
    expect(SAVE_STATUS_TEXT.autosaved.label).toBe('Edits kept in autosave');
    expect(SAVE_STATUS_TEXT.autosaved.label).not.toMatch(/saved$/i);
    expect(SAVE_STATUS_TEXT.unsaved.label).not.toMatch(/\bsaved\b(?! yet)/i);
    expect(SAVE_STATUS_TEXT.saved.label).toBe('Saved to project');
  });
});
