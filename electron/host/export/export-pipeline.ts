/**
 * The export itself: streamed from the take cache (never the whole episode in memory), measured per
 * ITU-R BS.1770 and normalised to a loudness target under a −1 dBTP true-peak ceiling, encoded as WAV, MP3
 * or FLAC with chapters, optionally one file per chapter, with transcripts and a check report beside.
 * Everything here is CPU and file work: it runs on the export thread (thread/export-thread.ts), never on the
 * host's main thread; `exportProject` (export-service.ts) starts it there.
 */
import path from 'node:path';
import type { ExportOptions, ExportProgress } from '../../../shared/api/studio-api';
import type { Project } from '../../../shared/model/project';
import type { EpisodeTimeline } from '../../../shared/model/timeline';
import { samplesToMs } from '../../../shared/model/time';
import { ENCODER_FILE_EXTENSIONS } from './encoders/audio-encoder';
import type { TimedChapter } from './encoders/chapters';
import type { EncodePassResult, Section } from './encode-pass';
import { encodePass, removeFiles } from './encode-pass';
import type { PreparedEpisode } from './episode-recorder';
import { atSampleRate, exportSource } from './export-source';
import { removeStaleLegacySpools, SpooledSource, spoolPathFor } from './spooled-source';
import { writeFileAtomic } from '../files/atomic-write';
import { removeStaleLock } from '../files/file-lock';
import { removeStaleTempFiles, removeTempFile } from '../files/temp-files';
import { requireFreeSpace } from '../files/write-errors';
import { exportBytes, spoolBitDepth } from './export-size';
import { spoolBytes } from './spool-format';
import { outputLockPath, StagedOutputs } from './staged-outputs';
import type { ExportSpeeds } from './export-eta';
import { ExportEta, ExportSpeedStore } from './export-eta';
import { CLIP_GUARD_DBTP, dbToLinear, DEFAULT_CEILING_DBTP } from './loudness/gain';
import { exportSummary, formatReport } from './export-report';
import type { ExportResult } from './export-result';
import type { EncoderLevel } from './encoders/encoder-level';
import { encoderLevel } from './encoders/encoder-level';
import type { LoudnessResult } from './loudness/loudness-meter';
import { LoudnessMeter } from './loudness/loudness-meter';
import type { LoudnessPlan } from './loudness/loudness-plan';
import { LimitedGainSearch, startPlan } from './loudness/loudness-plan';
import { completeTimeline, episodeTurnKeys } from '../render/episode-assembler';
import { timedTurns } from './timed-turns';
import type { TakeStore } from '../render/take-store';
import { turnsOfSection } from './transcripts/section-turns';
import { writeTranscripts } from './transcripts/write-transcripts';
import { exportFilesOf, EPISODE_TRANSCRIPTS, REPORT_SUFFIX, SECTION_TRANSCRIPTS } from './export-files';
import type { GuardedPaths } from './output-guard';
import { checkOutputs } from './output-guard';
import type { VoiceInfo } from '../../../shared/model/voice';
import { speakerVoiceSummaries } from '../../../shared/model/speaker-voices';
import type { BedStore } from '../beds/bed-store';
import type { EpisodeTags } from './episode-tags';
import { bedSpans, programSource } from '../beds/program-source';
import type { PlacedBed } from '../../../shared/model/bed-placement';
import { placeBeds, programFrames } from '../../../shared/model/bed-placement';

export const DEFAULT_LUFS = { 1: -19, 2: -16 } as const;
/** Episodes at least this long run the limiter on a thread beside the encoder (see encode-pass.ts). */
const LIMITER_THREAD_MIN_SECONDS = 20;

export interface ExportPipelineRequest {
  project: Project;
  store: TakeStore;
  /** Output path without extension (`exports/episode` → `episode.mp3`, `episode.srt`, ...). */
  basePath: string;
  options: ExportOptions;
  signal?: AbortSignal;
  onProgress?: (progress: Omit<ExportProgress, 'jobId'>) => void;
  /**
   * The episode as recorded while it rendered (episode-recorder.ts): used, and its spool deleted, when it
   * holds exactly this project's takes at the export's rate; otherwise only deleted.
   */
  prepared?: PreparedEpisode;
  /**
   * What the caller read (a script, a pronunciation list, a models folder): no output may replace or land
   * in them. The take cache and the own files of any project are always guarded (output-guard.ts).
   */
  guard?: GuardedPaths;
  /** This machine's export speeds, for progress and time left; observed speeds are added at the end. */
  speeds?: ExportSpeeds;
  /** Clock for progress and time left (tests). */
  now?: () => number;
  /**
   * The voice catalog, so the report and the JSON transcript name each speaker's language (without it,
   * only espeak voices' and the speakers' own languages are known).
   */
  voices?: readonly VoiceInfo[];
  /** Where the project's beds are stored (needed when it has beds: shared/model/beds.ts). */
  beds?: BedStore;
  /** Title, show, number and artwork for the tags (default: the project's title alone). */
  tags?: EpisodeTags;
}

