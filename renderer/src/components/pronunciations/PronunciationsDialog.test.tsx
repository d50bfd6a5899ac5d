import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useUi } from '../../app/studio-context';
import { openStudio } from '../../testing/studio-harness';
import { PronunciationsDialog } from './PronunciationsDialog';

/** The dialog where the editor puts it: shown while it is open. */
function WhenOpen() {
  return useUi((s) => s.dialog) === 'pronunciations' ? <PronunciationsDialog /> : null;
}

/** The Written and Say-as fields of row `n` (0-based). */
function fields(n: number) {
  return {
    word: screen.getAllByTestId<HTMLInputElement>('pronunciation-word')[n]!,
    sayAs: screen.getAllByTestId<HTMLInputElement>('pronunciation-say-as')[n]!,
  };
}

async function openDialog() {
  const harness = await openStudio();
  harness.studio.ui.setState({ dialog: 'pronunciations' });
  await harness.show(<WhenOpen />);
  return harness;
}

describe('PronunciationsDialog', () => {
  it('says which turns an entry changes before it is applied, then applies the list in one undo step', async () => {
    const { user, project, studio } = await openDialog();
    const summary = screen.getByTestId('pronunciations-summary');
    expect(summary.textContent).toBe('No turn is said differently.');

    expect(fields(0).word.getAttribute('aria-label')).toBe('Written, the new entry');
    await user.type(fields(0).word, 'Ada');
    await user.type(fields(0).sayAs, 'Ay-da');
    expect(fields(0).word.getAttribute('aria-label')).toBe('Written, entry 1');
    // "Hi, Ada." (turn 2, rendered) is said differently and renders again.
    expect(summary.textContent).toBe('1 turn said differently.');
    const apply = screen.getByTestId('pronunciations-apply');
    expect(apply.textContent).toBe('Apply — 1 turn will render again');

    await user.click(apply);
    expect(project().settings.pronunciations).toEqual([{ word: 'Ada', sayAs: 'Ay-da' }]);
    expect(screen.queryByTestId('pronunciations-dialog')).toBeNull();
    expect(await screen.findByText('Pronunciations applied: 1 turn said differently.')).toBeTruthy();

    act(() => void studio.commands.undo());
    expect(project().settings.pronunciations).toEqual([]);
  });

  it('marks a word listed twice and applies nothing until it is fixed', async () => {
    const { user } = await openDialog();
    await user.type(fields(0).word, 'Ada');
    await user.type(fields(0).sayAs, 'Ay-da');
    await user.click(screen.getByTestId('pronunciation-add'));
    await user.type(fields(1).word, 'Ada');
    await user.type(fields(1).sayAs, 'Ah-da');
    await user.click(screen.getByTestId('pronunciations-summary'));

    expect(screen.getByTestId('pronunciation-problem').textContent).toMatch(/Ada/);
    expect(screen.getByTestId('pronunciations-summary').textContent).toBe(
      'Fix the marked rows to apply the list.',
    );
    expect(screen.getByTestId<HTMLButtonElement>('pronunciations-apply').disabled).toBe(true);
  });

  it('Cancel drops the draft and leaves the list as it was', async () => {
    const { user, project } = await openDialog();
    await user.type(fields(0).word, 'Bo');
    await user.type(fields(0).sayAs, 'Boh');
    await user.click(screen.getByTestId('pronunciations-cancel'));
    expect(screen.queryByTestId('pronunciations-dialog')).toBeNull();
    expect(project().settings.pronunciations).toEqual([]);
  });
});
