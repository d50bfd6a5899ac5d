import { describe, expect, it } from 'vitest';
import type { RecordingProgressSource } from './recording-progress';
import { SHOW_AFTER_MS, withRecordingProgress } from './recording-progress';

/** A recorder that records a turn each time `step` is called, on a fake clock. */
function fakeRecorder(total: number, recorded: number) {
  const watchers = new Set<(recorded: number, total: number) => void>();
  const source: RecordingProgressSource = {
    totalTurns: total,
    get recordedTurns() {
      return recorded;
    },
    watch(watcher) {
      watchers.add(watcher);
      return () => watchers.delete(watcher);
    },
  };
  const step = () => {
    recorded += 1;
    for (const watcher of watchers) watcher(recorded, total);
  };
  return { source, step, watchers };
}

describe('withRecordingProgress', () => {
  it('says nothing when the recording has kept up with the render', async () => {
    const { source } = fakeRecorder(10, 10);
    const lines: string[] = [];
    const result = await withRecordingProgress(
      source,
      { stdout: () => {}, stderr: (t) => lines.push(t) },
      async () => 'done',
    );
    expect(result).toBe('done');
    expect(lines).toEqual([]);
  });

  it('shows a wait with a bar and its time left, by turns at the pace since the wait began', async () => {
    const { source, step, watchers } = fakeRecorder(10, 5);
    const lines: string[] = [];
    let now = 0;
    const result = await withRecordingProgress(
      source,
      { stdout: () => {}, stderr: (t) => lines.push(t) },
      async () => {
        for (let i = 0; i < 5; i++) {
          now += 2000; // two seconds a turn
          step();
        }
        return 42;
      },
      () => now,
    );
    expect(result).toBe(42);
    expect(watchers.size).toBe(0); // stopped watching
    // One line per tenth (stderr is not a terminal), from the first turn of the wait: 2 s a turn, 4 to go.
    expect(lines[0]).toMatch(/^recording \[#+\.+\]\s+60% 6\/10 ETA 0:08\n$/);
    expect(lines[1]).toMatch(/^recording .* 70% 7\/10 ETA 0:06\n$/);
    expect(lines.at(-1)).toMatch(/^recorded the episode in /);
  });

  it(`does not show a wait shorter than ${SHOW_AFTER_MS} ms (a normal render's last turn or two)`, async () => {
    const { source, step } = fakeRecorder(21, 19);
    const lines: string[] = [];
    let now = 0;
    await withRecordingProgress(
      source,
      { stdout: () => {}, stderr: (t) => lines.push(t) },
      async () => {
        now += SHOW_AFTER_MS - 1;
        step();
        now += 10;
        step(); // the last: nothing left to show a bar for
      },
      () => now,
    );
    expect(lines).toEqual([]);
  });

  it('stops watching when the recording fails', async () => {
    const { source, watchers } = fakeRecorder(4, 1);
    const io = { stdout: () => {}, stderr: () => {} };
    await expect(
      withRecordingProgress(source, io, async () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(watchers.size).toBe(0);
  });
});
