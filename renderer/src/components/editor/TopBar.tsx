/** Title, undo/redo, transport with the time display, render and export: the editor's command strip. */
import { useEffect, useRef, useState } from 'react';
import { useDocument, usePlayback, useProject, useRenders, useStudio } from '../../app/studio-context';
import { selectCanRedo, selectCanUndo } from '../../state/document-store';
import { SAVE_STATUS_TEXT } from '../../state/save-status';
import { summariseProgress } from '../../state/render-store';
import { countStatuses } from '../../state/turn-statuses';
import { pushToast } from '../../state/ui-store';
import { programEndMs } from '../../audio/bed-plan';
import { formatClock } from '../../util/format';
import { Icon } from '../common/Icon';
import { Logo } from '../common/Logo';
import { useSaveStatus } from './use-save-status';
import { useTurnStatuses } from './use-turn-statuses';

function TimeDisplay({ totalMs }: { totalMs: number }) {
  const positionMs = usePlayback((s) => s.positionMs);
  return (
    <div className="time-display" data-testid="time-display">
      <span className="time-display__now">{formatClock(positionMs)}</span>
      <span className="time-display__total">/ {formatClock(totalMs)}</span>
    </div>
  );
}

function TitleField() {
  const studio = useStudio();
  const title = useProject()?.title ?? '';
  const [draft, setDraft] = useState(title);
  useEffect(() => setDraft(title), [title]);
  // Escape blurs the field at once, before the reset draft renders: the blur must not commit the old one.
  const cancelled = useRef(false);
  const commit = () => {
    if (cancelled.current) {
      cancelled.current = false;
      return;
    }
    if (!studio.commands.setTitle(draft)) setDraft(title);
  };
  return (
    <input
      className="topbar__title"
      data-testid="project-title-input"
      aria-label="Project title"
      value={draft}
      maxLength={200}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') {
          cancelled.current = true;
          setDraft(title);
          e.currentTarget.blur();
        }
      }}
    />
  );
}

function SaveState() {
  const studio = useStudio();
  const status = useSaveStatus();
  const { label, detail } = SAVE_STATUS_TEXT[status];
  return (
    <button
      type="button"
      className={`save-state ${status === 'saved' ? '' : 'save-state--dirty'}`}
      aria-label={label}
      data-testid="save"
      data-status={status}
      title={detail}
      onClick={() => void studio.projects.save()}
    >
      <span className="save-state__dot" />
      <span className="save-state__label">{label}</span>
    </button>
  );
}

