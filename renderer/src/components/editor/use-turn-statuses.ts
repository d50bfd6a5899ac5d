import { useDocument, useProject, useRenders } from '../../app/studio-context';
import type { TurnStatus } from '../../state/render-store';
import { turnStatuses } from '../../state/turn-statuses';

/** Display status of every turn, recomputed only when the document, take index or queue change. */
export function useTurnStatuses(): TurnStatus[] {
  const project = useProject();
  const index = useDocument((s) => s.takeIndex);
  const entries = useRenders((s) => s.bySegment);
  return project ? turnStatuses(project, index, entries) : [];
}
