/** Messages between the EpisodeRecorder (host main thread) and its recording thread. */
import type { LoudnessResult } from '../loudness/loudness-meter';
import type { SpoolBitDepth } from '../spool-format';

export interface RecordingSetup {
  /** The export's rate: the recording assembles at it (see atSampleRate). */
  sampleRate: number;
  channels: 1 | 2;
  measure: boolean;
  spoolPath: string;
  /** The spool's sample size (spool-format.ts). */
  bitDepth: SpoolBitDepth;
}

export type ToRecordingThread =
  | {
      type: 'turn';
      /** Where the turn starts in the episode, at the export rate (shared/model/timeline.ts placeTurn). */
      startSample: number;
      /** The take trimmed, faded and levelled (readEpisodeTake), at its own rate. */
      pcm: Float32Array;
      takeRate: number;
      expectedSamples: number;
    }
  | { type: 'finish' }
  | { type: 'close' };

export type FromRecordingThread =
  | { type: 'recorded' }
  | { type: 'finished'; frames: number; loudness: LoudnessResult | null }
  | { type: 'failed'; message: string };
