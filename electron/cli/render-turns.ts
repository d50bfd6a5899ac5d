/**
 * The CLI's render: every turn of a project through the studio's render queue (cache first), with a
 * progress bar, the up-front plan, and the turns that failed named by their place in the script.
 */
import { ClipStore, clipsDirBesideTakes } from '../host/clips/clip-store';
import { attachClipReferences } from '../host/clips/clip-references';
import type { ExportOptions } from '../../shared/api/studio-api';
import type { Project, Take } from '../../shared/model/project';
import { formatDurationMs } from '../../shared/model/time';
import { turnRequestFor } from '../../shared/model/turn-request';
import { counted } from '../../shared/text/plural';
import { excerpt } from '../../shared/text/excerpt';
import type { PreparedEpisode } from '../host/export/episode-recorder';
import { discardPrepared, EpisodeRecorder } from '../host/export/episode-recorder';
import { estimateExportMs, ExportSpeedStore } from '../host/export/export-eta';
import { spoolBitDepth } from '../host/export/export-size';
import { spoolPathFor } from '../host/export/spooled-source';
import { dataPaths, resolveDataDir } from '../host/paths';
import type { TakeRequest } from '../host/render/render-service';
import { takeOf, type TakeStore } from '../host/render/take-store';
import { describeRenderPlan } from '../host/runtime/render-plan-report';
import type { StudioRuntime } from '../host/studio-runtime';
import type { CliIo } from './cli-io';
import { UserError } from './cli-io';
import { ProgressBar } from './progress';
import { withRecordingProgress } from './recording-progress';
import { RenderEta } from './render-eta';

/**
 * Renders every turn (see renderAllTurns) while recording the episode for the export that follows: the
 * host assembles, resamples and measures each finished turn while the worker renders the next one.
 */
export async function renderForExport(
  project: Project,
  store: TakeStore,
  studio: StudioRuntime,
  io: CliIo,
  basePath: string,
  options: ExportOptions,
  { record = true, signal }: { record?: boolean; signal?: AbortSignal } = {},
): Promise<{ rendered: Project; prepared: PreparedEpisode | null }> {
  await noteExportEstimate(project, options, record, io);
  if (!record)
    return { rendered: await renderAllTurns(project, store, studio, io, undefined, signal), prepared: null };
  const recorder = new EpisodeRecorder(project, store, {
    sampleRate: options.sampleRate,
    channels: options.channels,
    measure: options.loudnessLufs !== null,
    spoolPath: spoolPathFor(basePath),
    bitDepth: spoolBitDepth(options),
  });
  try {
    const rendered = await renderAllTurns(
      project,
      store,
      studio,
      io,
      (segmentId, take) => recorder.offer(segmentId, take),
      signal,
    );
    const prepared = await withRecordingProgress(recorder, io, () => recorder.finish(rendered));
    if (signal?.aborted) {
      await discardPrepared(prepared);
      signal.throwIfAborted();
    }
    return { rendered, prepared };
  } finally {
    await recorder.dispose();
  }
}

/** Speech runs at about this many characters a second (espeak-ng's default rate; voices vary ±30 %). */
const SPOKEN_CHARS_PER_SECOND = 14;

/** The plan's line for the export after the render, from the script's length and this machine's speeds. */
async function noteExportEstimate(project: Project, options: ExportOptions, measured: boolean, io: CliIo) {
  const speeds = await ExportSpeedStore.open(dataPaths(resolveDataDir()).exportSpeedsFile);
  const chars = project.segments.reduce((sum, segment) => sum + segment.text.length, 0);
  const gapsMs = project.segments.reduce((sum, segment) => sum + segment.gapBeforeMs, 0);
  const audioMs = (chars / SPOKEN_CHARS_PER_SECOND) * 1000 + gapsMs;
  const measure = options.loudnessLufs !== null && !measured;
  const ms = estimateExportMs(audioMs, options.format, measure, (key) => speeds.speed(key));
  io.stderr(`plan: then the ${options.format.toUpperCase()} export, about ${formatDurationMs(ms)}\n`);
}

/** Error codes of turns that fail the same way however often they are tried. */
const LASTING_FAILURES = new Set(['unknown-voice', 'model-missing', 'model-invalid', 'bad-request']);

/**
 * Renders every turn through the render queue (cache first); fails with the turns that could not render.
 * `signal` cancels the render (finished turns stay in the cache) and rejects with its reason.
 */
