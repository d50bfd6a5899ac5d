import { describe, expect, it } from 'vitest';
import { sampleProject, take } from '../state/test-fixtures';
import {
  GAP_HANDLE_PX,
  RULER_HEIGHT_PX,
  LANE_HEIGHT_PX,
  hitTest,
  visibleClips,
  zoomAround,
} from './timeline-geometry';
import { computeLayout, turnAtTime, visibleRange } from './timeline-layout';

describe('timeline layout', () => {
  it('places turns one after another with their gaps, estimating unrendered ones', () => {
    const project = sampleProject(); // s1: 2 s take, gap 0; s2: 1 s take, gap 300; s3: no take, gap 300
    const layout = computeLayout(project);
    expect(Array.from(layout.startMs)).toEqual([0, 2300, 3600]);
    expect(Array.from(layout.durationMs.slice(0, 2))).toEqual([2000, 1000]);
    expect(Array.from(layout.estimated)).toEqual([0, 0, 1]);
    expect(layout.durationMs[2]).toBeGreaterThan(0);
    expect(Array.from(layout.lane)).toEqual([0, 1, 0]);
    expect(layout.totalMs).toBeCloseTo(3600 + layout.durationMs[2]!);
    expect(computeLayout(project)).toBe(layout); // cached per document
  });

  it('finds the turns in a time window and at a time (gaps belong to the next turn)', () => {
    const layout = computeLayout(sampleProject());
    expect(visibleRange(layout, 0, 100)).toEqual([0, 1]);
    expect(visibleRange(layout, 2100, 2400)).toEqual([1, 2]);
    expect(visibleRange(layout, 0, 1e9)).toEqual([0, 3]);
    expect(turnAtTime(layout, 1999)).toBe(0);
    expect(turnAtTime(layout, 2100)).toBe(1);
    expect(turnAtTime(layout, 1e9)).toBe(-1);
  });

  it('hit-tests clips, their trim handles (rendered) or gap handle (not), the ruler and empty lanes', () => {
    const project = sampleProject();
    project.segments[1] = { ...project.segments[1]!, take: take('bb02', 4) };
    const layout = computeLayout(project);
    const view = { pxPerSecond: 100, scrollMs: 0, widthPx: 1000 };
    const laneY = (lane: number) => RULER_HEIGHT_PX + lane * LANE_HEIGHT_PX + LANE_HEIGHT_PX / 2;
    expect(hitTest(layout, view, 50, 5)).toMatchObject({ kind: 'ruler', atMs: 500 });
    expect(hitTest(layout, view, 100, laneY(0))).toMatchObject({ kind: 'clip', index: 0 });
    expect(hitTest(layout, view, 230 + GAP_HANDLE_PX - 1, laneY(1))).toMatchObject({
      kind: 'trim-start',
      index: 1,
    });
    expect(hitTest(layout, view, 630 - GAP_HANDLE_PX + 1, laneY(1))).toMatchObject({
      kind: 'trim-end',
      index: 1,
    });
    // s3 has no take yet: its left edge changes its gap, its right edge is just the clip.
    const s3x = layout.startMs[2]! / 10;
    const s3end = s3x + layout.durationMs[2]! / 10;
    expect(hitTest(layout, view, s3x + 2, laneY(0))).toMatchObject({ kind: 'gap-handle', index: 2 });
    expect(hitTest(layout, view, s3end - 2, laneY(0))).toMatchObject({ kind: 'clip', index: 2 });
    expect(hitTest(layout, view, 400, laneY(1))).toMatchObject({ kind: 'clip', index: 1 });
    expect(hitTest(layout, view, 400, laneY(0))).toMatchObject({ kind: 'empty' });
    expect(visibleClips(layout, { ...view, widthPx: 100 }).map((c) => c.index)).toEqual([0]);
  });

  it('zooms around the pointer', () => {
    const view = { pxPerSecond: 100, scrollMs: 1000, widthPx: 1000 };
    const zoomed = zoomAround(view, 200, 500);
    // The time under x = 500 (6000 ms) stays under x = 500.
    expect(zoomed.scrollMs + (500 * 1000) / zoomed.pxPerSecond).toBeCloseTo(6000);
  });
});
