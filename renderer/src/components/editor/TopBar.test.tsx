import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { openStudio, PROJECT_DIR } from '../../testing/studio-harness';
import { TopBar } from './TopBar';

describe('TopBar', () => {
  it('says where the edits are: saved, not saved yet, kept in autosave, then saved to the project', async () => {
    const { show, studio, user, api, autosaveNow } = await openStudio();
    await show(<TopBar />);
    const save = screen.getByTestId('save');
    expect([save.dataset.status, save.textContent]).toEqual(['saved', 'Saved to project']);

    act(() => void studio.commands.setText('s3', 'Shall we start?'));
    expect([save.dataset.status, save.textContent]).toEqual(['unsaved', 'Edits not saved yet']);

    await act(() => autosaveNow());
    expect([save.dataset.status, save.textContent]).toEqual(['autosaved', 'Edits kept in autosave']);
    expect(api.projects.get(PROJECT_DIR)?.segments[2]?.text).toBe('Shall we begin?');

    await user.click(save);
    await waitFor(() => expect(save.dataset.status).toBe('saved'));
    expect(api.projects.get(PROJECT_DIR)?.segments[2]?.text).toBe('Shall we start?');
  });

  it('undoes and redoes from its buttons, each enabled only when there is something to do', async () => {
    const { show, studio, user, project } = await openStudio();
    await show(<TopBar />);
    const undo = screen.getByTestId<HTMLButtonElement>('undo');
    const redo = screen.getByTestId<HTMLButtonElement>('redo');
    expect([undo.disabled, redo.disabled]).toEqual([true, true]);

    act(() => void studio.commands.delete('s2'));
    expect([undo.disabled, redo.disabled]).toEqual([false, true]);
    await user.click(undo);
    expect(project().segments).toHaveLength(3);
    expect([undo.disabled, redo.disabled]).toEqual([true, false]);
    await user.click(redo);
    expect(project().segments).toHaveLength(2);
  });

  it('renames the project when the title field is left, and Escape drops the change', async () => {
    const { show, user, project } = await openStudio();
    await show(<TopBar />);
    const title = screen.getByTestId<HTMLInputElement>('project-title-input');
    await user.clear(title);
    await user.type(title, 'Pilot{Enter}');
    expect(project().title).toBe('Pilot');

    await user.clear(title);
    await user.type(title, 'Never kept{Escape}');
    expect(title.value).toBe('Pilot');
    expect(project().title).toBe('Pilot');
  });
});
