/** The bottom strip: turns, length, render state, memory pressure, save state. */
import { counted } from '../../../../shared/text/plural';
import { useMonitor, useProject, useStudio, useUi } from '../../app/studio-context';
import { countStatuses } from '../../state/turn-statuses';
import { programEndMs } from '../../audio/bed-plan';
import { computeLayout } from '../../timeline/timeline-layout';
import { formatClock, formatTimeOfDay } from '../../util/format';
import { SAVE_STATUS_TEXT } from '../../state/save-status';
import { useSaveStatus } from './use-save-status';
import { useTurnStatuses } from './use-turn-statuses';

export function StatusBar() {
  const studio = useStudio();
  const project = useProject();
  const statuses = useTurnStatuses();
  const pressure = useMonitor((s) => s.latest?.pressure ?? null);
  const autosavedAt = useUi((s) => s.lastAutosavedAtMs);
  const savedAt = useUi((s) => s.lastSavedAtMs);
  const saveStatus = useSaveStatus();
  const dir = studio.documents.getState().dir;
  if (!project) return null;
  const layout = computeLayout(project);
  const counts = countStatuses(statuses, project.segments);
  const estimated = layout.estimated.some((e) => e === 1);
  return (
    <footer className="statusbar" data-testid="status-bar">
      <span>{counted(project.segments.length, 'turn')}</span>
      <span className="statusbar__sep" />
      <span
        title={estimated ? 'Includes estimates for turns not rendered yet' : 'Length of the rendered episode'}
      >
        {estimated ? '≈ ' : ''}
        {formatClock(programEndMs(project), false)}
      </span>
      <span className="statusbar__sep" />
      <span data-testid="status-rendered">
        {counts.done}/{project.segments.length} rendered
        {counts.failed > 0 ? <span className="statusbar__bad"> · {counts.failed} failed</span> : null}
      </span>
      <span className="statusbar__spacer" />
      <span className="statusbar__dir mono" title={dir ?? ''}>
        {dir}
      </span>
      <span className="statusbar__sep" />
      <span data-testid="status-saved" title={SAVE_STATUS_TEXT[saveStatus].detail}>
        {saveStatus === 'saved'
          ? `Saved to project${savedAt ? ` ${formatTimeOfDay(savedAt)}` : ''}`
          : saveStatus === 'autosaved' && autosavedAt
            ? `Edits autosaved ${formatTimeOfDay(autosavedAt)}, not in project`
            : 'Edits not in project yet'}
      </span>
      <span className="statusbar__sep" />
      <button
        type="button"
        className="statusbar__pressure"
        onClick={() => studio.ui.setState({ sideTab: 'resources' })}
      >
        <span className={`statusbar__dot statusbar__dot--${pressure ?? 'unknown'}`} />
        {pressure ? `Memory ${pressure}` : 'Memory —'}
      </button>
    </footer>
  );
}