export type { ExportResult };

/** Runs an export in this thread (the export thread's job; tests and the bench's in-process figure). */
export async function runExportPipeline(requested: ExportPipelineRequest): Promise<ExportResult> {
  // The episode is assembled at the export's rate: each take is resampled once, from its own rate (two
  // resamplings through the project's rate cost quality and, 24 → 44.1 kHz, most of the export's time).
  // Turns keep their places in milliseconds; only the rounding to samples is the export rate's.
  const request = { ...requested, project: atSampleRate(requested.project, requested.options.sampleRate) };
  const { project, store, options, signal } = request;
  const speechTimeline = completeTimeline(project);
  const { sampleRate, channels } = options;
  // Beds are mixed after the speech is assembled; the programme lasts as long as the longer of the two.
  const placed = placeBeds(project, speechTimeline, sampleRate);
  const timeline = { ...speechTimeline, totalSamples: programFrames(speechTimeline, placed, sampleRate) };
  const totalFrames = timeline.totalSamples;
  if (placed.length > 0 && !request.beds)
    throw new Error('this project has beds, but the export was not given their folder');
  const targetLufs = options.loudnessLufs === null ? null : (options.loudnessLufs ?? DEFAULT_LUFS[channels]);
  // Nothing is written before every output is known not to replace an input or a project's own file;
  // the output's folder must exist (an export never creates folders).
  const targets = exportFilesOf(project, timeline, request.basePath, options);
  await checkOutputs(targets.files, {
    files: request.guard?.files ?? [],
    folders: [{ path: store.dir, what: 'the take cache' }, ...(request.guard?.folders ?? [])],
  });
  // Spools and staged files of exports that were killed (their process is gone), and their lock.
  const outputDir = path.dirname(request.basePath);
  await removeStaleTempFiles(outputDir);
  await removeStaleLegacySpools(outputDir);
  await removeStaleLock(outputLockPath(request.basePath));
  const prepared = request.prepared;
  const usable =
    prepared && preparedMatches(prepared, project, sampleRate, channels, speechTimeline.totalSamples);
  const bitDepth = spoolBitDepth(options);
  const transcriptChars = project.segments.reduce((sum, segment) => sum + segment.text.length, 0);
  const needed = exportBytes(options, totalFrames, transcriptChars, !usable || placed.length > 0);
  const staging = new StagedOutputs(request.basePath);
  let spool: SpooledSource | null = null;
  let speech: SpooledSource | null = null;
  try {
    await requireFreeSpace(`${request.basePath}${ENCODER_FILE_EXTENSIONS[options.format]}`, needed);
    speech = usable ? SpooledSource.fromFile(prepared.spoolPath, prepared.bitDepth) : null;
    // With beds, loudness is measured on the mix: the recording (speech only) is read as the speech bus.
    spool =
      speech && placed.length === 0
        ? speech
        : new SpooledSource(
            programSource(
              speech ? speech.stream() : exportSource(project, store, sampleRate, channels, signal),
              placed,
              { beds: request.beds, sampleRate, channels, totalFrames, signal },
            ),
            spoolPathFor(request.basePath),
            bitDepth,
            spoolBytes(totalFrames * channels, bitDepth),
          );
    const measured = usable && placed.length === 0 && targetLufs !== null ? prepared.loudness : null;
    const result = await exportFromSource(
      request,
      staging,
      spool.stream(),
      timeline,
      targets,
      totalFrames,
      targetLufs,
      measured,
      placed,
    );
    await staging.commit(result.reportFile);
    request.onProgress?.({
      phase: 'done',
      fraction: 1,
      etaMs: null,
      files: [...result.audioFiles.map((f) => f.path), ...result.transcriptFiles, result.reportFile],
      summary: exportSummary(result),
    });
    return result;
  } finally {
    await staging.discard();
    await spool?.dispose();
    if (speech !== spool) await speech?.dispose();
    if (prepared && !usable) await removeTempFile(prepared.spoolPath);
  }
}

