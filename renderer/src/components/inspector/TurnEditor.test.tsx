import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { endMedia, mediaPlays, waveSurfers } from '../../testing/dom-stubs';
import { openStudio, renderAllTurns, type Harness } from '../../testing/studio-harness';
import { TurnEditor } from './TurnEditor';

/** The sample episode rendered, then turn 3 edited and rendered again: it has a take and one earlier take. */
async function turnWithHistory(): Promise<Harness & { first: string; second: string }> {
  const harness = await openStudio();
  const { studio, project } = harness;
  await renderAllTurns(studio);
  const first = project().segments[2]!.take!.hash;
  studio.commands.setText('s3', 'Shall we start, then?');
  await renderAllTurns(studio);
  const second = project().segments[2]!.take!.hash;
  studio.ui.setState({ selectedSegmentId: 's3' });
  return { ...harness, first, second };
}

describe('TurnEditor (the inspector)', () => {
  it('locks and unlocks the take: a locked turn keeps its text and cannot be regenerated', async () => {
    const { show, project, user } = await openStudio();
    await show(<TurnEditor />);
    const lock = screen.getByTestId('turn-lock');
    expect(lock.getAttribute('aria-pressed')).toBe('false');
    expect(lock.textContent).toContain('Lock take');

    await user.click(lock);
    expect(project().segments[0]!.locked).toBe(true);
    expect(lock.getAttribute('aria-pressed')).toBe('true');
    expect(lock.textContent).toContain('Locked');
    expect(screen.getByTestId('turn-editor-status').textContent).toBe('locked');
    expect(screen.getByTestId('locked-hint')).toBeTruthy();
    expect(screen.getByTestId<HTMLTextAreaElement>('turn-text').readOnly).toBe(true);
    expect(screen.getByTestId<HTMLButtonElement>('turn-regenerate').disabled).toBe(true);

    await user.click(lock);
    expect(project().segments[0]!.locked).toBe(false);
    expect(screen.getByTestId<HTMLTextAreaElement>('turn-text').readOnly).toBe(false);
  });

  it('offers no lock for a turn without a take', async () => {
    const { show, studio } = await openStudio();
    studio.ui.setState({ selectedSegmentId: 's3' });
    await show(<TurnEditor />);
    expect(screen.getByTestId<HTMLButtonElement>('turn-lock').disabled).toBe(true);
    expect(screen.getByTestId('waveform-empty')).toBeTruthy();
  });

  it('deletes the turn (undoably) and shows the next one', async () => {
    const { show, project, studio, user } = await openStudio();
    studio.ui.setState({ selectedSegmentId: 's2' });
    await show(<TurnEditor />);
    expect(screen.getByTestId('turn-editor').dataset.segmentId).toBe('s2');

    await user.click(screen.getByTestId('turn-delete'));
    expect(project().segments.map((s) => s.id)).toEqual(['s1', 's3']);
    const editor = screen.getByTestId('turn-editor');
    expect(editor.dataset.segmentId).not.toBe('s2');
    expect(editor.textContent).toContain('of 2');

    act(() => void studio.commands.undo());
    expect(project().segments.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
  });

  it('lists earlier takes with the words they were made from, and restores one with its text', async () => {
    const { show, project, user, first, second } = await turnWithHistory();
    await show(<TurnEditor />);
    const items = screen.getAllByTestId('take-history-item');
    expect(items.map((item) => item.dataset.hash)).toEqual([first]);
    expect(items[0]!.textContent).toContain('#1');
    expect(items[0]!.textContent).toContain('“Shall we begin?”');

    await user.click(within(items[0]!).getByTestId('take-restore'));
    const segment = project().segments[2]!;
    expect(segment.take?.hash).toBe(first);
    expect(segment.text).toBe('Shall we begin?');
    expect(segment.takeHistory.map((t) => t.hash)).toEqual([second]);
    expect(screen.getByTestId<HTMLTextAreaElement>('turn-text').value).toBe('Shall we begin?');
  });

  it('compares the current take with an earlier one (A then B) and keeps B on request', async () => {
    const { show, project, user, first, second } = await turnWithHistory();
    await show(<TurnEditor />);
    await user.click(screen.getByRole('button', { name: 'Compare the current take with take #1' }));

    const phase = await screen.findByTestId('ab-phase');
    await waitFor(() => expect(phase.textContent).toBe('Playing A: the current take'));
    const abPlays = () => mediaPlays().filter((p) => p.src.startsWith('fake://take/'));
    await waitFor(() => expect(abPlays().map((p) => p.src)).toEqual([`fake://take/${second}`]));

    act(() => endMedia(abPlays()[0]!.element));
    await waitFor(() => expect(phase.textContent).toBe('Playing B: take #1'));
    expect(abPlays().map((p) => p.src)).toEqual([`fake://take/${second}`, `fake://take/${first}`]);

    act(() => endMedia(abPlays()[1]!.element));
    await waitFor(() => expect(phase.textContent).toBe('A: the current take · B: take #1'));

    await user.click(screen.getByTestId('ab-keep-b'));
    expect(project().segments[2]!.take?.hash).toBe(first);
    expect(screen.queryByTestId('ab-compare')).toBeNull();
  });

  it('switches from A to B at once while A plays', async () => {
    const { show, user, first } = await turnWithHistory();
    await show(<TurnEditor />);
    await user.click(screen.getByRole('button', { name: 'Compare the current take with take #1' }));
    const phase = await screen.findByTestId('ab-phase');
    await waitFor(() => expect(phase.textContent).toBe('Playing A: the current take'));
    const toggle = screen.getByTestId('ab-toggle');
    expect(toggle.textContent).toBe('Switch to B');

    await user.click(toggle);
    await waitFor(() => expect(phase.textContent).toBe('Playing B: take #1'));
    expect(mediaPlays().at(-1)?.src).toBe(`fake://take/${first}`);
  });

  it('Keep A ends the comparison and keeps the current take', async () => {
    const { show, project, user, second } = await turnWithHistory();
    await show(<TurnEditor />);
    await user.click(screen.getByRole('button', { name: 'Compare the current take with take #1' }));
    await user.click(await screen.findByTestId('ab-keep-a'));
    expect(screen.queryByTestId('ab-compare')).toBeNull();
    expect(project().segments[2]!.take?.hash).toBe(second);
  });

  it('draws the current take from the host peaks and scrubbing moves the playhead', async () => {
    const { show, studio, project } = await turnWithHistory();
    await show(<TurnEditor />);
    await waitFor(() => expect(screen.getByTestId('waveform').dataset.state).toBe('ready'));
    const surfer = waveSurfers().at(-1)!;
    expect(surfer.options.url).toBe(`fake://take/${project().segments[2]!.take!.hash}`);
    expect((surfer.options.peaks as number[][])[0]!.length).toBeGreaterThan(0);

    act(() => surfer.emit('interaction', 0.5));
    const startsAt = studio.playback.store.getState().positionMs;
    expect(startsAt).toBeGreaterThan(500);
    fireEvent.click(screen.getByTestId('waveform-play'));
    expect(surfer.playing).toBe(true);
  });
});
