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

/** A wait shorter than this is not shown (after a normal render the recording is a turn behind at most). */
export const SHOW_AFTER_MS = 500;

/** Runs `finish` (the recorder's), with a bar once turns have been waited for SHOW_AFTER_MS. */
export async function withRecordingProgress<T>(
  recorder: RecordingProgressSource,
  io: CliIo,
  finish: () => Promise<T>,
  now: () => number = Date.now,
): Promise<T> {
  const startCount = recorder.recordedTurns;
  if (startCount >= recorder.totalTurns) return finish();
  const startedAt = now();
  const shown: { bar: ProgressBar | null } = { bar: null };
  const stop = recorder.watch((recorded, total) => {
    const waited = now() - startedAt;
    if (!shown.bar && (waited < SHOW_AFTER_MS || recorded >= total)) return;
    const bar = (shown.bar ??= new ProgressBar(io, 'recording', startedAt));
    // Time left by turns at the pace since the wait began (each turn is read, resampled and measured).
    const eta = (waited / (recorded - startCount)) * (total - recorded);
    bar.update(recorded, total, '', eta);
  });
  try {
    const result = await finish();
    shown.bar?.finish('recorded the episode');
    return result;
  } finally {
    stop();
  }
}
