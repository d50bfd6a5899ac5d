/** Pixel geometry of the timeline canvas and hit testing, free of the DOM so it can be tested. */
import { endMs, visibleRange, type TimelineLayout } from './timeline-layout';

/** Time labels on the top row, chapter flags on the bottom row. */
export const RULER_HEIGHT_PX = 38;
export const LANE_HEIGHT_PX = 58;
export const CLIP_INSET_PX = 5;
/** How close to a clip's edge the pointer must be to grab its trim handle (or an unrendered clip's gap handle). */
export const GAP_HANDLE_PX = 7;

export const MIN_PX_PER_SECOND = 0.5;
export const MAX_PX_PER_SECOND = 400;
export const DEFAULT_PX_PER_SECOND = 24;

export interface Viewport {
  pxPerSecond: number;
  /** Time at the left edge of the canvas, ms. */
  scrollMs: number;
  widthPx: number;
}

export function clampZoom(pxPerSecond: number): number {
  return Math.min(MAX_PX_PER_SECOND, Math.max(MIN_PX_PER_SECOND, pxPerSecond));
}

export function msToX(ms: number, view: Viewport): number {
  return ((ms - view.scrollMs) * view.pxPerSecond) / 1000;
}

export function xToMs(x: number, view: Viewport): number {
  return view.scrollMs + (x * 1000) / view.pxPerSecond;
}

export function laneTop(lane: number): number {
  return RULER_HEIGHT_PX + lane * LANE_HEIGHT_PX;
}

export function contentHeight(laneCount: number): number {
  return RULER_HEIGHT_PX + Math.max(1, laneCount) * LANE_HEIGHT_PX;
}

export interface ClipRect {
  index: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export function clipRect(layout: TimelineLayout, index: number, view: Viewport): ClipRect {
  const x = msToX(layout.startMs[index] ?? 0, view);
  const x2 = msToX(endMs(layout, index), view);
  return {
    index,
    x,
    y: laneTop(layout.lane[index] ?? 0) + CLIP_INSET_PX,
    width: Math.max(1, x2 - x),
    height: LANE_HEIGHT_PX - CLIP_INSET_PX * 2,
  };
}

/** Clip rectangles of every turn in view (a little margin either side). */
export function visibleClips(layout: TimelineLayout, view: Viewport): ClipRect[] {
  const marginMs = (40 * 1000) / view.pxPerSecond;
  const [first, end] = visibleRange(layout, view.scrollMs - marginMs, xToMs(view.widthPx, view) + marginMs);
  const rects: ClipRect[] = [];
  for (let i = first; i < end; i++) rects.push(clipRect(layout, i, view));
  return rects;
}

export type TimelineHit =
  | { kind: 'ruler'; atMs: number }
  | { kind: 'clip'; index: number; atMs: number }
  | { kind: 'gap-handle'; index: number; atMs: number }
  | { kind: 'trim-start' | 'trim-end'; index: number; atMs: number }
  | { kind: 'empty'; atMs: number };

export function hitTest(layout: TimelineLayout, view: Viewport, x: number, y: number): TimelineHit {
  const atMs = Math.max(0, xToMs(x, view));
  if (y < RULER_HEIGHT_PX) return { kind: 'ruler', atMs };
  const lane = Math.floor((y - RULER_HEIGHT_PX) / LANE_HEIGHT_PX);
  const slackMs = (GAP_HANDLE_PX * 1000) / view.pxPerSecond;
  const [first, end] = visibleRange(layout, atMs - slackMs, atMs + slackMs);
  let clip: number | null = null;
  for (let i = first; i < end; i++) {
    if (layout.lane[i] !== lane) continue;
    const rect = clipRect(layout, i, view);
    if (y < rect.y || y > rect.y + rect.height) continue;
    // A rendered clip's edges trim its take; an unrendered clip's left edge is its gap handle. On very
    // narrow clips the body wins so they stay selectable.
    const rendered = layout.estimated[i] === 0;
    if (rect.width > GAP_HANDLE_PX * 3) {
      if (Math.abs(x - rect.x) <= GAP_HANDLE_PX)
        return { kind: rendered ? 'trim-start' : 'gap-handle', index: i, atMs };
      if (rendered && Math.abs(x - rect.x - rect.width) <= GAP_HANDLE_PX)
        return { kind: 'trim-end', index: i, atMs };
    }
    if (x >= rect.x && x <= rect.x + rect.width) clip = i;
  }
  return clip === null ? { kind: 'empty', atMs } : { kind: 'clip', index: clip, atMs };
}

/** Zooms so that the time under `anchorX` stays under it. */
export function zoomAround(view: Viewport, nextPxPerSecond: number, anchorX: number): Viewport {
  const pxPerSecond = clampZoom(nextPxPerSecond);
  const anchorMs = xToMs(anchorX, view);
  const scrollMs = Math.max(0, anchorMs - (anchorX * 1000) / pxPerSecond);
  return { ...view, pxPerSecond, scrollMs };
}

/** A ruler tick spacing (ms) that leaves at least `minPx` between labels. */
export function rulerStepMs(pxPerSecond: number, minPx = 70): number {
  const steps = [
    100, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
    1_800_000,
  ];
  for (const step of steps) if ((step * pxPerSecond) / 1000 >= minPx) return step;
  return 3_600_000;
}
