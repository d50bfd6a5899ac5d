/**
 * One name per turn state, used by the turn list, the render queue, the timeline's legend, the turn editor
 * and the export dialog: "not rendered" (never voiced), "out of date" (voiced, then its words, voice or
 * pronunciation changed), "queued", "rendering", "rendered", "failed", and "locked" (a rendered take kept
 * on purpose).
 */
import type { TurnStatus } from './render-store';

export const TURN_STATE_LABEL: Record<TurnStatus, string> = {
  unrendered: 'not rendered',
  stale: 'out of date',
  queued: 'queued',
  rendering: 'rendering',
  done: 'rendered',
  failed: 'failed',
};

export const LOCKED_LABEL = 'locked';

/** What a turn shows: its state, or "locked" for a locked turn whose take is current. */
export function turnStateLabel(status: TurnStatus, locked: boolean): string {
  return locked && status === 'done' ? LOCKED_LABEL : TURN_STATE_LABEL[status];
}

export const TURN_STATE_DETAIL: Record<TurnStatus, string> = {
  unrendered: 'Not rendered yet: Render all voices it.',
  stale:
    'Out of date: its words, voice or pronunciation changed since it was rendered. Render all renders it again.',
  queued: 'Waiting in the render queue.',
  rendering: 'Rendering now.',
  done: 'Rendered: its take matches the turn.',
  failed: 'The render failed: select the turn to see why, then Regenerate.',
};
