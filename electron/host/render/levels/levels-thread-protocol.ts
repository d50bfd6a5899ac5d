/** Messages between `measureSpeakerLoudnessOnThread` (the host's main thread) and the levels thread. */
import type { Project } from '../../../../shared/model/project';
import type { SpeakerLoudness } from '../../../../shared/model/speaker-levels';
import type { ThreadError } from '../../export/thread/thread-errors';

/** workerData of a levels thread: the project and the take cache's folder (TakeStore). */
export interface LevelsThreadSetup {
  project: Project;
  storeDir: string;
}

export type ToLevelsThread = { type: 'cancel' };

export type FromLevelsThread =
  { type: 'done'; levels: SpeakerLoudness[] } | { type: 'failed'; error: ThreadError };
