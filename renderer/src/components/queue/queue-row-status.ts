/**
 * What a render queue row says about its turn. The job's own outcome while it is queued, rendering, failed
 * or cancelled; once it finished, what the document says now (so an edit, an undo or a redo shows at once):
 * "rendered" while the turn's take is current, "out of date" once it changed, "replaced" when a newer job
 * renders or failed it. Names are the turn list's (state/turn-state-labels.ts).
 */
import type { RenderEntry, TurnStatus } from '../../state/render-store';
import { TURN_STATE_LABEL } from '../../state/turn-state-labels';

export type QueueRowStatus =
  'queued' | 'rendering' | 'done' | 'stale' | 'failed' | 'cancelled' | 'superseded';

/**
 * `entry` is the turn's latest render entry, `jobId` the row's job, `turn` the turn's status in the
 * document now (null when the turn was deleted).
 */
export function queueRowStatus(
  entry: RenderEntry | undefined,
  jobId: string,
  turn: TurnStatus | null,
): QueueRowStatus {
  if (!entry) return 'queued';
  const latest = entry.jobId === jobId;
  if (latest && entry.status !== 'done' && entry.status !== 'cached') return entry.status;
  if (turn === null) return latest ? 'done' : 'superseded';
  if (turn === 'done') return 'done';
  if (turn === 'stale' || turn === 'unrendered') return 'stale';
  return 'superseded';
}

export const QUEUE_ROW_LABEL: Record<QueueRowStatus, string> = {
  queued: TURN_STATE_LABEL.queued,
  rendering: TURN_STATE_LABEL.rendering,
  done: TURN_STATE_LABEL.done,
  stale: TURN_STATE_LABEL.stale,
  failed: TURN_STATE_LABEL.failed,
  cancelled: 'cancelled',
  superseded: 'replaced',
};
