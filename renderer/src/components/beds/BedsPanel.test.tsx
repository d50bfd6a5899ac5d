import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Bed } from '../../../../shared/model/beds';
import { ProjectSchema, type Project } from '../../../../shared/model/project';
import { newBed } from '../../state/bed-edits';
import { COALESCE_WINDOW_MS } from '../../state/history';
import { sampleProject } from '../../state/test-fixtures';
import { openStudio, PROJECT_DIR } from '../../testing/studio-harness';
import { formatClock } from '../../util/format';
import { BedsPanel } from './BedsPanel';

/** A 20-second stereo bed as the fake host imports it, with the app's defaults for a new bed. */
function bed(id: string, extra: Partial<Bed> = {}): Bed {
  const audio: Bed['audio'] = {
    hash: 'ab'.repeat(32),
    sampleRate: 44_100,
    channels: 2,
    durationSamples: 44_100 * 20,
    fileName: `${id}.wav`,
  };
  return { ...newBed(id, audio), ...extra };
}

function withBeds(...beds: Bed[]): Project {
  return { ...sampleProject(), beds };
}

/**
 * The panel with the first bed selected, on a clock that moves only when told: keystrokes in one field fall
 * in one undo window, and `later()` is the producer pausing before the next edit.
 */
async function bedStudio(project: Project) {
  let clock = 1_000_000;
  const harness = await openStudio({ project, now: () => clock });
  harness.studio.ui.setState({ selectedBedId: project.beds?.[0]?.id ?? null });
  await harness.show(<BedsPanel />);
  const later = () => {
    clock += COALESCE_WINDOW_MS + 1;
  };
  const undo = (times = 1) => {
    for (let i = 0; i < times; i++) act(() => void harness.studio.commands.undo());
  };
  return { ...harness, later, undo };
}

const field = (testId: string) => screen.getByTestId<HTMLInputElement>(testId);

