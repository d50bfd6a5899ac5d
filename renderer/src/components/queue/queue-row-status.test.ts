import { describe, expect, it } from 'vitest';
import { QUEUE_ROW_LABEL, queueRowStatus } from './queue-row-status';
import { TURN_STATE_LABEL } from '../../state/turn-state-labels';

describe('queueRowStatus', () => {
  const entry = { jobId: 'j2', status: 'done' as const, signature: 'sig-a' };

  it("shows the job's outcome while it is under way, failed or cancelled", () => {
    expect(queueRowStatus({ ...entry, status: 'rendering' }, 'j2', 'rendering')).toBe('rendering');
    expect(queueRowStatus({ ...entry, status: 'failed' }, 'j2', 'failed')).toBe('failed');
    expect(queueRowStatus({ ...entry, status: 'cancelled' }, 'j2', 'unrendered')).toBe('cancelled');
    expect(queueRowStatus(undefined, 'j1', 'unrendered')).toBe('queued');
  });

  it('once finished, follows the document: rendered, out of date after an edit, rendered again after undo', () => {
    expect(queueRowStatus(entry, 'j2', 'done')).toBe('done');
    expect(queueRowStatus({ ...entry, status: 'cached' }, 'j2', 'done')).toBe('done');
    expect(queueRowStatus(entry, 'j2', 'stale')).toBe('stale');
    expect(queueRowStatus(entry, 'j2', 'unrendered')).toBe('stale');
    // An older job's row: the turn's take is current again (an undo brought it back), so it is rendered.
    expect(queueRowStatus(entry, 'j1', 'done')).toBe('done');
    // A newer job renders the turn now.
    expect(queueRowStatus({ ...entry, status: 'rendering' }, 'j1', 'rendering')).toBe('superseded');
    expect(queueRowStatus(entry, 'j2', null)).toBe('done');
  });

  it("uses the turn list's names", () => {
    expect(QUEUE_ROW_LABEL.done).toBe(TURN_STATE_LABEL.done);
    expect(QUEUE_ROW_LABEL.stale).toBe('out of date');
    expect(TURN_STATE_LABEL.unrendered).toBe('not rendered');
  });
});
