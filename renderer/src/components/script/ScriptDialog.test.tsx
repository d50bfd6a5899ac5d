import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../../../shared/model/project';
import { sampleProject } from '../../state/test-fixtures';
import { openStudio } from '../../testing/studio-harness';
import { ScriptDialog } from './ScriptDialog';

/** The sample episode with speakers named Host (2 turns) and Guest (1 turn). */
function hostAndGuest(): Project {
  const project = sampleProject();
  project.speakers[0]!.name = 'Host';
  project.speakers[1]!.name = 'Guest';
  return project;
}

async function openDialog() {
  const harness = await openStudio({ project: hostAndGuest() });
  harness.studio.ui.setState({ dialog: 'script' });
  await harness.show(<ScriptDialog />);
  return harness;
}

describe('ScriptDialog (the script editor)', () => {
  it('turns a typed script into turns of the project, one undo step', async () => {
    const { user, project, studio } = await openDialog();
    await user.click(screen.getByTestId('script-input'));
    await user.paste('Host: Welcome back.\nGuest: Glad to be here.\n# Part two\nHost: Let us start.');

    expect(await screen.findByTestId('script-summary')).toHaveProperty(
      'textContent',
      '3 turns · 2 speakers · 1 chapter',
    );
    expect(screen.getByTestId('diagnostics').textContent).toContain('Every line of the script is understood');
    const add = screen.getByTestId('script-add');
    expect(add.textContent).toBe('Add 3 turns');
    await user.click(add);

    const segments = project().segments;
    expect(segments).toHaveLength(6);
    const names = new Map(project().speakers.map((s) => [s.id, s.name]));
    expect(segments.slice(3).map((s) => [names.get(s.speakerId), s.text])).toEqual([
      ['Host', 'Welcome back.'],
      ['Guest', 'Glad to be here.'],
      ['Host', 'Let us start.'],
    ]);
    // The script's names are the project's speakers: none was added.
    expect(project().speakers).toHaveLength(2);
    expect(project().chapters.map((c) => c.title)).toContain('Part two');
    expect(studio.ui.getState().dialog).toBeNull();
    expect(await screen.findByText('Added 3 turns.')).toBeTruthy();

    act(() => void studio.commands.undo());
    expect(project().segments).toHaveLength(3);
  });

  it('warns about a misspelled speaker and fixes the line in one click', async () => {
    const { user, project } = await openDialog();
    await user.click(screen.getByTestId('script-input'));
    await user.paste('Host: Welcome back.\nHots: Shall we begin?');

    const diagnostic = await screen.findByTestId('diagnostic');
    expect(diagnostic.dataset.line).toBe('2');
    expect(diagnostic.textContent).toMatch(/Hots/);
    expect(screen.getByTestId('script-summary').textContent).toContain('1 warning');
    const fix = within(diagnostic).getByTestId('diagnostic-apply');
    expect(fix.textContent).toBe('Change to Host');

    await user.click(fix);
    const input = screen.getByTestId<HTMLTextAreaElement>('script-input');
    expect(input.value).toBe('Host: Welcome back.\nHost: Shall we begin?');
    expect((await screen.findByTestId('diagnostics')).textContent).toContain(
      'Every line of the script is understood',
    );

    await user.click(screen.getByTestId('script-add'));
    expect(project().speakers.map((s) => s.name)).toEqual(['Host', 'Guest']);
    expect(
      project()
        .segments.slice(3)
        .map((s) => s.speakerId),
    ).toEqual(['a', 'a']);
  });

  it('adds nothing from an empty script, and Cancel leaves the project as it was', async () => {
    const { user, project, studio } = await openDialog();
    const add = screen.getByTestId<HTMLButtonElement>('script-add');
    expect(add.disabled).toBe(true);
    await user.click(screen.getByTestId('script-input'));
    await user.paste('Host: Never added.');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(studio.ui.getState().dialog).toBeNull();
    expect(project().segments).toHaveLength(3);
  });
});