describe('BedsPanel', () => {
  it('imports a file as a bed from the episode start, selects it and undoes the import in one step', async () => {
    const { show, project, studio, api, user } = await openStudio();
    await show(<BedsPanel />);
    expect(screen.getByTestId('beds-panel').textContent).toContain('No beds yet');
    expect(screen.queryByTestId('bed-editor')).toBeNull();

    await user.upload(field('bed-file'), new File([new Uint8Array([1, 2, 3])], 'intro.wav'));
    await waitFor(() => expect(project().beds).toHaveLength(1));
    const imported = project().beds![0]!;
    expect(imported.audio.fileName).toBe('intro.wav');
    expect(imported.anchor).toEqual({ kind: 'start' });
    expect(api.calls.find((c) => c.method === 'importBed')?.input).toEqual({
      dir: PROJECT_DIR,
      fileName: 'intro.wav',
      dataBase64: 'AQID',
    });
    const editor = screen.getByTestId('bed-editor');
    expect(editor.textContent).toContain('intro.wav');
    expect(editor.textContent).toContain('20.0 s · stereo');
    expect(screen.getAllByTestId('bed-clip')).toHaveLength(1);
    expect(screen.getByTestId('bed-clip').getAttribute('aria-label')).toBe('intro.wav from 0:00.0');
    expect(screen.getByTestId<HTMLButtonElement>('bed-import').disabled).toBe(false);

    act(() => void studio.commands.undo());
    expect(project().beds).toBeUndefined();
    expect(screen.getByTestId('beds-panel').textContent).toContain('No beds yet');
  });

  it('says why an import failed, with what to do about it, and adds nothing', async () => {
    const { show, project, user } = await openStudio({
      api: {
        failures: {
          importBed: {
            code: 'bed-unreadable',
            message: 'broken.wav is not audio Roundtable can read.',
            hint: 'Import a WAV, MP3 or FLAC file.',
          },
        },
      },
    });
    await show(<BedsPanel />);
    await user.upload(field('bed-file'), new File(['hello'], 'broken.wav'));
    const toast = await screen.findByTestId('toast');
    expect(toast.textContent).toContain('broken.wav is not audio Roundtable can read.');
    expect(toast.textContent).toContain('Import a WAV, MP3 or FLAC file.');
    expect(project().beds).toBeUndefined();
    expect(screen.getByTestId<HTMLButtonElement>('bed-import').textContent).toBe('Import bed…');
  });

  it('starts a bed at a turn or at the end of the speech, one undo step each', async () => {
    const { project, user, later, undo } = await bedStudio(withBeds(bed('music')));
    const anchor = screen.getByTestId<HTMLSelectElement>('bed-anchor');
    expect(Array.from(anchor.options, (o) => o.textContent)).toEqual([
      'Episode start',
      'Speech end (outro)',
      'Turn 1: Hello there.',
      'Turn 2: Hi, Ada.',
      'Turn 3: Shall we begin?',
    ]);

    await user.selectOptions(anchor, 'turn:s2');
    expect(project().beds![0]!.anchor).toEqual({ kind: 'turn', segmentId: 's2' });
    later();
    await user.selectOptions(anchor, 'end');
    expect(project().beds![0]!.anchor).toEqual({ kind: 'end' });
    expect(anchor.value).toBe('end');

    undo();
    expect(project().beds![0]!.anchor).toEqual({ kind: 'turn', segmentId: 's2' });
    expect(anchor.value).toBe('turn:s2');
    undo();
    expect(project().beds![0]!.anchor).toEqual({ kind: 'start' });
  });

  it('sets offset, loop, length, fades and level; typing one field is one undo step', async () => {
    const { project, user, later, undo } = await bedStudio(withBeds(bed('music')));
    await user.clear(field('bed-offset'));
    await user.type(field('bed-offset'), '2500');
    expect(project().beds![0]!.offsetMs).toBe(2500);
    expect(screen.getByTestId('bed-clip').getAttribute('aria-label')).toBe('music.wav from 0:02.5');

    later();
    await user.click(field('bed-loop'));
    expect(project().beds![0]!.loop).toBe(true);
    expect(screen.getByTestId('bed-editor').textContent).toContain('Loop to the end of the speech');

    later();
    fireEvent.change(field('bed-length'), { target: { value: '30000' } });
    expect(project().beds![0]!.durationMs).toBe(30_000);
    expect(screen.getByTestId('bed-editor').textContent).not.toContain('Loop to the end');
    later();
    fireEvent.change(field('bed-fade-in'), { target: { value: '1500' } });
    later();
    fireEvent.change(field('bed-fade-out'), { target: { value: '4000' } });
    later();
    fireEvent.change(field('bed-gain'), { target: { value: '-12.5' } });
    expect(project().beds![0]).toMatchObject({
      loop: true,
      durationMs: 30_000,
      fadeInMs: 1500,
      fadeOutMs: 4000,
      gainDb: -12.5,
    });

    // Length 0 is "the whole file": the field leaves the project rather than being kept as 0.
    later();
    fireEvent.change(field('bed-length'), { target: { value: '0' } });
    expect('durationMs' in project().beds![0]!).toBe(false);

    undo();
    expect(project().beds![0]!.durationMs).toBe(30_000);
    undo(5);
    expect(project().beds![0]).toEqual(bed('music', { offsetMs: 2500 }));
    expect(Number(field('bed-offset').value)).toBe(2500);
    // The whole typed offset goes in one step.
    undo();
    expect(project().beds![0]).toEqual(bed('music'));
    expect(field('bed-offset').value).toBe('0');
  });

  it('turns ducking off and on and sets its depth and ramps', async () => {
    const { project, user, later, undo } = await bedStudio(withBeds(bed('music')));
    fireEvent.change(field('bed-duck-depth'), { target: { value: '-24' } });
    fireEvent.change(field('bed-duck-attack'), { target: { value: '150' } });
    fireEvent.change(field('bed-duck-release'), { target: { value: '2000' } });
    expect(project().beds![0]!.duck).toEqual({ depthDb: -24, attackMs: 150, releaseMs: 2000 });

    later();
    await user.click(field('bed-duck'));
    expect('duck' in project().beds![0]!).toBe(false);
    expect(screen.queryByTestId('bed-duck-depth')).toBeNull();
    undo();
    expect(project().beds![0]!.duck).toEqual({ depthDb: -24, attackMs: 150, releaseMs: 2000 });
    expect(field('bed-duck-depth').value).toBe('-24');

    later();
    await user.click(field('bed-duck'));
    later();
    await user.click(field('bed-duck'));
    expect(project().beds![0]!.duck).toEqual({ depthDb: -15, attackMs: 300, releaseMs: 800 });
    expect(field('bed-duck-release').value).toBe('800');
  });

  it('records the licence as typed (one undo step) and drops it when cleared', async () => {
    const { project, user, later, undo } = await bedStudio(withBeds(bed('music')));
    await user.type(field('bed-license'), 'CC BY 4.0, Kai – Waves');
    expect(project().beds![0]!.license).toBe('CC BY 4.0, Kai – Waves');

    later();
    await user.clear(field('bed-license'));
    expect('license' in project().beds![0]!).toBe(false);

    undo();
    expect(project().beds![0]!.license).toBe('CC BY 4.0, Kai – Waves');
    undo();
    expect('license' in project().beds![0]!).toBe(false);
    expect(field('bed-license').value).toBe('');
  });

  it('keeps values inside what a bed can have, so the project still saves', async () => {
    const { project } = await bedStudio(withBeds(bed('music')));
    fireEvent.change(field('bed-gain'), { target: { value: '30' } });
    expect(project().beds![0]!.gainDb).toBe(12);
    expect(field('bed-gain').value).toBe('12');
    fireEvent.change(field('bed-fade-in'), { target: { value: '-500' } });
    expect(project().beds![0]!.fadeInMs).toBe(0);
    fireEvent.change(field('bed-duck-attack'), { target: { value: '99999' } });
    expect(project().beds![0]!.duck?.attackMs).toBe(10_000);
    // Fractions of a millisecond: the project keeps whole milliseconds (the host refuses to save others).
    fireEvent.change(field('bed-offset'), { target: { value: '1250.6' } });
    fireEvent.change(field('bed-fade-out'), { target: { value: '999.5' } });
    fireEvent.change(field('bed-length'), { target: { value: '0.4' } });
    fireEvent.change(field('bed-duck-release'), { target: { value: '80.2' } });
    expect(project().beds![0]).toMatchObject({
      offsetMs: 1251,
      fadeOutMs: 1000,
      duck: { releaseMs: 80 },
    });
    expect('durationMs' in project().beds![0]!).toBe(false);
    expect(ProjectSchema.safeParse(project()).success).toBe(true);
  });

  it('removes the bed (undoably) and shows the empty lane again', async () => {
    const { project, user, undo } = await bedStudio(withBeds(bed('music')));
    await user.click(screen.getByTestId('bed-remove'));
    expect(project().beds).toBeUndefined();
    expect(screen.queryByTestId('bed-editor')).toBeNull();
    expect(screen.getByTestId('beds-panel').textContent).toContain('No beds yet');

    undo();
    expect(project().beds).toEqual([bed('music')]);
    // The bed comes back on the lane; it is selected again from its clip.
    await user.click(screen.getByTestId('bed-clip'));
    expect(screen.getByTestId('bed-editor').textContent).toContain('music.wav');
  });

  it('moves a bed whose turn was deleted to the next turn and says so', async () => {
    const { project, studio, undo } = await bedStudio(
      withBeds(bed('sting', { anchor: { kind: 'turn', segmentId: 's2' }, offsetMs: 200 })),
    );
    act(() => void studio.commands.delete('s2'));
    expect(project().beds![0]!.anchor).toEqual({ kind: 'turn', segmentId: 's3' });
    const toast = screen.getByTestId('toast');
    expect(toast.textContent).toContain(
      'The bed “sting.wav” started at the deleted turn: it now starts at turn 2.',
    );
    expect(toast.textContent).toContain('Undo (Ctrl+Z) brings the turn back');
    expect(screen.getByTestId<HTMLSelectElement>('bed-anchor').value).toBe('turn:s3');
    expect(screen.queryByRole('alert')).toBeNull();

    undo();
    expect(project().beds![0]!.anchor).toEqual({ kind: 'turn', segmentId: 's2' });
    expect(project().segments.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
  });

  it('says to place again a bed whose turn is missing from the project file, and lets it be placed', async () => {
    const { project, user } = await bedStudio(
      withBeds(bed('sting', { anchor: { kind: 'turn', segmentId: 'gone' } })),
    );
    expect(screen.getByRole('alert').textContent).toBe(
      'the bed "sting.wav" starts at a turn that is no longer in the project (gone): place it again',
    );
    await user.selectOptions(screen.getByTestId('bed-anchor'), 'turn:s1');
    expect(project().beds![0]!.anchor).toEqual({ kind: 'turn', segmentId: 's1' });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getAllByTestId('bed-clip')).toHaveLength(1);
  });
});

