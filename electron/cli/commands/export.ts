/** `roundtable export <project-dir> -o <out.mp3>`: a saved project to a finished episode. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ProjectStore } from '../../host/project/project-store';
import { TakeStore } from '../../host/render/take-store';
import type { StudioRuntime } from '../../host/studio-runtime';
import type { CliIo } from '../cli-io';
import { UserError } from '../cli-io';
import {
  EXPORT_OPTION_SPECS,
  EXPORT_OPTIONS_HELP,
  guardCliExport,
  readByEveryExport,
} from '../export-options';
import { catalogForSpeakers, speakerVoiceLines } from '../language-warnings';
import { joinNegativeValues } from '../negative-values';
import { readExportFlags, renderThenExport } from '../render-then-export';
import { BedStore } from '../../host/beds/bed-store';
import { episodeTagsOf } from '../../host/export/episode-tags';

export const EXPORT_USAGE = `Usage: roundtable export <project-dir> -o <out.wav|.mp3|.flac> [options]

Exports a saved project. Turns without a take (or whose take is missing from takes/) are rendered first;
the new takes are saved into the project. The project's beds (beds/) are mixed in, and its episode
details (title, show, number, artwork) go into the tags.

Options:
${EXPORT_OPTIONS_HELP}  --json                     print a JSON summary on stdout
`;

export async function runExportCommand(
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
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(EXPORT_USAGE);
    return 0;
  }
  const dir = positionals[0];
  if (!dir || positionals.length > 1)
    throw new UserError('export takes exactly one project folder', EXPORT_USAGE);
  const { basePath, options } = await readExportFlags(values, io);
  const store = new ProjectStore();
  const opened = await store.openProject(dir).catch((error: unknown) => {
    const typed = error as { message?: string; hint?: string };
    throw new UserError(typed.message ?? String(error), typed.hint);
  });
  for (const warning of opened.warnings) io.stderr(`warning: ${warning.message}\n`);
  const takes = new TakeStore(store.layout(dir).takesDir);
  const studio = runtime();
  try {
    // The project's own files are always guarded; besides them, what this command reads.
    const guarded = readByEveryExport(studio.dataDir, takes.dir, "the project's takes folder");
    await guardCliExport(opened.project, basePath, options, guarded);
    const catalog = await catalogForSpeakers(opened.project, studio);
    for (const line of speakerVoiceLines(opened.project, catalog)) io.stderr(`voice: ${line}\n`);
    return await renderThenExport(studio, io, {
      project: opened.project,
      store: takes,
      basePath,
      options,
      guarded,
      catalog,
      json: values.json ?? false,
      signal,
      afterRender: async (rendered) => {
        if (
          rendered.segments.some(
            (segment, index) => segment.take?.hash !== opened.project.segments[index]?.take?.hash,
          )
        ) {
          await store.saveProject(dir, rendered);
          io.stderr(`saved new takes into ${path.join(path.resolve(dir), 'project.json')}\n`);
        }
        return rendered;
      },
      extras: async (episode) => ({
        beds: new BedStore(store.layout(dir).bedsDir),
        tags: await episodeTagsOf(episode, store.layout(dir).artworkDir),
      }),
    });
  } finally {
    await studio.dispose();
  }
}
