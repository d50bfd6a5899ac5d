/**
 * Every turn in script order, windowed so a thousand turns scroll smoothly. Select with a click or the
 * arrow keys, reorder by dragging the grip, play a turn or play from it.
 */
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { Project, Segment, Speaker } from '../../../../shared/model/project';
import { chapterTitleAtIndex } from '../../state/chapter-edits';
import { moveSegment } from '../../state/document-edits';
import { useProject, useStudio, useUi, usePlayback } from '../../app/studio-context';
import type { TurnStatus } from '../../state/render-store';
import { TURN_STATE_DETAIL, turnStateLabel } from '../../state/turn-state-labels';
import { pushToast } from '../../state/ui-store';
import { computeLayout } from '../../timeline/timeline-layout';
import { formatSeconds } from '../../util/format';
import { EmptyState } from '../common/EmptyState';
import { Icon } from '../common/Icon';
import { VirtualList, type VirtualListHandle } from '../common/VirtualList';
import { useTurnStatuses } from '../editor/use-turn-statuses';
import { TurnSearch } from './TurnSearch';
import './turns.css';

export const TURN_ROW_HEIGHT_PX = 58;
const AUTOSCROLL_EDGE_PX = 36;

interface RowProps {
  index: number;
  segment: Segment;
  speaker: Speaker | undefined;
  status: TurnStatus;
  durationMs: number;
  estimated: boolean;
  selected: boolean;
  playing: boolean;
  chapter: string | undefined;
  onSelect(id: string): void;
  onPlay(id: string): void;
  onGrip(index: number, event: React.PointerEvent): void;
}

const TurnRow = memo(function TurnRow(props: RowProps) {
  const { index, segment, speaker, status, durationMs, estimated, selected, playing, chapter } = props;
  return (
    <div
      className={`turn ${selected ? 'turn--selected' : ''} ${playing ? 'turn--playing' : ''}`}
      data-testid="turn-row"
      data-index={index}
      data-segment-id={segment.id}
      data-status={status}
      data-locked={segment.locked}
      role="option"
      aria-selected={selected}
      style={{ '--speaker': speaker?.color ?? '#8d97a5' } as React.CSSProperties}
      onMouseDown={() => props.onSelect(segment.id)}
      onDoubleClick={() => props.onPlay(segment.id)}
    >
      <span
        className="turn__grip"
        title="Drag to reorder (or Alt+↑/↓)"
        data-testid="turn-grip"
        onPointerDown={(e) => props.onGrip(index, e)}
      >
        <span className="turn__grip-dots" />
      </span>
      <span className="turn__index mono">{index + 1}</span>
      <span className="turn__speaker">
        <span className="turn__speaker-name">{speaker?.name ?? '?'}</span>
        {chapter ? (
          <span className="turn__chapter" title={`Chapter: ${chapter}`}>
            § {chapter}
          </span>
        ) : null}
      </span>
      <span className="turn__text" data-testid="turn-row-text">
        {segment.locked ? (
          <span className="turn__lock" title="Take locked">
            <Icon name="lock" size={12} />
          </span>
        ) : null}
        {segment.text}
      </span>
      <span
        className={`turn__duration mono ${estimated ? 'turn__duration--estimated' : ''}`}
        data-testid="turn-duration"
        title={estimated ? 'Estimated from the text' : 'Take length'}
      >
        {estimated ? '≈' : ''}
        {formatSeconds(durationMs)}
      </span>
      <span
        className={`chip chip--${segment.locked && status === 'done' ? 'locked' : status}`}
        data-testid="turn-status"
        title={TURN_STATE_DETAIL[status]}
      >
        {turnStateLabel(status, segment.locked)}
      </span>
      <button
        type="button"
        className={`btn btn--ghost btn--icon btn--small turn__play ${playing ? 'btn--active' : ''}`}
        data-testid="turn-play"
        aria-label={`Play turn ${index + 1}`}
        title="Play this turn"
        onMouseDown={(e) => e.stopPropagation()}
        onClick={() => props.onPlay(segment.id)}
      >
        <Icon name={playing ? 'stop' : 'play'} size={14} />
      </button>
    </div>
  );
});

interface DragState {
  from: number;
  to: number;
  pointerY: number;
}

/** Where a dragged turn would land, said as its chapter (the drop indicator shows it). */
function landingChapter(project: Project, drag: DragState): string {
  const to = drag.to > drag.from ? drag.to - 1 : drag.to;
  const title = chapterTitleAtIndex(moveSegment(project, drag.from, to), to);
  return title ? `Chapter: ${title}` : 'Before the first chapter';
}

