import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { signedGapMs } from '../../../../shared/model/clip';
import { openStudio, type Harness } from '../../testing/studio-harness';
import { clipRect, RULER_HEIGHT_PX, type Viewport } from '../../timeline/timeline-geometry';
import { computeLayout } from '../../timeline/timeline-layout';
import { TimelineView } from './TimelineView';

/**
 * The timeline of the sample episode (turns 1 and 2 rendered, turn 3 not), scrolled to its start. The canvas
 * sits at the page's origin here (happy-dom lays nothing out), so a pointer's client x/y is its canvas x/y.
 */
async function timeline() {
  const harness = await openStudio();
  await harness.show(<TimelineView />);
  const canvas = screen.getByTestId('timeline-canvas');
  const pxPerSecond = harness.studio.ui.getState().pxPerSecond;
  const view: Viewport = { pxPerSecond, scrollMs: 0, widthPx: 800 };
  return { ...harness, canvas, pxPerSecond, view };
}

/** The middle of turn `index`'s clip, in canvas px. */
function clipMiddle({ project, view }: Pick<Harness, 'project'> & { view: Viewport }, index: number) {
  const rect = clipRect(computeLayout(project()), index, view);
  return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
}

const at = (x: number, y: number, extra: Record<string, unknown> = {}) => ({
  button: 0,
  pointerId: 1,
  clientX: x,
  clientY: y,
  ...extra,
});

const dragLabel = () => screen.queryByTestId('timeline-drag-label')?.textContent ?? null;

describe('TimelineView pointer', () => {
  it('drags a clip to change the gap before it: a preview while dragging, one undo step on letting go', async () => {
    const t = await timeline();
    const { canvas, project, studio, pxPerSecond } = t;
    const { x, y } = clipMiddle(t, 2);
    const expected = Math.round((300 + (60 * 1000) / pxPerSecond) / 10) * 10;

    fireEvent.pointerDown(canvas, at(x, y));
    expect(studio.ui.getState().selectedSegmentId).toBe('s3');
    fireEvent.pointerMove(canvas, at(x + 30, y));
    fireEvent.pointerMove(canvas, at(x + 60, y));
    expect(dragLabel()).toBe(`Gap ${expected} ms`);
    // Only a preview until the pointer lets go.
    expect(project().segments[2]!.gapBeforeMs).toBe(300);

    fireEvent.pointerUp(canvas, at(x + 60, y));
    expect(dragLabel()).toBeNull();
    expect(project().segments[2]!.gapBeforeMs).toBe(expected);
    expect(project().segments[1]!.gapBeforeMs).toBe(300);

    act(() => void studio.commands.undo());
    expect(project().segments[2]!.gapBeforeMs).toBe(300);
  });

  it('drags a clip left past the turn before it into an overlap', async () => {
    const t = await timeline();
    const { canvas, project, pxPerSecond } = t;
    const { x, y } = clipMiddle(t, 1);
    // 300 ms back to the end of turn 1, then 500 ms more.
    const dx = -((800 * pxPerSecond) / 1000);
    fireEvent.pointerDown(canvas, at(x, y));
    fireEvent.pointerMove(canvas, at(x + dx, y));
    expect(dragLabel()).toBe('Overlap 500 ms');
    fireEvent.pointerUp(canvas, at(x + dx, y));
    expect(signedGapMs(project().segments[1]!)).toBe(-500);
  });

  it('drops a drag on Escape and leaves the gap as it was', async () => {
    const t = await timeline();
    const { canvas, project, studio } = t;
    const { x, y } = clipMiddle(t, 2);
    fireEvent.pointerDown(canvas, at(x, y));
    fireEvent.pointerMove(canvas, at(x + 80, y));
    expect(dragLabel()).toMatch(/^Gap \d+ ms$/);
    fireEvent.keyDown(canvas, { key: 'Escape' });
    expect(dragLabel()).toBeNull();
    fireEvent.pointerUp(canvas, at(x + 80, y));
    expect(project().segments[2]!.gapBeforeMs).toBe(300);
    expect(studio.commands.undo()).toBe(false);
  });

  it('a press that does not move only selects the clip', async () => {
    const t = await timeline();
    const { canvas, project, studio } = t;
    const { x, y } = clipMiddle(t, 1);
    fireEvent.pointerDown(canvas, at(x, y));
    fireEvent.pointerMove(canvas, at(x + 1, y));
    fireEvent.pointerUp(canvas, at(x + 1, y));
    expect(studio.ui.getState().selectedSegmentId).toBe('s2');
    expect(dragLabel()).toBeNull();
    expect(project().segments[1]!.gapBeforeMs).toBe(300);
  });

  it("drags a rendered clip's end edge to trim its take, in one undo step", async () => {
    const t = await timeline();
    const { canvas, project, studio, pxPerSecond } = t;
    const rect = clipRect(computeLayout(project()), 0, t.view);
    const y = rect.y + rect.height / 2;
    const end = rect.x + rect.width;
    // 400 ms in from the end of turn 1's 2 s take.
    const dx = -((400 * pxPerSecond) / 1000);
    fireEvent.pointerDown(canvas, at(end, y));
    fireEvent.pointerMove(canvas, at(end + dx, y));
    expect(dragLabel()).toBe('Trim out 400 ms');
    expect(project().segments[0]!.trimEndMs).toBeUndefined();
    fireEvent.pointerUp(canvas, at(end + dx, y));
    expect(project().segments[0]!.trimEndMs).toBe(400);
    expect(project().segments[0]!.take?.hash).toBe('aa01'.padEnd(16, '0'));

    act(() => void studio.commands.undo());
    expect(project().segments[0]!.trimEndMs ?? 0).toBe(0);
  });

  it('Shift+drag on the ruler sets the loop range; Shift+click clears it', async () => {
    const { canvas, studio, pxPerSecond } = await timeline();
    const loop = screen.getByTestId('loop-toggle');
    expect(loop.textContent).toContain('Loop turn');
    const y = RULER_HEIGHT_PX / 2;

    fireEvent.pointerDown(canvas, at(100, y, { shiftKey: true }));
    fireEvent.pointerMove(canvas, at(220, y, { shiftKey: true }));
    fireEvent.pointerMove(canvas, at(300, y, { shiftKey: true }));
    fireEvent.pointerUp(canvas, at(300, y, { shiftKey: true }));
    expect(studio.playback.store.getState().loopRange).toEqual({
      fromMs: Math.round((100 * 1000) / pxPerSecond),
      toMs: Math.round((300 * 1000) / pxPerSecond),
    });
    expect(loop.textContent).toContain('Loop range');

    fireEvent.pointerDown(canvas, at(150, y, { shiftKey: true }));
    fireEvent.pointerUp(canvas, at(150, y, { shiftKey: true }));
    expect(studio.playback.store.getState().loopRange).toBeNull();
    expect(loop.textContent).toContain('Loop turn');
  });

  it('a click or drag on the ruler without Shift moves the playhead and sets no loop', async () => {
    const { canvas, studio, pxPerSecond } = await timeline();
    const y = RULER_HEIGHT_PX / 2;
    fireEvent.pointerDown(canvas, at(200, y));
    expect(studio.playback.store.getState().positionMs).toBeCloseTo((200 * 1000) / pxPerSecond, 0);
    fireEvent.pointerMove(canvas, at(120, y));
    fireEvent.pointerUp(canvas, at(120, y));
    expect(studio.playback.store.getState().positionMs).toBeCloseTo((120 * 1000) / pxPerSecond, 0);
    expect(studio.playback.store.getState().loopRange).toBeNull();
  });
});
