/**
 * The one option and export flow of `roundtable render` and `roundtable export`: the export flags read
 * and the output checked before anything renders, then every turn rendered through the host's render queue
 * (recording the episode on the way), what the command does with the rendered project, and the export
 * through the host's export service. Each command adds only how it makes the project and what it does
 * between render and export (levels matched, new takes saved).
 */
import type { ExportOptions } from '../../shared/api/studio-api';
import type { Project } from '../../shared/model/project';
import type { VoiceInfo } from '../../shared/model/voice';
import type { BedStore } from '../host/beds/bed-store';
import { ENCODER_FILE_EXTENSIONS } from '../host/export/encoders/audio-encoder';
import { discardPrepared } from '../host/export/episode-recorder';
import type { EpisodeTags } from '../host/export/episode-tags';
import type { GuardedPaths } from '../host/export/output-guard';
import type { TakeStore } from '../host/render/take-store';
import type { StudioRuntime } from '../host/studio-runtime';
import type { CliIo } from './cli-io';
import type { ExportFlags } from './export-options';
import { checkOutputWritable, exportOptionsFromFlags } from './export-options';
import { renderForExport } from './render-turns';
import { runExportWithProgress } from './run-export';

/** The export flags as options, their notes said, and the output known to be writable (nothing rendered yet). */
export async function readExportFlags(
  flags: ExportFlags,
  io: CliIo,
): Promise<{ basePath: string; options: ExportOptions }> {
  const { basePath, options, notes } = exportOptionsFromFlags(flags);
  for (const note of notes) io.stderr(`note: ${note}\n`);
  await checkOutputWritable(`${basePath}${ENCODER_FILE_EXTENSIONS[options.format]}`);
  return { basePath, options };
}

export interface RenderThenExport {
  project: Project;
  store: TakeStore;
  basePath: string;
  options: ExportOptions;
  /** What the command reads (output-guard.ts); already checked by the command. */
  guarded: GuardedPaths;
  catalog: readonly VoiceInfo[];
  json: boolean;
  signal: AbortSignal;
  /** Record the episode while rendering (not when the audio changes after the render). Default true. */
  record?: boolean;
  /** What the command does with the rendered project before it is exported (default: nothing). */
  afterRender?: (rendered: Project) => Promise<Project>;
  /** The beds and tags of the episode to export. */
  extras: (episode: Project) => Promise<{ beds?: BedStore; tags?: EpisodeTags }>;
}

/** Renders, then exports; the exit code (1 when the export's checks found problems). */
export async function renderThenExport(
  studio: StudioRuntime,
  io: CliIo,
  flow: RenderThenExport,
): Promise<number> {
  const { store, basePath, options, signal } = flow;
  const { rendered, prepared } = await renderForExport(flow.project, store, studio, io, basePath, options, {
    record: flow.record ?? true,
    signal,
  });
  let episode: Project;
  let extras: { beds?: BedStore; tags?: EpisodeTags };
  try {
    signal.throwIfAborted();
    episode = flow.afterRender ? await flow.afterRender(rendered) : rendered;
    extras = await flow.extras(episode);
  } catch (error) {
    await discardPrepared(prepared);
    throw error;
  }
  const result = await runExportWithProgress(
    studio.exports,
    episode,
    store,
    basePath,
    options,
    io,
    flow.json,
    prepared,
    flow.guarded,
    signal,
    flow.catalog,
    extras,
  );
  return result.checks.ok ? 0 : 1;
}
