/**
 * Entry of an export thread (worker_threads): runs one export (export-pipeline.ts: the mix of takes and
 * beds, loudness, limiter, encoders, transcripts, report, the files put in place) away from the host's main
 * thread, which in the desktop app is Electron's main process and answers every IPC message. The host sends
 * `cancel`; the thread sends progress, its temp files (so the host's signal and exit handlers can remove
 * them) and, last, the result or the error. The host ends the thread after that last message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BedStore } from '../../beds/bed-store';
import { reportTempFiles } from '../../files/temp-files';
import { TakeStore } from '../../render/take-store';
import type { ExportPhaseKey, ExportSpeeds } from '../export-eta';
import { runExportPipeline } from '../export-pipeline';
import type { ExportThreadSetup, FromExportThread, ToExportThread } from './export-thread-protocol';
import { toThreadError } from './thread-errors';

const port = parentPort;
if (!port) throw new Error('export-thread.ts runs as a worker thread');
const setup = workerData as ExportThreadSetup;
const post = (message: FromExportThread) => port.postMessage(message);

const controller = new AbortController();
port.on('message', (message: ToExportThread) => {
  if (message.type === 'cancel') controller.abort();
});
reportTempFiles((file, owned) => post({ type: 'temp-file', file, owned }));

let observed: { key: ExportPhaseKey; speed: number }[] = [];
const speeds: ExportSpeeds = {
  speed: (key) => setup.speeds[key],
  record: async (seen) => {
    observed = [...seen];
  },
};

runExportPipeline({
  project: setup.project,
  store: new TakeStore(setup.storeDir),
  basePath: setup.basePath,
  options: setup.options,
  speeds,
  signal: controller.signal,
  onProgress: (progress) => post({ type: 'progress', progress }),
  ...(setup.bedsDir !== null ? { beds: new BedStore(setup.bedsDir) } : {}),
  ...(setup.prepared ? { prepared: setup.prepared } : {}),
  ...(setup.guard ? { guard: setup.guard } : {}),
  ...(setup.voices ? { voices: setup.voices } : {}),
  ...(setup.tags ? { tags: setup.tags } : {}),
}).then(
  (result) => post({ type: 'done', result, observed }),
  (error: unknown) => post({ type: 'failed', error: toThreadError(error) }),
);
