/** `roundtable render <script> -o <out.wav>`: a script to a finished episode with transcripts. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Project } from '../../../shared/model/project';
import { formatVoiceRef } from '../../../shared/model/voice';
import { scriptToProject } from '../../../shared/model/from-script';
import { parseScript } from '../../../shared/script/parser';
import type { ParsedScript, ScriptDiagnostic } from '../../../shared/script/types';
import {
  catalogForSpeakers,
  formatDiagnostic,
  languageWarnings,
  speakerVoiceLines,
} from '../language-warnings';
import type { StudioRuntime } from '../../host/studio-runtime';
import type { CliIo } from '../cli-io';
import { UserError } from '../cli-io';
import {
  EXPORT_OPTION_SPECS,
  EXPORT_OPTIONS_HELP,
  guardCliExport,
  readByEveryExport,
} from '../export-options';
import type { GuardedPaths } from '../../host/export/output-guard';
import { readExportFlags, renderThenExport } from '../render-then-export';
import { parseVoiceOverrides } from '../voice-overrides';
import { applyVoiceClips, parseVoiceClipOptions, VOICE_CLIP_HELP } from '../voice-clips';
import { ClipStore, clipsDirBesideTakes } from '../../host/clips/clip-store';
import { matchLevels, parseGainOverrides, withGains } from '../speaker-gains';
import { readPronunciationFile } from '../pronunciation-file';
import { countChangedTexts } from '../../../shared/text/pronunciations';
import { counted } from '../../../shared/text/plural';
import { joinNegativeValues } from '../negative-values';
import { checkVoicesExist, defaultPackVoices, noteServers } from '../cli-voices';
import { parseIntOption, readScript } from '../read-script';
import { BED_OPTIONS_HELP, parseBedSpec, withCliBeds } from '../bed-options';
import { EPISODE_OPTION_SPECS, EPISODE_OPTIONS_HELP, episodeTagsFromFlags } from '../episode-options';
import { BedStore } from '../../host/beds/bed-store';
import { dataPaths } from '../../host/paths';

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
                             (and ;clip=<sha256> for a clip already imported)
${VOICE_CLIP_HELP}  --gain "<Speaker>=<dB>"    a speaker's level, -24 to +12 dB in 0.5 dB steps (e.g. "Guest=+1.5"); repeatable
  --match-levels             measure each speaker's rendered turns and set the levels that make them equally
                             loud (export normalisation then sets the episode's loudness)
  --pronunciations <file>    words said differently from how they are written, one per line as
                             \`written = said as\` (e.g. \`SQL = sequel\`); transcripts keep the written words
  --engine <id>              default engine for speakers given without one (espeak, kokoro, piper, kitten,
                             supertonic, or a speech server added with \`roundtable engines add\`)
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
      'voice-clip': { type: 'string', multiple: true, default: [] },
      consent: { type: 'boolean', default: false },
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
  const { basePath, options } = await readExportFlags(values, io);
  const gapMs = parseIntOption(values['gap-ms'], 'gap-ms', 0, 60_000);
  const overrides = parseVoiceOverrides(values.voice ?? [], { engine: values.engine, model: values.model });
  const voiceClips = parseVoiceClipOptions(values['voice-clip'] ?? []);
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
    ['--voice-clip', [...voiceClips.keys()]],
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
    // A script has no project folder: its clips go beside the shared take cache (<data>/cache/clips).
    const scratchClips = clipsDirBesideTakes(studio.scratchTakeStore().dir);
    if (voiceClips.size > 0) await fs.mkdir(path.dirname(scratchClips), { recursive: true });
    const speakers = await applyVoiceClips(
      scripted.speakers,
      voiceClips,
      values.consent ?? false,
      new ClipStore(scratchClips),
      (voice) => studio.render.describeVoice(voice),
    );
    const bedStore = new BedStore(dataPaths(studio.dataDir).bedCacheDir);
    const project = await withCliBeds(
      withGains({ ...scripted, speakers, settings: { ...scripted.settings, pronunciations } }, gains),
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
    return await renderThenExport(studio, io, {
      project,
      store,
      basePath,
      options,
      guarded,
      catalog,
      json: values.json ?? false,
      signal,
      // Levels matched after rendering change the audio: recording it while rendering would be wasted.
      record: !matchLevelsAfter,
      ...(matchLevelsAfter
        ? {
            afterRender: async (rendered: Project) => {
              const matched = await matchLevels(rendered, store);
              io.stderr(`${matched.summary}\n`);
              return matched.project;
            },
          }
        : {}),
      extras: async () => ({ beds: bedStore, tags }),
    });
  } finally {
    await studio.dispose();
  }
}
