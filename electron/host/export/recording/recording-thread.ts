/** Entry of the recording thread (worker_threads): runs an EpisodeSpoolWriter for the host's EpisodeRecorder. */
import { parentPort, workerData } from 'node:worker_threads';
import { EpisodeSpoolWriter } from './episode-spool-writer';
import type { FromRecordingThread, RecordingSetup, ToRecordingThread } from './recording-protocol';

const port = parentPort;
if (!port) throw new Error('recording-thread.ts runs as a worker thread');
let writer: EpisodeSpoolWriter | null = null;
let failed = false;

const reply = (message: FromRecordingThread) => port.postMessage(message);

port.on('message', (message: ToRecordingThread) => {
  if (message.type === 'close') {
    writer?.close();
    port.close();
    return;
  }
  if (failed) return;
  try {
    writer ??= new EpisodeSpoolWriter(workerData as RecordingSetup);
    if (message.type === 'turn') {
      writer.turn(message.startSample, message.pcm, message.takeRate, message.expectedSamples);
      reply({ type: 'recorded' });
    } else {
      reply({ type: 'finished', ...writer.finish() });
    }
  } catch (error) {
    failed = true;
    writer?.close();
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
