/** The render queue: overall progress and every turn of the recent jobs with its status. */
import { useMemo } from 'react';
import { useProject, useRenders, useStudio } from '../../app/studio-context';
import { summariseProgress } from '../../state/render-store';
import { TURN_STATE_DETAIL } from '../../state/turn-state-labels';
import { QUEUE_ROW_LABEL, queueRowStatus } from './queue-row-status';
import { nonSpeechText } from '../inspector/TurnSampling';
import { useTurnStatuses } from '../editor/use-turn-statuses';
import { EmptyState } from '../common/EmptyState';
import { Icon } from '../common/Icon';
import { VirtualList } from '../common/VirtualList';
import './queue.css';

const ROW_HEIGHT_PX = 30;

interface QueueRow {
  jobId: string;
  segmentId: string;
}

export function RenderQueuePanel() {
  const studio = useStudio();
  const project = useProject();
  const jobs = useRenders((s) => s.jobs);
  const entries = useRenders((s) => s.bySegment);
  const progress = summariseProgress(jobs);
  const turnStates = useTurnStatuses();
  const rows = useMemo<QueueRow[]>(() => {
    const out: QueueRow[] = [];
    for (let j = jobs.length - 1; j >= 0; j--) {
      const job = jobs[j]!;
      for (const segmentId of job.segmentIds) out.push({ jobId: job.jobId, segmentId });
    }
    return out;
  }, [jobs]);
  const indexOf = useMemo(
    () => new Map(project?.segments.map((s, i) => [s.id, i]) ?? []),
    [project?.segments],
  );
  const speakers = useMemo(() => new Map(project?.speakers.map((s) => [s.id, s]) ?? []), [project?.speakers]);
  const failed = rows.filter(
    (r) => entries[r.segmentId]?.jobId === r.jobId && entries[r.segmentId]?.status === 'failed',
  ).length;

  return (
    <div className="queue" data-testid="render-queue">
      <div className="queue__summary">
        <div className="queue__numbers">
          <span className="queue__big mono">
            {progress.doneCount}
            <span className="queue__of">/{progress.totalCount}</span>
          </span>
          <span className="queue__label">
            {progress.active ? 'turns rendered' : progress.totalCount ? 'finished' : 'idle'}
          </span>
          {failed > 0 ? <span className="chip chip--failed">{failed} failed</span> : null}
        </div>
        <div
          className={`progress ${progress.active && progress.doneCount === 0 ? 'progress--indeterminate' : ''}`}
        >
          <div
            className="progress__bar"
            style={{
              width: `${progress.totalCount ? (progress.doneCount / progress.totalCount) * 100 : 0}%`,
            }}
          />
        </div>
        <div className="queue__actions">
          <button
            type="button"
            className="btn btn--small"
            data-testid="render-cancel"
            disabled={!progress.active}
            onClick={() => void studio.renderer.cancelAll()}
          >
            <Icon name="stop" size={12} /> Cancel
          </button>
          <button
            type="button"
            className="btn btn--small btn--ghost"
            disabled={jobs.every((j) => !j.finished)}
            onClick={() => studio.renderer.clearFinished()}
          >
            Clear finished
          </button>
        </div>
      </div>
      {rows.length === 0 ? (
        <EmptyState icon="render" title="Nothing rendering">
          Press Render all to voice every new or changed turn. Finished turns get a waveform on the timeline.
        </EmptyState>
      ) : (
        <VirtualList
          className="queue__list"
          count={rows.length}
          rowHeight={ROW_HEIGHT_PX}
          renderRow={(i) => {
            const row = rows[i]!;
            const entry = entries[row.segmentId];
            const turnIndex = indexOf.get(row.segmentId);
            const segment = turnIndex === undefined ? undefined : project?.segments[turnIndex];
            const status = queueRowStatus(
              entry,
              row.jobId,
              turnIndex === undefined ? null : (turnStates[turnIndex] ?? null),
            );
            const speaker = segment ? speakers.get(segment.speakerId) : undefined;
            return (
              <button
                type="button"
                className="queue-row"
                data-testid="queue-row"
                data-status={status}
                title={
                  status === 'failed' && entry?.error
                    ? `${entry.error.message} ${entry.error.hint ?? ''}`
                    : status === 'superseded'
                      ? 'A newer render of this turn replaced this one.'
                      : status === 'cancelled'
                        ? 'Cancelled before it finished.'
                        : TURN_STATE_DETAIL[status]
                }
                onClick={() => segment && studio.ui.setState({ selectedSegmentId: segment.id })}
              >
                <span className="queue-row__n mono">{turnIndex === undefined ? '–' : turnIndex + 1}</span>
                <span className="queue-row__dot" style={{ background: speaker?.color ?? '#8d97a5' }} />
                <span className="queue-row__text">{segment?.text ?? 'deleted turn'}</span>
                {segment?.take?.nonSpeech && status === 'done' ? (
                  <span
                    className="chip chip--stale"
                    data-testid="queue-row-qa"
                    title={`Take QA: ${nonSpeechText(segment.take) ?? ''}. Select the turn to listen and regenerate it.`}
                  >
                    non-speech
                  </span>
                ) : null}
                <span className={`chip chip--${status === 'superseded' ? 'cancelled' : status}`}>
                  {QUEUE_ROW_LABEL[status]}
                </span>
              </button>
            );
          }}
        />
      )}
    </div>
  );
}
