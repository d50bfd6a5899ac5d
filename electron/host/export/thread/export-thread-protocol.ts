/** Messages between `exportProject` (the host's main thread, export-service.ts) and the export thread. */
import type { ExportOptions, ExportProgress } from '../../../../shared/api/studio-api';
import type { Project } from '../../../../shared/model/project';
import type { VoiceInfo } from '../../../../shared/model/voice';
import type { PreparedEpisode } from '../episode-recorder';
import type { EpisodeTags } from '../episode-tags';
import type { ExportPhaseKey } from '../export-eta';
import type { ExportResult } from '../export-result';
import type { GuardedPaths } from '../output-guard';
import type { ThreadError } from './thread-errors';

/** workerData of an export thread: the export request as plain data (stores by their folders). */
export interface ExportThreadSetup {
  project: Project;
  /** The take cache's folder (TakeStore). */
  storeDir: string;
  /** The beds' folder (BedStore), when the host gave one. */
  bedsDir: string | null;
  basePath: string;
  options: ExportOptions;
  prepared: PreparedEpisode | null;
  guard: GuardedPaths | null;
  voices: readonly VoiceInfo[] | null;
  tags: EpisodeTags | null;
  /** This machine's speed for every phase (the thread reports what it observed with the result). */
  speeds: Record<ExportPhaseKey, number>;
}

export type ToExportThread =
  /** Stop the export (it removes what it wrote and answers `failed`). */
  { type: 'cancel' };

export type FromExportThread =
  | { type: 'progress'; progress: Omit<ExportProgress, 'jobId'> }
  /** The thread registered (`owned`) or released a temp file (files/temp-files.ts): the host mirrors it. */
  | { type: 'temp-file'; file: string; owned: boolean }
  | {
      type: 'done';
      result: ExportResult;
      /** The speeds this export observed, for the host's ExportSpeedStore. */
      observed: { key: ExportPhaseKey; speed: number }[];
    }
  | { type: 'failed'; error: ThreadError };
