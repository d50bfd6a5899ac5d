/**
 * Every speaker's loudness (speaker-loudness.ts), measured on a thread of its own (levels-thread.ts) so
 * that the desktop app's main process keeps answering the window while "Match levels" reads the episode.
 * The one entry point for the desktop app, serve mode and the CLI.
 */
import type { Project } from '../../../../shared/model/project';
import type { SpeakerLoudness } from '../../../../shared/model/speaker-levels';
import { startModuleThread } from '../../../threads/module-thread';
import { ThreadReplies } from '../../../threads/thread-replies';
import { fromThreadError } from '../../export/thread/thread-errors';
import type { TakeStore } from '../take-store';
import type { FromLevelsThread, LevelsThreadSetup, ToLevelsThread } from './levels-thread-protocol';

export async function measureSpeakerLoudnessOnThread(
  project: Project,
  store: TakeStore,
  signal?: AbortSignal,
): Promise<SpeakerLoudness[]> {
  signal?.throwIfAborted();
  const setup: LevelsThreadSetup = { project, storeDir: store.dir };
  const thread = startModuleThread(import.meta.url, './levels-thread', 'levels-thread', setup);
  const replies = new ThreadReplies<FromLevelsThread>(thread, (message) => ({
    type: 'failed',
    error: { name: 'Error', message: `the levels thread failed: ${message}` },
  }));
  const cancel = () => thread.postMessage({ type: 'cancel' } satisfies ToLevelsThread);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    const reply = await replies.next();
    if (reply.type === 'done') return reply.levels;
    if (signal?.aborted) throw signal.reason;
    throw fromThreadError(reply.error);
  } finally {
    signal?.removeEventListener('abort', cancel);
    replies.dispose();
    await thread.terminate();
  }
}
