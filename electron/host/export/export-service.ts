/**
 * Exports a rendered project on a thread of its own (thread/export-thread.ts runs export-pipeline.ts): the
 * host's main thread, Electron's main process in the desktop app, only starts it, passes progress on,
 * sends cancel and receives the result, so a long export never holds up an IPC message or a window event.
 * Desktop, serve mode and the CLI all export through here.
 *
 * The thread's temp files (spool, staged outputs, the output lock) are mirrored into this thread's registry
 * as the thread reports them (files/temp-files.ts), so a signal handler or the exit hook here removes them;
 * any the thread leaves behind when it ends (it crashed) are removed here.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '../../threads/module-thread';
import { ownTempFile, releaseTempFile, removeTempFile } from '../files/temp-files';
import { ExportSpeedStore, speedTable } from './export-eta';
import type { ExportPipelineRequest } from './export-pipeline';
import type { ExportResult } from './export-result';
import type { ExportThreadSetup, FromExportThread, ToExportThread } from './thread/export-thread-protocol';
import type { ThreadError } from './thread/thread-errors';
import { fromThreadError } from './thread/thread-errors';

export { DEFAULT_LUFS } from './export-pipeline';
export type { ExportResult };

/** An export: the pipeline's request (its test clock aside, which cannot cross to the thread). */
export type ExportRequest = Omit<ExportPipelineRequest, 'now'>;

type LastMessage = Extract<FromExportThread, { type: 'done' | 'failed' }>;

export async function exportProject(request: ExportRequest): Promise<ExportResult> {
  const { signal } = request;
  signal?.throwIfAborted();
  const speeds = request.speeds ?? ExportSpeedStore.inMemory();
  const setup: ExportThreadSetup = {
    project: request.project,
    storeDir: request.store.dir,
    bedsDir: request.beds?.dir ?? null,
    basePath: request.basePath,
    options: request.options,
    prepared: request.prepared ?? null,
    guard: request.guard ?? null,
    voices: request.voices ?? null,
    tags: request.tags ?? null,
    speeds: speedTable(speeds),
  };
  const thread = startModuleThread(import.meta.url, './thread/export-thread', 'export-thread', setup);
  const mirror = new Set<string>();
  const cancel = () => send(thread, { type: 'cancel' });
  signal?.addEventListener('abort', cancel, { once: true });
  let listenerError: { error: unknown } | null = null;
  try {
    const last = await new Promise<LastMessage>((resolve) => {
      const failed = (message: string): LastMessage => ({
        type: 'failed',
        error: { name: 'Error', message },
      });
      thread.on('message', (message: FromExportThread) => {
        if (message.type === 'temp-file') {
          if (message.owned) {
            ownTempFile(message.file);
            mirror.add(message.file);
          } else {
            releaseTempFile(message.file);
            mirror.delete(message.file);
          }
        } else if (message.type === 'progress') {
          try {
            request.onProgress?.(message.progress);
          } catch (error) {
            // As when it ran in this thread: a progress listener that throws ends the export with its error.
            listenerError ??= { error };
            cancel();
          }
        } else {
          resolve(message);
        }
      });
      thread.once('error', (error) => resolve(failed(`the export thread failed: ${error.message}`)));
      thread.once('exit', (code) => resolve(failed(`the export thread exited (code ${code})`)));
    });
    if (listenerError) throw (listenerError as { error: unknown }).error;
    if (last.type === 'failed') throw failure(last.error, signal);
    // This machine's speeds, for the next export's estimates (a failure to remember them is not the export's).
    await speeds.record(last.observed).catch(() => undefined);
    return last.result;
  } finally {
    signal?.removeEventListener('abort', cancel);
    await thread.terminate();
    // What the thread registered and did not release: it can no longer remove it.
    for (const file of mirror) await removeTempFile(file).catch(() => undefined);
  }
}

/** A cancelled export fails with the signal's reason, as it did when the export ran in this thread. */
function failure(error: ThreadError, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason;
  return fromThreadError(error);
}

function send(thread: Worker, message: ToExportThread): void {
  thread.postMessage(message);
}
