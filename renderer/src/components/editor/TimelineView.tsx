/**
 * The timeline: speaker lanes along time with zoom (Ctrl+wheel, buttons, fit), a playhead that follows
 * playback, scrubbing, a loop range, clips dragged to change their gap or overlap and their edges dragged
 * to trim their takes (use-timeline-pointer.ts), and double-click to hear a turn. Drawn on one canvas for the visible time range only.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useDocument, usePlayback, useProject, useStudio, useUi } from '../../app/studio-context';
import { setZoom } from '../../state/ui-store';
import { drawTimeline, PatternCache } from '../../timeline/draw-timeline';
import {
  DEFAULT_PX_PER_SECOND,
  clampZoom,
  hitTest,
  msToX,
  type Viewport,
} from '../../timeline/timeline-geometry';
import { computeLayout } from '../../timeline/timeline-layout';
import { placedBedsMs, timelineHeight } from '../../timeline/draw-beds';
import { useTimelinePointer } from './use-timeline-pointer';
import { EmptyState } from '../common/EmptyState';
import { LaneHeads } from './LaneHeads';
import { TimelineHead } from './TimelineHead';
import { useTurnStatuses } from './use-turn-statuses';
import './timeline.css';

const LANE_HEADER_PX = 132;
const ZOOM_STEP = 1.5;

export function TimelineView() {
  const studio = useStudio();
  const documentProject = useProject();
  const viewRef = useRef<Viewport>({ pxPerSecond: DEFAULT_PX_PER_SECOND, scrollMs: 0, widthPx: 800 });
  const documentLayout = documentProject ? computeLayout(documentProject) : null;
  const pointer = useTimelinePointer(studio, documentProject, documentLayout, viewRef);
  const project = pointer.preview?.project ?? documentProject;
  const loopRange = usePlayback((s) => s.loopRange);
  const statuses = useTurnStatuses();
  const selectedId = useUi((s) => s.selectedSegmentId);
  const pxPerSecond = useUi((s) => s.pxPerSecond);
  const scroller = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const playhead = useRef<HTMLDivElement>(null);
  const patterns = useRef(new PatternCache());
  const [viewportWidth, setViewportWidth] = useState(800);
  const [scrollLeft, setScrollLeft] = useState(0);
  const dragIndex = pointer.preview?.index ?? -1;
  const frame = useRef<number | null>(null);
  const zoomAnchor = useRef<{ ms: number; x: number } | null>(null);

  const layout = project ? computeLayout(project) : null;
  const hasTurns = (project?.segments.length ?? 0) > 0;
  const laneCount = layout?.laneCount ?? 1;
  const beds = project ? placedBedsMs(project) : [];
  const heightPx = timelineHeight(laneCount, beds.length);
  // With an outro the programme goes on after the speech: the timeline shows it.
  const totalMs = beds.reduce((end, b) => Math.max(end, b.startFrame + b.frames), layout?.totalMs ?? 0);
  const contentWidth = Math.max(
    viewportWidth,
    Math.ceil((totalMs * pxPerSecond) / 1000) + viewportWidth * 0.5,
  );
  const view: Viewport = { pxPerSecond, scrollMs: (scrollLeft * 1000) / pxPerSecond, widthPx: viewportWidth };
  viewRef.current = view;

  // Everything draw() reads, kept current without re-creating the callback.
  const live = useRef({ project, layout, statuses, selectedId, dragIndex, heightPx, loopRange });
  live.current = { project, layout, statuses, selectedId, dragIndex, heightPx, loopRange };

  const draw = useCallback(() => {
    frame.current = null;
    const element = canvas.current;
    const { project: p, layout: l, statuses: st, selectedId: sel, dragIndex: di, heightPx: h } = live.current;
    const { loopRange: loop } = live.current;
    if (!element || !p || !l) return;
    const v = viewRef.current;
    const dpr = window.devicePixelRatio || 1;
    const w = v.widthPx;
    if (element.width !== Math.round(w * dpr) || element.height !== Math.round(h * dpr)) {
      element.width = Math.round(w * dpr);
      element.height = Math.round(h * dpr);
      element.style.width = `${w}px`;
      element.style.height = `${h}px`;
    }
    const ctx = element.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const playingId = studio.playback.store.getState().segmentId;
    drawTimeline({
      ctx,
      widthPx: w,
      heightPx: h,
      project: p,
      layout: l,
      statuses: st,
      view: v,
      selectedIndex: sel ? p.segments.findIndex((s) => s.id === sel) : -1,
      playingIndex: playingId ? p.segments.findIndex((s) => s.id === playingId) : -1,
      gapDragIndex: di,
      loopRange: loop,
      dir: studio.documents.getState().dir ?? '',
      peaks: studio.peaks,
      patterns: patterns.current,
    });
  }, [studio]);

  const requestDraw = useCallback(() => {
    if (frame.current === null) frame.current = requestAnimationFrame(draw);
  }, [draw]);

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  // Redraw whenever what is drawn changes.
  useLayoutEffect(requestDraw, [
    requestDraw,
    project,
    statuses,
    selectedId,
    dragIndex,
    loopRange,
    pxPerSecond,
    scrollLeft,
    viewportWidth,
    heightPx,
  ]);
  useEffect(() => studio.peaks.subscribe(requestDraw), [studio, requestDraw]);

  // Track the visible width.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setViewportWidth(Math.max(100, element.clientWidth - LANE_HEADER_PX));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasTurns]);

  // Keep the time under the pointer (or the left edge) in place when zooming.
  useLayoutEffect(() => {
    const element = scroller.current;
    const anchor = zoomAnchor.current;
    if (!element || !anchor) return;
    zoomAnchor.current = null;
    element.scrollLeft = Math.max(0, (anchor.ms * pxPerSecond) / 1000 - anchor.x);
    setScrollLeft(element.scrollLeft);
  }, [pxPerSecond]);

  const zoomTo = useCallback(
    (next: number, anchorX?: number) => {
      const v = viewRef.current;
      const x = anchorX ?? v.widthPx / 2;
      zoomAnchor.current = { ms: v.scrollMs + (x * 1000) / v.pxPerSecond, x };
      setZoom(studio.ui, next);
    },
    [studio],
  );

  // Ctrl+wheel zooms around the pointer; a plain wheel scrolls along time. Needs a non-passive listener.
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        const rect = element.getBoundingClientRect();
        const x = event.clientX - rect.left - LANE_HEADER_PX;
        const factor = Math.exp(-event.deltaY * 0.0025);
        zoomTo(viewRef.current.pxPerSecond * factor, Math.max(0, x));
      } else if (Math.abs(event.deltaY) > Math.abs(event.deltaX) && !event.shiftKey) {
        event.preventDefault();
        element.scrollLeft += event.deltaY;
      }
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [zoomTo, hasTurns]);

  // The playhead follows playback without re-rendering React: a transform per frame.
  useEffect(() => {
    const place = () => {
      const state = studio.playback.store.getState();
      const v = viewRef.current;
      const x = msToX(state.positionMs, v);
      const element = playhead.current;
      if (element) {
        element.style.transform = `translateX(${Math.round(x)}px)`;
        element.style.visibility = x < -2 || x > v.widthPx + 2 ? 'hidden' : 'visible';
      }
      if (state.status !== 'stopped' && scroller.current && (x > v.widthPx - 40 || x < 0)) {
        scroller.current.scrollLeft = Math.max(
          0,
          (state.positionMs * v.pxPerSecond) / 1000 - v.widthPx * 0.1,
        );
      }
    };
    place();
    let lastSegment = studio.playback.store.getState().segmentId;
    return studio.playback.store.subscribe((state) => {
      place();
      if (state.segmentId !== lastSegment) {
        lastSegment = state.segmentId;
        requestDraw();
      }
    });
  }, [studio, requestDraw, pxPerSecond, scrollLeft, viewportWidth]);

  // A short episode opens zoomed to fill the view; a long one opens at the default zoom.
  const dir = useDocument((s) => s.dir);
  const fittedDir = useRef<string | null>(null);
  useEffect(() => {
    if (!dir || fittedDir.current === dir || !layout || layout.totalMs <= 0 || viewportWidth <= 100) return;
    fittedDir.current = dir;
    const fitZoom = (viewportWidth - 24) / (layout.totalMs / 1000);
    setZoom(studio.ui, fitZoom > DEFAULT_PX_PER_SECOND ? Math.min(fitZoom, 120) : DEFAULT_PX_PER_SECOND);
  }, [dir, layout, viewportWidth, studio]);

  // Bring the selected turn into view when it changes (from the list or the keyboard).
  useEffect(() => {
    const element = scroller.current;
    const p = live.current.project;
    const l = live.current.layout;
    if (!element || !p || !l || !selectedId || live.current.dragIndex >= 0) return;
    const index = p.segments.findIndex((s) => s.id === selectedId);
    if (index < 0) return;
    const v = viewRef.current;
    const x1 = msToX(l.startMs[index] ?? 0, v);
    const x2 = msToX((l.startMs[index] ?? 0) + (l.durationMs[index] ?? 0), v);
    if (x1 < 0 || x1 > v.widthPx - 30) {
      element.scrollLeft = Math.max(0, ((l.startMs[index] ?? 0) * v.pxPerSecond) / 1000 - 60);
    } else if (x2 > v.widthPx && x2 - x1 < v.widthPx) {
      element.scrollLeft += x2 - v.widthPx + 30;
    }
  }, [selectedId]);

  if (!project || !layout) return null;

  const localPoint = (event: React.MouseEvent) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };

  const onDoubleClick = (event: React.MouseEvent<HTMLCanvasElement>) => {
    const { x, y } = localPoint(event);
    const hit = hitTest(layout, viewRef.current, x, y);
    if (hit.kind === 'clip') studio.playback.playTurn(project.segments[hit.index]!.id);
  };

  const fit = () => {
    const seconds = Math.max(1, totalMs / 1000);
    zoomAnchor.current = { ms: 0, x: 0 };
    setZoom(studio.ui, clampZoom((viewportWidth - 24) / seconds));
  };

  return (
    <section className="panel timeline" data-testid="timeline">
      <TimelineHead
        pxPerSecond={pxPerSecond}
        onZoomOut={() => zoomTo(pxPerSecond / ZOOM_STEP)}
        onZoomIn={() => zoomTo(pxPerSecond * ZOOM_STEP)}
        onFit={fit}
      />
      {project.segments.length === 0 ? (
        <EmptyState
          icon="script"
          title="The timeline is empty"
          action={
            <button
              type="button"
              className="btn btn--primary btn--small"
              onClick={() => studio.ui.setState({ dialog: 'script' })}
            >
              Add a script
            </button>
          }
        >
          Add a script to lay out its turns here, one lane per speaker.
        </EmptyState>
      ) : (
        <div
          ref={scroller}
          className="timeline__scroller"
          style={{ maxHeight: heightPx + 14 }}
          onScroll={(e) => setScrollLeft(e.currentTarget.scrollLeft)}
        >
          <div
            className="timeline__content"
            style={{ width: contentWidth + LANE_HEADER_PX, height: heightPx }}
          >
            <LaneHeads
              speakers={project.speakers}
              beds={beds.map((placed) => placed.bed.audio.fileName)}
              widthPx={LANE_HEADER_PX}
              heightPx={heightPx}
            />
            <div className="timeline__track" style={{ width: contentWidth, height: heightPx }}>
              <div
                className="timeline__stage"
                style={{ left: LANE_HEADER_PX, width: viewportWidth, height: heightPx }}
              >
                <canvas
                  ref={canvas}
                  className="timeline__canvas"
                  data-testid="timeline-canvas"
                  style={{ cursor: pointer.cursor }}
                  tabIndex={-1}
                  {...pointer.handlers}
                  onDoubleClick={onDoubleClick}
                />
                {pointer.preview && (
                  <div
                    className="timeline__drag-label mono"
                    data-testid="timeline-drag-label"
                    role="status"
                    style={{ left: pointer.preview.x + 12, top: Math.max(0, pointer.preview.y - 28) }}
                  >
                    {pointer.preview.label}
                  </div>
                )}
                <div
                  ref={playhead}
                  className="timeline__playhead"
                  data-testid="playhead"
                  style={{ height: heightPx }}
                />
              </div>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
