/** The timeline's head: its title, the legend of clip states, the loop button and the zoom buttons. */
import { Icon } from '../common/Icon';
import { LoopButton } from './LoopButton';

export interface TimelineHeadProps {
  pxPerSecond: number;
  onZoomOut: () => void;
  onZoomIn: () => void;
  onFit: () => void;
}

export function TimelineHead({ pxPerSecond, onZoomOut, onZoomIn, onFit }: TimelineHeadProps) {
  return (
    <div className="panel__head">
      <span className="panel__title">Timeline</span>
      <span className="timeline__legend">
        <span className="legend legend--rendered" /> rendered
        <span className="legend legend--estimate" /> not rendered
        <span className="timeline__legend-detail"> (estimated length)</span>
        <span className="legend legend--stale" /> out of date
      </span>
      <span className="panel__spacer" />
      <LoopButton />
      <div className="zoom" data-testid="zoom">
        <button
          type="button"
          className="btn btn--ghost btn--icon btn--small"
          data-testid="zoom-out"
          title="Zoom out (−)"
          aria-label="Zoom out"
          onClick={onZoomOut}
        >
          <Icon name="zoomOut" size={14} />
        </button>
        <span className="zoom__level mono" data-testid="zoom-level">
          {pxPerSecond >= 10 ? Math.round(pxPerSecond) : pxPerSecond.toFixed(1)} px/s
        </span>
        <button
          type="button"
          className="btn btn--ghost btn--icon btn--small"
          data-testid="zoom-in"
          title="Zoom in (+)"
          aria-label="Zoom in"
          onClick={onZoomIn}
        >
          <Icon name="zoomIn" size={14} />
        </button>
        <button
          type="button"
          className="btn btn--ghost btn--icon btn--small"
          data-testid="zoom-fit"
          title="Fit the episode"
          aria-label="Fit the episode"
          onClick={onFit}
        >
          <Icon name="fit" size={14} />
        </button>
      </div>
    </div>
  );
}
