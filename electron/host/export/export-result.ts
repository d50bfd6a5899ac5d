/** What an export wrote and measured (the report and the API's summary are made from it). */
import type { EncodedFile } from './encoders/audio-encoder';
import type { EncoderLevel } from './encoders/encoder-level';
import type { ExportCheckReport } from './export-checks';
import type { LoudnessPlan } from './loudness/loudness-plan';

export interface ExportResult {
  audioFiles: EncodedFile[];
  transcriptFiles: string[];
  reportFile: string;
  loudness: {
    targetLufs: number | null;
    plan: LoudnessPlan | null;
    measuredLufs: number | null;
    /** What the encoder does to the level (MP3); the plan is already in delivered terms. */
    encoder: EncoderLevel;
  };
  checks: ExportCheckReport;
  durationMs: number;
  /** The beds mixed in, where they sound (ms), for the report. */
  beds: { fileName: string; startMs: number; endMs: number; license: string | null; duckDb: number | null }[];
}