describe('BedLane', () => {
  it('drags a clip sideways to move its bed: whole milliseconds, one undo step per drag', async () => {
    const { project, undo } = await bedStudio(
      withBeds(bed('music'), bed('outro', { anchor: { kind: 'end' } })),
    );
    const clips = screen.getAllByTestId('bed-clip');
    const music = clips[0]!;
    // The lane is 1000 px wide: each pixel is a thousandth of the programme.
    Object.defineProperty(music.parentElement!, 'clientWidth', { value: 1000 });

    fireEvent.pointerDown(music, { pointerId: 1, clientX: 100 });
    fireEvent.pointerMove(music, { pointerId: 1, clientX: 150 });
    const first = project().beds![0]!.offsetMs;
    fireEvent.pointerMove(music, { pointerId: 1, clientX: 200 });
    const moved = project().beds![0]!.offsetMs;
    expect(first).toBeGreaterThan(0);
    expect(Math.abs(moved - 2 * first)).toBeLessThanOrEqual(1);
    expect(Number.isInteger(moved)).toBe(true);
    expect(screen.getByTestId('bed-drag-at').textContent).toBe(formatClock(moved));
    expect(field('bed-offset').value).toBe(String(moved));
    fireEvent.pointerUp(music, { pointerId: 1, clientX: 200 });
    expect(screen.queryByTestId('bed-drag-at')).toBeNull();
    // The outro did not move.
    expect(project().beds![1]!.offsetMs).toBe(0);

    undo();
    expect(project().beds![0]!.offsetMs).toBe(0);
    expect(within(screen.getByTestId('bed-lane')).getAllByTestId('bed-clip')).toHaveLength(2);
  });
});
