/**
 * What the pointer does on the timeline canvas: click or drag on the ruler or an empty lane scrubs the
 * playhead; Shift+drag on the ruler sets the loop range (Shift+click clears it); pressing a clip selects
 * it and dragging it changes the gap before it (to the left past the turn before it: an overlap,
 * cross-talk), shown in ms while dragging and snapped to 10 ms (and to 0 near it); dragging a rendered
 * clip's edge trims its take there (dragTrim: the edge follows the pointer, the trim shown in ms). A drag
 * changes a preview only; letting go commits one undo step, Escape or a cancelled pointer drops it.
 */
import { useRef, useState } from 'react';
import type { Project } from '../../../../shared/model/project';
import { signedGapMs } from '../../../../shared/model/clip';
import type { Studio } from '../../state/studio';
import { dragTrim, setSignedGap, type TrimEdge } from '../../state/clip-edits';
import { hitTest, xToMs, type Viewport } from '../../timeline/timeline-geometry';
import type { TimelineLayout } from '../../timeline/timeline-layout';

/** Pixels the pointer must move before pressing a clip becomes a drag. */
const DRAG_THRESHOLD_PX = 3;
/** A gap this close to 0 (in px) snaps to 0: the turn starts exactly where the one before ends. */
const SNAP_ZERO_PX = 6;
export const GAP_SNAP_MS = 10;

type Gesture =
  | { kind: 'gap'; segmentId: string; index: number; startX: number; startGapMs: number; dragging: boolean }
  | { kind: 'trim'; segmentId: string; index: number; edge: TrimEdge; startX: number }
  | { kind: 'scrub' }
  | { kind: 'loop'; fromMs: number; moved: boolean };

export interface GapPreview {
  index: number;
  gapMs: number;
  project: Project;
  /** What the drag label says ("Gap 300 ms", "Overlap 120 ms", "Trim in 240 ms"). */
  label: string;
  /** A trim drag: its edge and how far it moved (ms), committed as one step on letting go. */
  trim?: { edge: TrimEdge; deltaMs: number };
  /** Where the label goes, in canvas px. */
  x: number;
  y: number;
}

/** The signed gap for a drag of `deltaPx` from `startGapMs`, snapped. */
export function snappedGap(startGapMs: number, deltaPx: number, pxPerSecond: number): number {
  const raw = startGapMs + (deltaPx * 1000) / pxPerSecond;
  if (Math.abs((raw * pxPerSecond) / 1000) <= SNAP_ZERO_PX) return 0;
  return Math.round(raw / GAP_SNAP_MS) * GAP_SNAP_MS;
}

export function useTimelinePointer(
  studio: Studio,
  project: Project | null,
  layout: TimelineLayout | null,
  viewRef: { current: Viewport },
) {
  const gesture = useRef<Gesture | null>(null);
  const [preview, setPreview] = useState<GapPreview | null>(null);
  const previewRef = useRef<GapPreview | null>(null);
  const show = (next: GapPreview | null) => {
    previewRef.current = next;
    setPreview(next);
  };
  const [cursor, setCursor] = useState('default');

  const point = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };

  const onPointerDown = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0 || !project || !layout) return;
    const { x, y } = point(event);
    const hit = hitTest(layout, viewRef.current, x, y);
    event.currentTarget.setPointerCapture?.(event.pointerId);
    if (hit.kind === 'trim-start' || hit.kind === 'trim-end') {
      const segment = project.segments[hit.index]!;
      studio.ui.setState({ selectedSegmentId: segment.id });
      event.currentTarget.focus({ preventScroll: true });
      const edge = hit.kind === 'trim-start' ? 'start' : 'end';
      gesture.current = { kind: 'trim', segmentId: segment.id, index: hit.index, edge, startX: x };
    } else if (hit.kind === 'gap-handle' || hit.kind === 'clip') {
      const segment = project.segments[hit.index]!;
      studio.ui.setState({ selectedSegmentId: segment.id });
      event.currentTarget.focus({ preventScroll: true }); // so that Escape reaches the drag
      gesture.current = {
        kind: 'gap',
        segmentId: segment.id,
        index: hit.index,
        startX: x,
        startGapMs: signedGapMs(segment),
        dragging: hit.kind === 'gap-handle',
      };
    } else if (hit.kind === 'ruler' && event.shiftKey) {
      gesture.current = { kind: 'loop', fromMs: hit.atMs, moved: false };
    } else {
      gesture.current = { kind: 'scrub' };
      studio.playback.seek(hit.atMs);
    }
  };

  const onPointerMove = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (!project || !layout) return;
    const { x, y } = point(event);
    const active = gesture.current;
    const view = viewRef.current;
    if (!active) {
      const hit = hitTest(layout, view, x, y);
      const next =
        hit.kind === 'gap-handle' || hit.kind === 'trim-start' || hit.kind === 'trim-end'
          ? 'ew-resize'
          : hit.kind === 'clip'
            ? 'grab'
            : hit.kind === 'ruler'
              ? 'text'
              : 'default';
      if (next !== cursor) setCursor(next);
      return;
    }
    if (active.kind === 'scrub') {
      studio.playback.seek(Math.max(0, xToMs(x, view)));
    } else if (active.kind === 'loop') {
      active.moved = true;
      studio.playback.setLoopRange({ fromMs: active.fromMs, toMs: Math.max(0, xToMs(x, view)) });
    } else if (active.kind === 'trim') {
      const deltaMs = ((x - active.startX) * 1000) / view.pxPerSecond;
      const { project: trimmed, trimMs } = dragTrim(project, active.segmentId, active.edge, deltaMs);
      const segment = trimmed.segments[active.index]!;
      const label = `${active.edge === 'start' ? 'Trim in' : 'Trim out'} ${trimMs} ms`;
      const trim = { edge: active.edge, deltaMs };
      show({ index: active.index, gapMs: signedGapMs(segment), project: trimmed, label, trim, x, y });
    } else {
      if (!active.dragging && Math.abs(x - active.startX) < DRAG_THRESHOLD_PX) return;
      active.dragging = true;
      const gapMs = snappedGap(active.startGapMs, x - active.startX, view.pxPerSecond);
      const label = gapMs < 0 ? `Overlap ${-gapMs} ms` : `Gap ${gapMs} ms`;
      show({
        index: active.index,
        gapMs,
        project: setSignedGap(project, active.segmentId, gapMs),
        label,
        x,
        y,
      });
    }
  };

  const finish = (commit: boolean) => {
    const active = gesture.current;
    const current = previewRef.current;
    gesture.current = null;
    show(null);
    // Shift+click on the ruler (no drag) clears the loop range.
    if (commit && active?.kind === 'loop' && !active.moved) studio.playback.setLoopRange(null);
    // One undo step for the whole drag.
    if (commit && current && active?.kind === 'gap')
      studio.commands.setGap(active.segmentId, current.gapMs, false);
    if (commit && current?.trim && active?.kind === 'trim')
      studio.commands.trimEdge(active.segmentId, current.trim.edge, current.trim.deltaMs, false);
  };

  return {
    preview,
    cursor: preview ? 'grabbing' : cursor,
    handlers: {
      onPointerDown,
      onPointerMove,
      onPointerUp: () => finish(true),
      onPointerCancel: () => finish(false),
      onKeyDown: (event: React.KeyboardEvent) => {
        if (event.key === 'Escape' && gesture.current) finish(false);
      },
    },
  };
}
