/** What the render queue looks like to the UI: per-turn status and the jobs in flight. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiError } from '../../../shared/api/studio-api';
import type { Segment } from '../../../shared/model/project';
import { isTakeStale, type TakeIndex } from './take-index';

export type RenderEntryStatus = 'queued' | 'rendering' | 'done' | 'cached' | 'failed' | 'cancelled';

export interface RenderEntry {
  jobId: string;
  status: RenderEntryStatus;
  /** Signature the request was made with: the entry only describes the turn while it still matches. */
  signature: string;
  error?: ApiError | undefined;
}

export interface RenderJob {
  jobId: string;
  segmentIds: string[];
  doneCount: number;
  /** Turns of this job that reached a final status (done, cached, failed, cancelled). */
  settledCount: number;
  totalCount: number;
  startedAtMs: number;
  finished: boolean;
}

export interface RenderState {
  bySegment: Readonly<Record<string, RenderEntry>>;
  /** Turn jobs, oldest first (auditions are not listed). */
  jobs: readonly RenderJob[];
}

export type RenderStore = StoreApi<RenderState>;

export function createRenderStore(): RenderStore {
  return createStore<RenderState>()(() => ({ bySegment: {}, jobs: [] }));
}

/**
 * What the turn list and timeline show for a turn (named by state/turn-state-labels.ts): `stale` is a turn
 * rendered before whose words, voice or pronunciation changed since, whether or not it still holds the old
 * take (a locked one does).
 */
export type TurnStatus = 'unrendered' | 'queued' | 'rendering' | 'done' | 'stale' | 'failed';

export function turnStatus(
  segment: Segment,
  signature: string | null,
  entry: RenderEntry | undefined,
  index: TakeIndex,
): TurnStatus {
  if (entry && signature !== null && entry.signature === signature) {
    if (entry.status === 'queued' || entry.status === 'rendering' || entry.status === 'failed')
      return entry.status;
  }
  if (segment.take) return isTakeStale(index, segment.take, signature) ? 'stale' : 'done';
  // Rendered before, then edited (the take went to the history): out of date, not "never rendered".
  return segment.takeHistory.length > 0 ? 'stale' : 'unrendered';
}

export function isActive(entry: RenderEntry | undefined, signature: string | null): boolean {
  return (
    !!entry && entry.signature === signature && (entry.status === 'queued' || entry.status === 'rendering')
  );
}

export interface RenderProgressSummary {
  doneCount: number;
  totalCount: number;
  active: boolean;
}

/** Overall progress of the jobs still running (or of the last job when none runs). */
export function summariseProgress(jobs: readonly RenderJob[]): RenderProgressSummary {
  const running = jobs.filter((j) => !j.finished);
  const counted = running.length > 0 ? running : jobs.slice(-1);
  let doneCount = 0;
  let totalCount = 0;
  for (const job of counted) {
    doneCount += job.doneCount;
    totalCount += job.totalCount;
  }
  return { doneCount, totalCount, active: running.length > 0 };
}
