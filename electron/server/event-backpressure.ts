/**
 * Which events may be dropped for a client that is not keeping up. Intermediate progress is replaced by the
 * next report anyway; terminal states (a take done, an export failed) and watchdog actions carry results the
 * UI must see, so they are always sent.
 */
import type { EventName, EventPayload } from '../../shared/api/studio-api';

const INTERMEDIATE_RENDER: ReadonlySet<string> = new Set(['queued', 'rendering']);
const INTERMEDIATE_EXPORT: ReadonlySet<string> = new Set(['rendering', 'measuring', 'encoding', 'checking']);

export function isDroppableEvent<E extends EventName>(name: E, payload: EventPayload<E>): boolean {
  switch (name) {
    // Model pack progress is all intermediate: the import or verify call itself returns the result.
    case 'onResources':
    case 'onModelPackProgress':
      return true;
    case 'onRenderProgress':
      return INTERMEDIATE_RENDER.has((payload as EventPayload<'onRenderProgress'>).status);
    case 'onExportProgress':
      return INTERMEDIATE_EXPORT.has((payload as EventPayload<'onExportProgress'>).phase);
    default:
      return false;
  }
}
