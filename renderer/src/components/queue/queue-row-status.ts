/** What a render queue row says about its turn: the job's outcome, unless something newer replaced it. */
import type { RenderEntry, RenderEntryStatus } from '../../state/render-store';

export type QueueRowStatus = RenderEntryStatus | 'superseded' | 'changed';

/**
 * `entry` is the turn's latest render entry, `jobId` the row's job, `signature` what the turn would render
 * from now (null when it has no speaker). A finished row whose turn was edited since (its words, voice or
 * pronunciation) says "changed": the take it made is no longer the turn's, and Render all renders it again.
 */
export function queueRowStatus(
  entry: RenderEntry | undefined,
  jobId: string,
  signature: string | null,
): QueueRowStatus {
  if (!entry) return 'queued';
  if (entry.jobId !== jobId) return 'superseded';
  const finished = entry.status === 'done' || entry.status === 'cached';
  if (finished && signature !== null && signature !== entry.signature) return 'changed';
  return entry.status;
}