/** A recording made while rendering is used only for exactly this project's takes at this rate. */
function preparedMatches(
  prepared: PreparedEpisode,
  project: Project,
  sampleRate: number,
  channels: 1 | 2,
  totalFrames: number,
): boolean {
  return (
    prepared.sampleRate === sampleRate &&
    prepared.channels === channels &&
    prepared.frames === totalFrames &&
    prepared.turnKeys.length === project.segments.length &&
    episodeTurnKeys(project).every((key, index) => key === prepared.turnKeys[index])
  );
}

async function exportFromSource(
  request: ExportPipelineRequest,
  staging: StagedOutputs,
  source: () => AsyncGenerator<Float32Array>,
  timeline: EpisodeTimeline,
  targets: { chapters: TimedChapter[]; sections: Section[] },
  totalFrames: number,
  targetLufs: number | null,
  measured: LoudnessResult | null,
  placed: readonly PlacedBed[],
): Promise<ExportResult> {
  const { project, options, signal } = request;
  const { sampleRate, channels } = options;
  const { chapters } = targets;
  const tags = request.tags ?? { title: project.title };
  const needsMeasuring = targetLufs !== null && measured === null;
  const durationMs = samplesToMs(totalFrames, sampleRate);
  const encodeKey = `encode-${options.format}` as const;
  const speeds = request.speeds ?? ExportSpeedStore.inMemory();
  const eta = new ExportEta(
    [
      ...(needsMeasuring ? [{ key: 'measure' as const, audioMs: durationMs }] : []),
      { key: encodeKey, audioMs: durationMs },
      { key: 'finish' as const, audioMs: durationMs },
    ],
    (key) => speeds.speed(key),
    request.now ?? Date.now,
  );
  let encodePassNumber = 1;
  const progress = (phase: ExportProgress['phase'], phaseFraction: number) => {
    eta.progress(phaseFraction);
    request.onProgress?.({
      phase,
      fraction: eta.fraction(),
      etaMs: eta.etaMs(),
      files: [],
      // A second encode pass (a limited pass that missed the target) says so on the progress bar.
      ...(phase === 'encoding' && encodePassNumber > 1 ? { encodePass: encodePassNumber } : {}),
    });
  };

  // The plan aims the encoder's input: an MP3 encoder lowers the level and its decoding overshoots, so the
  // input is planned that much louder, with that much more true-peak headroom (encoder-level.ts).
  const encoder = encoderLevel(options);
  const inputTarget = targetLufs === null ? null : targetLufs - encoder.gainDb;
  const inputCeiling = DEFAULT_CEILING_DBTP - encoder.gainDb - encoder.peakMarginDb;
  let plan: LoudnessPlan | null = null;
  if (inputTarget !== null) {
    if (needsMeasuring) eta.start('measure');
    progress('measuring', 0);
    const planOptions = {
      sampleRate,
      channels,
      targetLufs: inputTarget,
      ceilingDbtp: inputCeiling,
      signal,
    };
    const sourceLoudness =
      measured ??
      (await measureLoudness(
        countingSource(source, totalFrames * channels, (f) => progress('measuring', f)),
        planOptions,
      ));
    plan = startPlan(sourceLoudness, planOptions);
  }

  // Every file is written under a staged name and renamed into place once all are complete (staged-outputs.ts).
  const sections = targets.sections.map((section) => ({ ...section, path: staging.stage(section.path) }));
  const stage = (file: string) => staging.stage(file);
  const search = plan?.useLimiter
    ? new LimitedGainSearch(plan, { sampleRate, channels, targetLufs: inputTarget ?? 0 })
    : null;
  let pass: EncodePassResult;
  for (;;) {
    eta.start(encodeKey, durationMs);
    progress('encoding', 0);
    pass = await encodePass({
      source: countingSource(source, totalFrames * channels, (f) => progress('encoding', f)),
      options,
      timeline,
      sections,
      chapters,
      tags,
      level:
        plan && search
          ? { kind: 'limiter', inputGain: dbToLinear(search.gainDb), ceilingDbtp: plan.ceilingDbtp }
          : plan
            ? { kind: 'gain', gain: plan.inputGain }
            : { kind: 'limiter', inputGain: 1, ceilingDbtp: CLIP_GUARD_DBTP },
      measureOutput: search !== null,
      bedSpans: bedSpans(placed),
      limiterOnThread: totalFrames >= LIMITER_THREAD_MIN_SECONDS * sampleRate,
      signal,
    });
    if (plan && search) plan.passes++;
    if (!search || !pass.output || search.record(pass.output)) break;
    await removeFiles(pass.audioFiles);
    encodePassNumber++;
  }
  const audioFiles = pass.audioFiles.map((file) => ({ ...file, path: staging.realPath(file.path) }));
  const { checks } = pass;
  if (pass.frames !== totalFrames) throw new Error(`exported ${pass.frames} frames, expected ${totalFrames}`);

  eta.start('finish');
  progress('checking', 0);
  const turns = timedTurns(project);
  const voices = speakerVoiceSummaries(project, request.voices);
  const transcripts = await writeTranscripts(request.basePath, turns, {
    formats: EPISODE_TRANSCRIPTS,
    voices,
    chapters: chapters.map((chapter) => ({ title: chapter.title, startMs: chapter.startMs })),
    title: tags.title,
    durationMs,
    stage,
    podcast: {
      ...(tags.show ? { podcastName: tags.show } : {}),
      ...(audioFiles.length === 1 ? { fileName: path.basename(audioFiles[0]?.path ?? '') } : {}),
    },
  });
  const transcriptFiles = transcripts.map((file) => file.path);
  if (sections.length > 1) {
    // Each chapter file gets captions on its own clock; the episode-wide files above stay for the whole.
    const extension = ENCODER_FILE_EXTENSIONS[options.format];
    for (const [index, section] of sections.entries()) {
      const startMs = samplesToMs(section.startFrame, sampleRate);
      const endMs = samplesToMs(sections[index + 1]?.startFrame ?? totalFrames, sampleRate);
      const written = await writeTranscripts(
        staging.realPath(section.path).slice(0, -extension.length),
        turnsOfSection(turns, startMs, endMs),
        { formats: SECTION_TRANSCRIPTS, title: section.title, durationMs: endMs - startMs, stage, voices },
      );
      transcriptFiles.push(...written.map((file) => file.path));
    }
  }
  const result: ExportResult = {
    audioFiles,
    transcriptFiles,
    reportFile: `${request.basePath}${REPORT_SUFFIX}`,
    loudness: {
      targetLufs,
      plan: plan && asDelivered(plan, encoder),
      measuredLufs: plan?.source.integratedLufs ?? null,
      encoder,
    },
    checks,
    durationMs,
    beds: placed.map((bed) => ({
      fileName: bed.bed.audio.fileName,
      startMs: samplesToMs(Math.max(0, bed.startFrame), sampleRate),
      endMs: samplesToMs(bed.startFrame + bed.frames, sampleRate),
      license: bed.bed.license ?? null,
      duckDb: bed.bed.duck?.depthDb ?? null,
    })),
  };
  await writeFileAtomic(stage(result.reportFile), formatReport(project, result, voices));
  eta.finish();
  // This machine's speeds, for the next export's estimates (a failure to remember them is not the export's).
  await speeds.record(eta.observedSpeeds()).catch(() => undefined);
  return result;
}

