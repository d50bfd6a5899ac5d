import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { sampleProject } from '../../state/test-fixtures';
import { computeLayout } from '../../timeline/timeline-layout';
import { openStudio } from '../../testing/studio-harness';
import { ChaptersPanel } from './ChaptersPanel';

describe('ChaptersPanel', () => {
  it('lists chapters in script order and a click selects the first turn and moves the playhead there', async () => {
    const project = sampleProject();
    // Listed out of order in the file: the panel follows the turns.
    project.chapters = [
      { id: 'c2', title: 'The question', startSegmentId: 's3' },
      { id: 'c1', title: 'Intro', startSegmentId: 's1' },
    ];
    const { show, studio, user } = await openStudio({ project });
    await show(<ChaptersPanel />);
    const chapters = screen.getAllByTestId('chapter');
    expect(chapters.map((c) => c.querySelector('.chapter__title')?.textContent)).toEqual([
      'Intro',
      'The question',
    ]);

    await user.click(chapters[1]!);
    expect(studio.ui.getState().selectedSegmentId).toBe('s3');
    // The chapter starts where the pause before its first turn starts.
    const turnStartsAt = computeLayout(project).startMs[2]!;
    expect(studio.playback.store.getState().positionMs).toBe(turnStartsAt - project.segments[2]!.gapBeforeMs);
  });

  it('follows edits: a chapter started at a turn appears, and says how when there is none', async () => {
    const project = sampleProject();
    project.chapters = [];
    const { show, studio } = await openStudio({ project });
    await show(<ChaptersPanel />);
    expect(screen.getByTestId('chapters-panel').textContent).toContain('Start a chapter here');

    act(() => void studio.commands.setChapter('s2', 'Replies'));
    expect(screen.getAllByTestId('chapter').map((c) => c.textContent)).toEqual([
      expect.stringContaining('Replies'),
    ]);
  });
});
