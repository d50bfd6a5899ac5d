/**
 * The wait for the episode's recording after the last turn: with every take in the cache the render ends
 * at once and the recording (reading, resampling and measuring 90 minutes of takes: ~18 s here) follows it,
 * which used to pass without a word. A progress bar with its own time left, shown only when there is a
 * wait.
 */
import type { CliIo } from './cli-io';
import { ProgressBar } from './progress';

/** What the wait needs of the recorder (EpisodeRecorder). */
export interface RecordingProgressSource {
  readonly totalTurns: number;
  readonly recordedTurns: number;
  watch(watcher: (recorded: number, total: number) => void): () => void;
}

/** Runs `finish` (the recorder's), with a bar while turns are still to be recorded. */
export async function withRecordingProgress<T>(
  recorder: RecordingProgressSource,
  io: CliIo,
  finish: () => Promise<T>,
  now: () => number = Date.now,
): Promise<T> {
  const startCount = recorder.recordedTurns;
  if (startCount >= recorder.totalTurns) return finish();
  const bar = new ProgressBar(io, 'recording');
  const startedAt = now();
  bar.update(startCount, recorder.totalTurns, '', null);
  const stop = recorder.watch((recorded, total) => {
    const since = recorded - startCount;
    // Time left by turns at the pace since the wait began (each turn is read, resampled and measured).
    const eta = since > 0 ? ((now() - startedAt) / since) * (total - recorded) : null;
    bar.update(recorded, total, '', eta);
  });
  try {
    const result = await finish();
    bar.finish('recorded the episode');
    return result;
  } finally {
    stop();
  }
}