/** The plan in terms of the delivered file: what the encoder does to the level is applied to it. */
function asDelivered(plan: LoudnessPlan, encoder: EncoderLevel): LoudnessPlan {
  if (encoder.gainDb === 0 && encoder.peakMarginDb === 0) return plan;
  return {
    ...plan,
    expectedLufs: plan.expectedLufs === null ? null : plan.expectedLufs + encoder.gainDb,
    expectedTruePeakDbtp: plan.expectedTruePeakDbtp + encoder.gainDb,
    ceilingDbtp: DEFAULT_CEILING_DBTP,
  };
}

async function measureLoudness(
  source: () => AsyncGenerator<Float32Array>,
  options: { sampleRate: number; channels: 1 | 2; signal?: AbortSignal },
): Promise<LoudnessResult> {
  const meter = new LoudnessMeter(options.sampleRate, options.channels);
  for await (const block of source()) {
    options.signal?.throwIfAborted();
    meter.push(block);
  }
  return meter.result();
}

function countingSource(
  source: () => AsyncGenerator<Float32Array>,
  total: number,
  onFraction: (fraction: number) => void,
) {
  return async function* () {
    let seen = 0;
    let lastReport = 0;
    for await (const block of source()) {
      seen += block.length;
      if (seen - lastReport > total / 200) {
        lastReport = seen;
        onFraction(seen / Math.max(1, total));
      }
      yield block;
    }
  };
}