export function TopBar() {
  const studio = useStudio();
  const project = useProject();
  const canUndo = useDocument(selectCanUndo);
  const canRedo = useDocument(selectCanRedo);
  const status = usePlayback((s) => s.status);
  const jobs = useRenders((s) => s.jobs);
  const statuses = useTurnStatuses();
  const segments = project?.segments ?? [];
  const counts = countStatuses(statuses, segments);
  const progress = summariseProgress(jobs);
  const totalMs = project ? programEndMs(project) : 0;
  const playing = status !== 'stopped';
  const nothingToPlay = () =>
    pushToast(studio.ui, {
      kind: 'info',
      message: 'Nothing to play yet.',
      hint: 'Render the turns first: press Render all.',
    });

  return (
    <header className="topbar">
      <div className="topbar__group topbar__brand">
        <Logo />
        <TitleField />
        <SaveState />
      </div>
      <div className="topbar__group">
        <button
          type="button"
          className="btn btn--ghost btn--icon"
          data-testid="undo"
          title="Undo (Ctrl+Z)"
          aria-label="Undo"
          disabled={!canUndo}
          onClick={() => studio.commands.undo()}
        >
          <Icon name="undo" />
        </button>
        <button
          type="button"
          className="btn btn--ghost btn--icon"
          data-testid="redo"
          title="Redo (Ctrl+Shift+Z)"
          aria-label="Redo"
          disabled={!canRedo}
          onClick={() => studio.commands.redo()}
        >
          <Icon name="redo" />
        </button>
      </div>
      <div className="topbar__group transport">
        <button
          type="button"
          className="btn btn--ghost btn--icon"
          data-testid="play-all"
          title="Play all from the start"
          aria-label="Play all from the start"
          onClick={() => {
            if (!studio.playback.playAll()) nothingToPlay();
          }}
        >
          <Icon name="toStart" />
        </button>
        <button
          type="button"
          className={`btn btn--icon transport__play ${playing ? 'transport__play--on' : ''}`}
          data-testid="transport-toggle"
          title="Play / stop (Space)"
          aria-label={playing ? 'Stop' : 'Play'}
          onClick={() => {
            if (!studio.playback.toggle()) nothingToPlay();
          }}
        >
          <Icon name={playing ? 'stop' : 'play'} />
        </button>
        <TimeDisplay totalMs={totalMs} />
      </div>
      <div className="topbar__spacer" />
      <div className="topbar__group topbar__actions">
        <button
          type="button"
          className="btn btn--ghost"
          data-testid="add-script"
          title="Add turns from a script"
          aria-label="Add script"
          onClick={() => studio.ui.setState({ dialog: 'script' })}
        >
          <Icon name="script" /> <span className="btn__label">Add script</span>
        </button>
        <button
          type="button"
          className="btn btn--ghost topbar__pronunciations"
          data-testid="pronunciations-open"
          title="Pronunciations: words said differently from how they are written"
          aria-label="Pronunciations"
          onClick={() => studio.ui.setState({ dialog: 'pronunciations' })}
        >
          <Icon name="pronounce" /> <span className="btn__label">Pronunciations</span>
        </button>
        <button
          type="button"
          className="btn btn--ghost topbar__engines"
          data-testid="engines-open"
          title="Settings → Engines: speech servers to render with"
          aria-label="Engines"
          onClick={() => studio.ui.setState({ dialog: 'engines' })}
        >
          <Icon name="server" /> <span className="btn__label">Engines</span>
        </button>
        <div className="render-all">
          <button
            type="button"
            className="btn btn--primary"
            data-testid="render-all"
            title="Render every turn that is not rendered or out of date (Ctrl+Enter)"
            aria-label="Render all"
            disabled={counts.pending === 0}
            onClick={() => void studio.renderer.renderAll()}
          >
            <Icon name="render" /> <span className="btn__label">Render all</span>
            {counts.pending > 0 ? <span className="render-all__count">{counts.pending}</span> : null}
          </button>
          {/* While a render runs; afterwards the Render queue tab keeps the count (and the title its room). */}
          {progress.active && progress.totalCount > 0 ? (
            <div className="render-all__progress" data-testid="render-progress" data-active={progress.active}>
              <div className="progress">
                <div
                  className="progress__bar"
                  style={{ width: `${(progress.doneCount / progress.totalCount) * 100}%` }}
                />
              </div>
              <span className="mono">
                {progress.doneCount}/{progress.totalCount}
              </span>
            </div>
          ) : null}
        </div>
        <button
          type="button"
          className="btn"
          data-testid="export-open"
          title="Export the episode"
          aria-label="Export"
          onClick={() => studio.ui.setState({ dialog: 'export' })}
          disabled={segments.length === 0}
        >
          <Icon name="export" /> <span className="btn__label">Export</span>
        </button>
        <button
          type="button"
          className="btn btn--ghost btn--icon"
          title="Keyboard shortcuts (?)"
          aria-label="Keyboard shortcuts"
          onClick={() => studio.ui.setState({ dialog: 'shortcuts' })}
        >
          <Icon name="keyboard" />
        </button>
        <button
          type="button"
          className="btn btn--ghost btn--icon"
          data-testid="close-project"
          title="Close project"
          aria-label="Close project"
          onClick={() => {
            studio.playback.stop();
            void studio.projects.close();
          }}
        >
          <Icon name="close" />
        </button>
      </div>
    </header>
  );
}
