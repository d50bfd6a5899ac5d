/**
 * Entry of a levels thread (worker_threads): measures every speaker's loudness over its takes
 * (speaker-loudness.ts) away from the host's main thread, which in the desktop app is Electron's main
 * process: "Match levels" reads and meters every take of the episode (90 minutes of audio for a long one).
 * The host sends `cancel`; the thread answers once, with the levels or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toThreadError } from '../../export/thread/thread-errors';
import { TakeStore } from '../take-store';
import type { FromLevelsThread, LevelsThreadSetup, ToLevelsThread } from './levels-thread-protocol';
import { measureSpeakerLoudness } from './speaker-loudness';

const port = parentPort;
if (!port) throw new Error('levels-thread.ts runs as a worker thread');
const setup = workerData as LevelsThreadSetup;
const post = (message: FromLevelsThread) => port.postMessage(message);

const controller = new AbortController();
port.on('message', (message: ToLevelsThread) => {
  if (message.type === 'cancel') controller.abort();
});

measureSpeakerLoudness(setup.project, new TakeStore(setup.storeDir), controller.signal).then(
  (levels) => post({ type: 'done', levels }),
  (error: unknown) => post({ type: 'failed', error: toThreadError(error) }),
);
