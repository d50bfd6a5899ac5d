/** `roundtable render <script> -o <out.wav>`: a script to a finished episode with transcripts. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ExportOptions } from '../../../shared/api/studio-api';
import type { Project, Take } from '../../../shared/model/project';
import { formatVoiceRef, type VoiceRef } from '../../../shared/model/voice';
import { scriptToProject } from '../../../shared/model/from-script';
import { decodeScriptBytes, ENCODING_NAMES } from '../../../shared/script/decode-script';
import { parseScript } from '../../../shared/script/parser';
import type { ParsedScript, ScriptDiagnostic } from '../../../shared/script/types';
import type { PreparedEpisode } from '../../host/export/episode-recorder';
import { discardPrepared, EpisodeRecorder } from '../../host/export/episode-recorder';
import { estimateExportMs, ExportSpeedStore } from '../../host/export/export-eta';
import { dataPaths, resolveDataDir } from '../../host/paths';
import { formatDurationMs } from '../../../shared/model/time';
import { spoolBitDepth } from '../../host/export/export-size';
import { spoolPathFor } from '../../host/export/spooled-source';
import type { TakeRequest } from '../../host/render/render-service';
import { takeOf, type TakeStore } from '../../host/render/take-store';
import {
  catalogForSpeakers,
  formatDiagnostic,
  languageWarnings,
  speakerVoiceLines,
} from '../language-warnings';
import { describeRenderPlan } from '../../host/runtime/render-plan-report';
import type { StudioRuntime } from '../../host/studio-runtime';
import type { CliIo } from '../cli-io';
import { UserError } from '../cli-io';
import {
  checkOutputWritable,
  EXPORT_OPTION_SPECS,
  EXPORT_OPTIONS_HELP,
  exportOptionsFromFlags,
  guardCliExport,
  readByEveryExport,
} from '../export-options';
import type { GuardedPaths } from '../../host/export/output-guard';
import { ProgressBar } from '../progress';
import { runExportWithProgress } from '../run-export';
import { ENCODER_FILE_EXTENSIONS } from '../../host/export/encoders/audio-encoder';
import { parseVoiceOverrides } from '../voice-overrides';
import { matchLevels, parseGainOverrides, withGains } from '../speaker-gains';
import { readPronunciationFile } from '../pronunciation-file';
import { countChangedTexts, spokenText } from '../../../shared/text/pronunciations';
import { counted } from '../../../shared/text/plural';
import { joinNegativeValues } from '../negative-values';
import { excerpt } from '../../../shared/text/excerpt';
import { BED_OPTIONS_HELP, parseBedSpec, withCliBeds } from '../bed-options';
import { EPISODE_OPTION_SPECS, EPISODE_OPTIONS_HELP, episodeTagsFromFlags } from '../episode-options';
import { BedStore } from '../../host/beds/bed-store';

export const RENDER_USAGE = `Usage: roundtable render <script.txt|script.json> -o <out.wav|.mp3|.flac> [options]

Renders every turn of a script (finished turns come from the take cache) and writes the episode with
<out>.srt, <out>.vtt, <out>.json, <out>.labels.txt (Audacity) and <out>.report.txt beside it.

Script (plain text, UTF-8):
  Host: Welcome to the show.    \`Name: words\` starts a turn; each new name is a new speaker (any case)
  and this line continues it.   a line without a name continues the turn above
  # Chapter title               starts a chapter
  [pause 1.5s]                  silence (800ms works too), on its own line or inside a turn
  A JSON array [{"speaker": "Host", "text": "..."}] works too. Every line that cannot be used is reported
  with its line number; a name that looks like a typo of another speaker's ("Hots" beside "Host") is a
  warning, or an error with --strict-speakers.

Options:
${EXPORT_OPTIONS_HELP}  --voice "<Speaker>=<voice>" voice for a speaker; repeatable. <voice> is an espeak voice (en-gb-x-rp+f3),
                             engine:voice or engine:model/voice, with optional ;rate=<percent>;pitch=<semitones>
  --gain "<Speaker>=<dB>"    a speaker's level, -24 to +12 dB in 0.5 dB steps (e.g. "Guest=+1.5"); repeatable
  --match-levels             measure each speaker's rendered turns and set the levels that make them equally
                             loud (export normalisation then sets the episode's loudness)
  --pronunciations <file>    words said differently from how they are written, one per line as
                             \`written = said as\` (e.g. \`SQL = sequel\`); transcripts keep the written words
  --engine <id>              default engine for speakers given without one (espeak, kokoro, piper, or a
                             speech server added with \`roundtable engines add\`)
  --model <id>               default model pack for that engine
  --gap-ms <ms>              silence between turns (default 350)
  --title <text>             episode title (default: the script's file name)
  --strict-speakers          refuse a script with a speaker name that looks like a typo of another's
${EPISODE_OPTIONS_HELP}${BED_OPTIONS_HELP}  --json                     print a JSON summary on stdout (files, speakers with their voices, checks)
`;

/** With --strict-speakers, a speaker name that looks like a typo of another's is an error, not a warning. */
function strictSpeakers(parsed: ParsedScript, strict: boolean): ParsedScript {
  if (!strict) return parsed;
  return {
    ...parsed,
    diagnostics: parsed.diagnostics.map((d) =>
      d.speakerSuggestion
        ? { ...d, severity: 'error', fix: `${d.fix} (--strict-speakers makes this an error)` }
        : d,
    ),
  };
}

