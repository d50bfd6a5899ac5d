import { describe, expect, it } from 'vitest';
import { queueRowStatus } from './queue-row-status';

describe('queueRowStatus', () => {
  const entry = { jobId: 'j2', status: 'done' as const, signature: 'sig-a' };

  it("shows the job's outcome while the turn is as it was rendered", () => {
    expect(queueRowStatus(entry, 'j2', 'sig-a')).toBe('done');
    expect(queueRowStatus({ ...entry, status: 'cached' }, 'j2', 'sig-a')).toBe('cached');
    expect(queueRowStatus({ ...entry, status: 'failed' }, 'j2', 'sig-b')).toBe('failed');
  });

  it('says a finished turn changed since, and an older job that a newer one replaced', () => {
    expect(queueRowStatus(entry, 'j2', 'sig-b')).toBe('changed');
    expect(queueRowStatus(entry, 'j1', 'sig-a')).toBe('superseded');
    expect(queueRowStatus(undefined, 'j1', 'sig-a')).toBe('queued');
    expect(queueRowStatus(entry, 'j2', null)).toBe('done');
  });
});
