/**
 * Runs an export through the host's export service (the one the studio uses) with a progress bar, and
 * prints what was written: the presentation is all that is the CLI's own.
 */
import path from 'node:path';
import type { ExportOptions } from '../../shared/api/studio-api';
import type { Project } from '../../shared/model/project';
import { formatDurationMs } from '../../shared/model/time';
import type { VoiceInfo } from '../../shared/model/voice';
import { formatVoiceRef } from '../../shared/model/voice';
import { speakerVoiceSummaries } from '../../shared/model/speaker-voices';
import type { PreparedEpisode } from '../host/export/episode-recorder';
import { discardPrepared } from '../host/export/episode-recorder';
import type { ExportResult } from '../host/export/export-service';
import type { GuardedPaths } from '../host/export/output-guard';
import { exportSummary } from '../host/export/export-report';
import type { ExportService } from '../host/export/export-jobs';
import { summaryPhrases } from '../../shared/text/export-summary';
import type { TakeStore } from '../host/render/take-store';
import type { CliIo } from './cli-io';
import { ProgressBar } from './progress';
import type { BedStore } from '../host/beds/bed-store';
import type { EpisodeTags } from '../host/export/episode-tags';

export async function runExportWithProgress(
  exports: ExportService,
  project: Project,
  store: TakeStore,
  basePath: string,
  options: ExportOptions,
  io: CliIo,
  json: boolean,
  prepared: PreparedEpisode | null = null,
  guard: GuardedPaths = {},
  signal?: AbortSignal,
  /** The voice catalog: the report, the JSON transcript and `--json` name each speaker's language. */
  catalog: readonly VoiceInfo[] = [],
  extras: { beds?: BedStore; tags?: EpisodeTags } = {},
): Promise<ExportResult> {
  if (options.splitByChapter && project.chapters.length === 0) {
    io.stderr('note: there are no chapters (`# Title` lines), so --split-chapters writes one file\n');
  }
  const progress = new ProgressBar(io, 'exporting');
  try {
    signal?.throwIfAborted();
    const job = exports.start({
      project,
      store,
      basePath,
      options,
      ...(prepared ? { prepared } : {}),
      guard,
      voices: catalog,
      ...(signal ? { signal } : {}),
      ...extras,
      onProgress: (p) =>
        progress.update(
          Math.round(p.fraction * 1000),
          1000,
          p.encodePass ? `encoding again (pass ${p.encodePass}: correcting the loudness)` : p.phase,
          p.etaMs,
        ),
    });
    const result = await job.done;
    progress.finish('exported');
    if (json) {
      const languages = new Map(
        speakerVoiceSummaries(project, catalog).map((summary) => [summary.name, summary.language]),
      );
      io.stdout(
        `${JSON.stringify(
          {
            files: result.audioFiles.map((f) => f.path),
            speakers: project.speakers.map((speaker) => ({
              name: speaker.name,
              voice: formatVoiceRef(speaker.voice),
              ...(languages.get(speaker.name) ? { language: languages.get(speaker.name) } : {}),
              engine: speaker.voice.engine,
              ...(speaker.voice.model ? { model: speaker.voice.model } : {}),
              voiceId: speaker.voice.voice,
              ratePercent: speaker.voice.params.ratePercent,
              pitchSemitones: speaker.voice.params.pitchSemitones,
              gainDb: speaker.gainDb,
              turns: project.segments.filter((segment) => segment.speakerId === speaker.id).length,
            })),
            transcripts: result.transcriptFiles,
            report: result.reportFile,
            durationMs: result.durationMs,
            loudness: {
              targetLufs: result.loudness.targetLufs,
              sourceLufs: result.loudness.measuredLufs,
              expectedLufs: result.loudness.plan?.expectedLufs ?? null,
            },
            checks: result.checks,
          },
          null,
          2,
        )}\n`,
      );
    } else {
      for (const file of result.audioFiles)
        io.stderr(
          `wrote ${file.path} (${formatDurationMs(Math.round((file.durationSamples * 1000) / file.sampleRate))})\n`,
        );
      for (const file of [...result.transcriptFiles, result.reportFile]) io.stderr(`wrote ${file}\n`);
      const phrases = summaryPhrases(exportSummary(result), '-').map((phrase) => phrase.text);
      io.stderr(`result: ${phrases.join(', ')}\n`);
      if (!result.checks.ok)
        io.stderr(`export checks found problems: see ${path.basename(result.reportFile)}\n`);
    }
    return result;
  } finally {
    // The export deletes a recording it used; this deletes one it did not get to (it failed first).
    await discardPrepared(prepared);
  }
}