/**
 * One line per speaker for the plan: its voice as --voice takes it, its turns, and for a name that looks
 * like a typo of another's, that speaker and the lines to check.
 */
export function describeSpeakers(project: Project, diagnostics: readonly ScriptDiagnostic[]): string[] {
  const suspects = new Map<string, { suggested: string; lines: number[] }>();
  for (const d of diagnostics) {
    if (!d.speakerSuggestion) continue;
    const entry = suspects.get(d.speakerSuggestion.written) ?? {
      suggested: d.speakerSuggestion.suggested,
      lines: [],
    };
    entry.lines.push(d.line);
    suspects.set(d.speakerSuggestion.written, entry);
  }
  return project.speakers.map((speaker) => {
    const turns = project.segments.filter((segment) => segment.speakerId === speaker.id).length;
    const suspect = suspects.get(speaker.name);
    const check = suspect
      ? ` — did you mean ${suspect.suggested}? (${suspect.lines.length === 1 ? 'line' : 'lines'} ${suspect.lines.join(', ')})`
      : '';
    return `speaker ${speaker.name}: ${formatVoiceRef(speaker.voice)}, ${counted(turns, 'turn')}${check}`;
  });
}

/** Scripts larger than this are refused before reading: nobody writes a 50 MB script by hand. */
const MAX_SCRIPT_BYTES = 50 * 1024 * 1024;