export function TurnList() {
  const studio = useStudio();
  const project = useProject();
  const statuses = useTurnStatuses();
  const selectedId = useUi((s) => s.selectedSegmentId);
  const playingId = usePlayback((s) => s.segmentId);
  const list = useRef<VirtualListHandle>(null);
  const [drag, setDrag] = useState<DragState | null>(null);
  const dragRef = useRef<DragState | null>(null);
  dragRef.current = drag;

  const segments = project?.segments ?? [];
  const layout = project ? computeLayout(project) : null;
  const speakers = new Map(project?.speakers.map((s) => [s.id, s]) ?? []);
  const chapters = new Map(project?.chapters.map((c) => [c.startSegmentId, c.title]) ?? []);
  const selectedIndex = segments.findIndex((s) => s.id === selectedId);

  useEffect(() => {
    if (selectedIndex >= 0) list.current?.scrollToIndex(selectedIndex);
  }, [selectedIndex]);

  const onSelect = useCallback((id: string) => studio.ui.setState({ selectedSegmentId: id }), [studio]);
  const onPlay = useCallback(
    (id: string) => {
      const playback = studio.playback.store.getState();
      if (playback.segmentId === id && playback.status !== 'stopped') {
        studio.playback.stop();
        return;
      }
      studio.ui.setState({ selectedSegmentId: id });
      if (!studio.playback.playTurn(id)) {
        pushToast(studio.ui, {
          kind: 'info',
          message: 'This turn has no audio yet.',
          hint: 'Select it and press Regenerate, or press Render all.',
        });
      }
    },
    [studio],
  );

  const targetIndex = useCallback(
    (clientY: number): number => {
      const element = list.current?.element();
      if (!element) return 0;
      const rect = element.getBoundingClientRect();
      const y = clientY - rect.top + element.scrollTop;
      return Math.max(0, Math.min(segments.length, Math.round(y / TURN_ROW_HEIGHT_PX)));
    },
    [segments.length],
  );

  const onGrip = useCallback(
    (index: number, event: React.PointerEvent) => {
      event.preventDefault();
      event.stopPropagation();
      studio.ui.setState({ selectedSegmentId: segments[index]?.id ?? null });
      setDrag({ from: index, to: index, pointerY: event.clientY });
    },
    [studio, segments],
  );

  // While dragging: follow the pointer, scroll near the edges, drop on release.
  useEffect(() => {
    if (!drag) return;
    let frame = 0;
    const autoscroll = () => {
      const element = list.current?.element();
      const current = dragRef.current;
      if (element && current) {
        const rect = element.getBoundingClientRect();
        if (current.pointerY < rect.top + AUTOSCROLL_EDGE_PX) element.scrollTop -= 12;
        else if (current.pointerY > rect.bottom - AUTOSCROLL_EDGE_PX) element.scrollTop += 12;
        setDrag((d) => (d ? { ...d, to: targetIndex(d.pointerY) } : d));
      }
      frame = requestAnimationFrame(autoscroll);
    };
    frame = requestAnimationFrame(autoscroll);
    const onMove = (e: PointerEvent) =>
      setDrag((d) => (d ? { ...d, pointerY: e.clientY, to: targetIndex(e.clientY) } : d));
    const onUp = () => {
      const current = dragRef.current;
      setDrag(null);
      if (!current) return;
      const to = current.to > current.from ? current.to - 1 : current.to;
      if (to !== current.from) studio.commands.move(current.from, to);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setDrag(null);
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('keydown', onKey);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('keydown', onKey);
    };
  }, [drag !== null, studio, targetIndex]);

  if (!project || !layout) return null;

  return (
    <section className="panel turns" data-testid="turn-list">
      <div className="panel__head">
        <span className="panel__title">Turns</span>
        <span className="panel__count">{segments.length}</span>
        <span className="panel__spacer" />
        {segments.length > 0 ? <TurnSearch /> : null}
        {selectedIndex >= 0 ? (
          <button
            type="button"
            className="btn btn--ghost btn--small"
            data-testid="play-from-selected"
            aria-label="Play from selected"
            title="Play from the selected turn to the end"
            onClick={() => {
              const id = segments[selectedIndex]?.id;
              if (id && !studio.playback.playFrom(id)) {
                pushToast(studio.ui, {
                  kind: 'info',
                  message: 'Nothing to play from here yet.',
                  hint: 'Render the turns first.',
                });
              }
            }}
          >
            <Icon name="playFrom" size={13} /> <span className="btn__label">Play from selected</span>
          </button>
        ) : null}
      </div>
      {segments.length === 0 ? (
        <EmptyState icon="script" title="No turns yet" testId="turns-empty">
          Press “Add script” in the top bar and paste lines like “Host: Welcome to the show.”
        </EmptyState>
      ) : (
        <VirtualList
          ref={list}
          className="turns__list"
          role="listbox"
          aria-label="Turns"
          tabIndex={0}
          count={segments.length}
          rowHeight={TURN_ROW_HEIGHT_PX}
          renderRow={(i) => {
            const segment = segments[i]!;
            return (
              <TurnRow
                index={i}
                segment={segment}
                speaker={speakers.get(segment.speakerId)}
                status={statuses[i] ?? 'unrendered'}
                durationMs={layout.durationMs[i] ?? 0}
                estimated={layout.estimated[i] === 1}
                selected={segment.id === selectedId}
                playing={segment.id === playingId}
                chapter={chapters.get(segment.id)}
                onSelect={onSelect}
                onPlay={onPlay}
                onGrip={onGrip}
              />
            );
          }}
          overlay={
            drag ? (
              <div
                className="turns__drop"
                style={{ transform: `translateY(${drag.to * TURN_ROW_HEIGHT_PX - 1}px)` }}
              >
                <span className="turns__drop-chapter" data-testid="drop-chapter">
                  {landingChapter(project, drag)}
                </span>
              </div>
            ) : null
          }
        />
      )}
    </section>
  );
}