export async function renderAllTurns(
  project: Project,
  store: TakeStore,
  studio: StudioRuntime,
  io: CliIo,
  onTake?: (segmentId: string, take: Take) => void,
  signal?: AbortSignal,
): Promise<Project> {
  const speakers = new Map(project.speakers.map((speaker) => [speaker.id, speaker]));
  const segments = new Map(project.segments.map((segment) => [segment.id, segment]));
  /** Where a turn is in the script, as the user knows it: `line 12 (Host)`. */
  const where = (segmentId: string) => {
    const segment = segments.get(segmentId);
    const speaker = segment && speakers.get(segment.speakerId);
    return `line ${segment?.sourceLine ?? '?'}${speaker ? ` (${speaker.name})` : ''}`;
  };
  /** Why each failed turn failed. */
  const reasons = new Map<string, string>();
  /** Turns that failed for a reason that running again will not fix (a voice or model that is not there). */
  const lasting = new Set<string>();
  /** The full disk that stopped the render, if one did. */
  let diskFull: { message: string; hint?: string } | null = null;
  const progress = new ProgressBar(io, 'rendering');
  const textOf = new Map(project.segments.map((segment) => [segment.id, segment.text.length]));
  const eta = new RenderEta(
    (segmentId) => textOf.get(segmentId) ?? 0,
    project.segments.reduce((sum, segment) => sum + segment.text.length, 0),
  );
  /** Turns each speech server endpoint rendered. */
  const byEndpoint = new Map<string, number>();
  const unsubscribe = [
    studio.render.events.on('progress', (event) => {
      if (event.status === 'done' || event.status === 'cached')
        eta.finished(event.segmentId, event.status === 'done' ? 'engine' : 'cache');
      if (event.status !== 'queued' && event.status !== 'rendering')
        progress.update(event.doneCount, event.totalCount, '', eta.etaMs());
      if ((event.status === 'done' || event.status === 'cached') && event.take)
        onTake?.(event.segmentId, event.take);
      if (event.status === 'done' && event.renderedBy)
        for (const endpoint of event.renderedBy.split(', '))
          byEndpoint.set(endpoint, (byEndpoint.get(endpoint) ?? 0) + 1);
      if (event.status === 'failed' && event.error?.code === 'disk-full') {
        // The render stopped there (every later turn is cancelled): said once, below.
        diskFull = event.error;
        return;
      }
      if (event.status === 'failed') {
        const reason = event.error?.message ?? 'unknown error';
        reasons.set(event.segmentId, reason);
        if (LASTING_FAILURES.has(event.error?.code ?? '')) lasting.add(event.segmentId);
        progress.note(`${where(event.segmentId)} failed: ${reason}`);
      }
    }),
    // Every watchdog action with its reason (the queue's retries, the watchdog's steps, memory waits); crashes
    // and hangs are in the host's log already, and the retry that follows says what happens next.
    studio.watchdog.events.on('action', (action) => {
      if (action.action !== 'worker-crashed' && action.action !== 'worker-hung')
        progress.note(`watchdog: ${action.reason}`);
    }),
  ];
  try {
    // As the studio asks for them: the spoken words, the speaker's voice with the turn's own overrides.
    const turns = project.segments.map((segment) => {
      const request = turnRequestFor(project, segment);
      if (!request) throw new Error(`segment ${segment.id} has no speaker`);
      return request;
    });
    // Speakers with a reference clip: its stored file, consent checked, before anything renders.
    const requests = await attachClipReferences(turns, new ClipStore(clipsDirBesideTakes(store.dir)));
    await planOrRefuse(studio, store, requests, progress);
    signal?.throwIfAborted();
    progress.update(0, requests.length);
    const job = studio.render.startJob(store, requests);
    const cancel = () => studio.render.cancel(job.jobId);
    signal?.addEventListener('abort', cancel, { once: true });
    const takes = await job.done.finally(() => signal?.removeEventListener('abort', cancel));
    signal?.throwIfAborted();
    const failed = project.segments.filter((segment) => !takes.has(segment.id));
    if (diskFull !== null) {
      const { message, hint } = diskFull as { message: string; hint?: string };
      throw new UserError(
        `${message}; the render stopped there (${takes.size} of ${counted(project.segments.length, 'turn')} rendered, no episode was written)`,
        `${hint ?? 'Free some space on that disk, then run again.'} The finished turns are cached: running the same command again renders only the rest.`,
      );
    }
    if (failed.length > 0) {
      const lines = failed
        .slice(0, 10)
        .map(
          (segment) =>
            `${where(segment.id)}: ${reasons.get(segment.id) ?? 'not rendered'} — "${excerpt(segment.text, 60)}"`,
        );
      if (failed.length > lines.length) lines.push(`… and ${failed.length - lines.length} more`);
      throw new UserError(
        `${failed.length} of ${counted(project.segments.length, 'turn')} could not be rendered; no episode was written:\n  ${lines.join('\n  ')}`,
        takes.size === 0
          ? 'no turn rendered: fix what the lines above say, then run again'
          : lasting.size > 0
            ? 'fix what the lines above say, then run the same command again: the finished turns are cached and only the rest render'
            : 'the finished turns are cached: run the same command again to render only the rest',
      );
    }
    progress.finish(`rendered ${counted(requests.length, 'turn')}`);
    if (byEndpoint.size > 0)
      io.stderr(
        `rendered by: ${[...byEndpoint].map(([endpoint, turns]) => `${endpoint} (${counted(turns, 'turn')})`).join(', ')}\n`,
      );
    return {
      ...project,
      segments: project.segments.map((segment) => {
        const take = takes.get(segment.id);
        return take ? { ...segment, take: takeOf(take) } : segment;
      }),
    };
  } finally {
    for (const off of unsubscribe) off();
  }
}

/** The up-front plan: refuses (exit 2, nothing rendered) when it cannot fit, else says what it will take. */
async function planOrRefuse(
  studio: StudioRuntime,
  store: TakeStore,
  requests: TakeRequest[],
  progress: ProgressBar,
): Promise<void> {
  const report = await studio.watchdog.planRender(store, requests);
  const { lines, changes } = describeRenderPlan(report);
  if (!report.fits) {
    throw new UserError(
      `this render would not fit in memory, so nothing was rendered:\n  ${lines.join('\n  ')}`,
      changes.length > 0 ? `What to change:\n  - ${changes.join('\n  - ')}` : undefined,
    );
  }
  for (const line of lines) progress.note(`plan: ${line}`);
}