export async function runRenderCommand(
  args: string[],
  io: CliIo,
  runtime: () => StudioRuntime,
  signal: AbortSignal = new AbortController().signal,
): Promise<number> {
  const { values, positionals } = parseArgs({
    // `--loudness -18` is the usual way to write a target; parseArgs alone would refuse it.
    args: joinNegativeValues(args, EXPORT_OPTION_SPECS),
    allowPositionals: true,
    options: {
      ...EXPORT_OPTION_SPECS,
      voice: { type: 'string', multiple: true, default: [] },
      gain: { type: 'string', multiple: true, default: [] },
      'match-levels': { type: 'boolean', default: false },
      pronunciations: { type: 'string' },
      engine: { type: 'string' },
      model: { type: 'string' },
      'gap-ms': { type: 'string' },
      title: { type: 'string' },
      'strict-speakers': { type: 'boolean', default: false },
      bed: { type: 'string', multiple: true, default: [] },
      ...EPISODE_OPTION_SPECS,
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(RENDER_USAGE);
    return 0;
  }
  const scriptPath = positionals[0];
  if (!scriptPath || positionals.length > 1)
    throw new UserError('render takes exactly one script file', RENDER_USAGE);
  const { basePath, options, notes } = exportOptionsFromFlags(values);
  for (const note of notes) io.stderr(`note: ${note}\n`);
  await checkOutputWritable(`${basePath}${ENCODER_FILE_EXTENSIONS[options.format]}`);
  const gapMs = parseIntOption(values['gap-ms'], 'gap-ms', 0, 60_000);
  const overrides = parseVoiceOverrides(values.voice ?? [], { engine: values.engine, model: values.model });
  const gains = parseGainOverrides(values.gain ?? []);
  const bedRequests = (values.bed ?? []).map(parseBedSpec);
  const matchLevelsAfter = values['match-levels'] ?? false;
  if (matchLevelsAfter && gains.size > 0) {
    throw new UserError(
      '--gain and --match-levels set the same thing',
      'use --match-levels to even the speakers out, or --gain to set levels yourself',
    );
  }

  const pronunciations = values.pronunciations ? await readPronunciationFile(values.pronunciations) : [];
  const text = await readScript(scriptPath, io);
  const parsed = strictSpeakers(parseScript(text), values['strict-speakers'] ?? false);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  for (const diagnostic of parsed.diagnostics) {
    io.stderr(
      `${scriptPath}:${diagnostic.line}: ${diagnostic.severity}: ${diagnostic.message}\n    ${diagnostic.excerpt}\n    fix: ${diagnostic.fix}\n`,
    );
  }
  if (errors.length > 0) {
    throw new UserError(
      `the script has ${counted(errors.length, 'error')}; nothing was rendered so that no line is lost`,
      'fix the lines above and run again',
    );
  }
  for (const [option, names] of [
    ['--voice', [...overrides.keys()]],
    ['--gain', [...gains.keys()]],
  ] as const) {
    const unknown = names.filter((name) => !parsed.speakers.includes(name));
    if (unknown.length > 0) {
      throw new UserError(
        `${option} names ${unknown.length === 1 ? 'a speaker' : 'speakers'} not in the script: ${unknown.join(', ')}`,
        `speakers are: ${parsed.speakers.join(', ')}`,
      );
    }
  }
  const studio = runtime();
  try {
    const packVoices = await defaultPackVoices(studio, values.engine, values.model);
    const { project: scripted, warnings } = scriptToProject(parsed, {
      title: values.title ?? path.basename(scriptPath).replace(/\.[^.]+$/, ''),
      sampleRate: options.sampleRate,
      ...(gapMs !== undefined ? { defaultGapMs: gapMs } : {}),
      voiceFor: (name, index) => overrides.get(name) ?? packVoices[index % Math.max(1, packVoices.length)],
    });
    for (const warning of warnings) io.stderr(`${scriptPath}:${warning.line}: warning: ${warning.message}\n`);
    const bedStore = new BedStore(dataPaths(studio.dataDir).bedCacheDir);
    const project = await withCliBeds(
      withGains({ ...scripted, settings: { ...scripted.settings, pronunciations } }, gains),
      bedRequests,
      bedStore,
      io,
    );
    const tags = await episodeTagsFromFlags(project, values);
    for (const line of describeSpeakers(project, parsed.diagnostics)) io.stderr(`plan: ${line}\n`);
    if (pronunciations.length > 0) {
      const said = countChangedTexts(
        project.segments.map((segment) => segment.text),
        pronunciations,
      );
      io.stderr(
        `pronunciations: ${counted(pronunciations.length, 'word')}, ${counted(said, 'turn')} said differently from how ${said === 1 ? 'it is' : 'they are'} written\n`,
      );
    }
    if (project.segments.length === 0)
      throw new UserError('the script has no turns to render', 'write turns like "Host: Hello"');
    await checkVoicesExist(studio, project.speakers);
    await noteServers(studio, project.speakers, io);
    // Only what this machine lists: a speech server that does not answer leaves its voices unjudged.
    const catalog = await catalogForSpeakers(project, studio);
    for (const line of speakerVoiceLines(project, catalog)) io.stderr(`voice: ${line}\n`);
    for (const warning of languageWarnings(project, catalog))
      io.stderr(formatDiagnostic(scriptPath, warning));

    const store = studio.scratchTakeStore();
    const everyExport = readByEveryExport(studio.dataDir, store.dir, 'the take cache');
    const guarded: GuardedPaths = {
      files: [
        { path: scriptPath, what: 'the script' },
        ...(values.pronunciations ? [{ path: values.pronunciations, what: 'the pronunciation list' }] : []),
        ...bedRequests.map((bed) => ({ path: bed.file, what: 'a bed' })),
        ...(values.artwork ? [{ path: values.artwork, what: 'the artwork' }] : []),
        ...(everyExport.files ?? []),
      ],
      folders: [...(everyExport.folders ?? []), { path: bedStore.dir, what: 'the bed cache' }],
    };
    await guardCliExport(project, basePath, options, guarded);
    // Levels matched after rendering change the audio: recording it while rendering would be wasted.
    const { rendered, prepared } = await renderForExport(project, store, studio, io, basePath, options, {
      record: !matchLevelsAfter,
      signal,
    });
    let episode = rendered;
    if (matchLevelsAfter) {
      const matched = await matchLevels(rendered, store);
      io.stderr(`${matched.summary}\n`);
      episode = matched.project;
    }
    const result = await runExportWithProgress(
      episode,
      store,
      basePath,
      options,
      io,
      values.json ?? false,
      prepared,
      guarded,
      signal,
      catalog,
      { beds: bedStore, tags },
    );
    return result.checks.ok ? 0 : 1;
  } finally {
    await studio.dispose();
  }
}

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
    const prepared = await recorder.finish(rendered);
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
  /** Turns each speech server endpoint rendered. */
  const byEndpoint = new Map<string, number>();
  const unsubscribe = [
    studio.render.events.on('progress', (event) => {
      if (event.status !== 'queued' && event.status !== 'rendering')
        progress.update(event.doneCount, event.totalCount);
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
    const requests = project.segments.map((segment) => {
      const speaker = speakers.get(segment.speakerId);
      if (!speaker) throw new Error(`segment ${segment.id} has no speaker`);
      // What the engine says: the written words with the project's pronunciations.
      const text = spokenText(segment.text, project.settings.pronunciations);
      return { segmentId: segment.id, text, voice: speaker.voice };
    });
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

/** With `--engine kokoro|piper --model <pack>`, speakers without `--voice` get the pack's voices in turn. */
async function defaultPackVoices(
  studio: StudioRuntime,
  engine: string | undefined,
  model: string | undefined,
): Promise<VoiceRef[]> {
  if (!engine || engine === 'espeak') return [];
  const server = await studio.servers.engine(engine);
  if (server) {
    const { voices } = await studio.servers.voices(engine);
    if (voices.length === 0)
      throw new UserError(
        `--engine ${engine}: the server lists no voices and none were entered by hand`,
        'give each speaker one with --voice "<Speaker>=<engine>:<model>/<voice>"',
      );
    return voices.map((voice) => ({
      engine,
      model: model ?? server.config.model,
      voice: voice.id,
      params: { ratePercent: 100, pitchSemitones: 0 },
    }));
  }
  if (!model)
    throw new UserError(
      `--engine ${engine} needs --model <pack id>`,
      'list imported packs with `roundtable models`',
    );
  const voices = (await studio.voices.voices(engine).catch(() => [])).filter(
    (voice) => voice.model === model,
  );
  if (voices.length === 0) {
    throw new UserError(
      `no ${engine} model pack "${model}" is imported`,
      'import one with `roundtable models import <folder>`; list them with `roundtable models`',
    );
  }
  return voices.map((voice) => ({
    engine,
    model,
    voice: voice.id,
    params: { ratePercent: 100, pitchSemitones: 0 },
  }));
}

/** Pack voices must exist before anything renders (espeak takes any of its own voice names). */
async function checkVoicesExist(studio: StudioRuntime, speakers: Project['speakers']): Promise<void> {
  const servers = new Map((await studio.servers.all()).map((server) => [server.id, server]));
  for (const speaker of speakers) {
    const server = servers.get(speaker.voice.engine);
    if (!server) continue;
    const { model, voice } = speaker.voice;
    if (model !== server.config.model)
      throw new UserError(
        `${speaker.name}'s voice names model "${model ?? ''}", but ${server.id} renders with "${server.config.model}"`,
        `use --voice "${speaker.name}=${server.id}:${server.config.model}/${voice}"`,
      );
    const listed = await studio.servers.voices(server.id);
    if (listed.voices.length > 0 && !listed.voices.some((entry) => entry.id === voice))
      throw new UserError(
        `${speaker.name}'s voice "${voice}" is not one ${server.id} offers`,
        `its voices: ${listed.voices.map((entry) => entry.id).join(', ')}`,
      );
  }
  const packVoices = speakers.filter(
    (speaker) => speaker.voice.engine !== 'espeak' && !servers.has(speaker.voice.engine),
  );
  if (packVoices.length === 0) return;
  const known = new Set(
    (await studio.voices.voices()).map((voice) => `${voice.engine}:${voice.model ?? ''}/${voice.id}`),
  );
  for (const speaker of packVoices) {
    const { engine, model, voice } = speaker.voice;
    if (!known.has(`${engine}:${model ?? ''}/${voice}`)) {
      throw new UserError(
        `${speaker.name}'s voice ${engine}:${model ?? '?'}/${voice} is not installed`,
        'list voices with `roundtable voices`; import packs with `roundtable models import <folder>`',
      );
    }
  }
}

/** Says where a render sends text: every speech server endpoint the speakers' engines use. */
async function noteServers(studio: StudioRuntime, speakers: Project['speakers'], io: CliIo): Promise<void> {
  const used = new Set(speakers.map((speaker) => speaker.voice.engine));
  for (const server of await studio.servers.all()) {
    if (!used.has(server.id)) continue;
    for (const source of server.pool.sources) {
      io.stderr(
        `plan: ${server.id} ${source.remote ? `sends text to ${source.label} (remote)` : `renders on ${source.label} (this machine)`}, ${source.maxConcurrent} at once\n`,
      );
    }
  }
}

async function readScript(file: string, io: CliIo): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new UserError(`cannot read the script "${file}": no such file`);
  }
  if (!stat.isFile()) throw new UserError(`"${file}" is not a file`);
  if (stat.size > MAX_SCRIPT_BYTES) {
    throw new UserError(
      `"${file}" is ${Math.round(stat.size / 1_048_576)} MB; scripts are limited to 50 MB`,
      'split the script into episodes',
    );
  }
  const { text, encoding } = decodeScriptBytes(await fs.readFile(file));
  if (encoding !== 'utf-8')
    io.stderr(`note: read "${file}" as ${ENCODING_NAMES[encoding]} (it is not UTF-8)\n`);
  return text;
}

function parseIntOption(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new UserError(`--${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  }
  return number;
}
