/**
 * `roundtable models <list|import|remove|verify>`: the model packs in the data folder's `models/`.
 * Exit codes: 0 done, 1 the operation failed (the message names the file and what to do), 2 usage.
 */
import { parseArgs } from 'node:util';
import { defaultModelsDir } from '../../host/models/default-models-dir';
import { ModelPackError } from '../../host/models/model-pack-error';
import type { InstalledPack } from '../../host/models/model-packs';
import { ModelPacks } from '../../host/models/model-packs';
import { counted } from '../../../shared/text/plural';

export interface ModelsIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const MODELS_USAGE = `Usage: roundtable models [<command>] [options]   (no command: list)

Commands:
  list [--json]                         installed model packs
  import <folder> [--id <id>] [--model <file>] [--license <text>] [--replace] [--json]
                                        copy a downloaded Kokoro, Piper, Kitten TTS or Supertonic folder
                                        into the models folder
  remove <id>                           delete an installed pack
  verify [<id>...] [--load]             re-hash every file (all packs when no id; --load also loads the model)

Options:
  --models-dir <dir>                    models folder (default: <data folder>/models)
`;

export interface ModelsCommandOptions {
  /** Default: `<data folder>/models`, honouring ROUNDTABLE_DATA_DIR and --models-dir. */
  packs?: (modelsDir: string) => ModelPacks;
}

/** The `models` command as the CLI calls it. */
export function runModelsCommand(args: string[], io: ModelsIo): Promise<number> {
  return createModelsCommand()(args, io);
}

export function createModelsCommand(
  options: ModelsCommandOptions = {},
): (args: string[], io: ModelsIo) => Promise<number> {
  const makePacks = options.packs ?? ((modelsDir: string) => new ModelPacks({ modelsDir }));
  return async (args, io) => {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: {
          json: { type: 'boolean', default: false },
          id: { type: 'string' },
          model: { type: 'string' },
          license: { type: 'string' },
          replace: { type: 'boolean', default: false },
          load: { type: 'boolean', default: false },
          'models-dir': { type: 'string' },
          help: { type: 'boolean', short: 'h', default: false },
        },
      });
    } catch (error) {
      io.stderr(`roundtable models: ${(error as Error).message}\n\n${MODELS_USAGE}`);
      return 2;
    }
    const { values, positionals } = parsed;
    // `roundtable models [--json]` lists the installed packs.
    const [sub = 'list', ...rest] = positionals;
    if (values.help || sub === 'help') {
      io.stdout(MODELS_USAGE);
      return 0;
    }
    const packs = makePacks(values['models-dir'] ?? defaultModelsDir());
    try {
      switch (sub) {
        case 'list':
          return await list(packs, io, values.json);
        case 'import': {
          const [folder, extra] = rest;
          if (folder === undefined || extra !== undefined) return usage(io, 'import takes one folder');
          const result = await packs.importPack(folder, {
            ...(values.id !== undefined ? { id: values.id } : {}),
            ...(values.model !== undefined ? { model: values.model } : {}),
            ...(values.license !== undefined ? { license: values.license } : {}),
            replace: values.replace,
          });
          if (values.json) io.stdout(`${JSON.stringify(result.manifest, null, 2)}\n`);
          else {
            io.stdout(`imported ${describePack(result)}\n`);
            for (const note of result.notes) io.stderr(`note: ${note}\n`);
          }
          return 0;
        }
        case 'remove': {
          if (rest.length !== 1) return usage(io, 'remove takes one pack id');
          await packs.removePack(rest[0] as string);
          io.stdout(`removed ${rest[0]}\n`);
          return 0;
        }
        case 'verify':
          return await verify(packs, rest, values.load, io);
        default:
          return usage(io, `unknown models command "${sub}"`);
      }
    } catch (error) {
      if (error instanceof ModelPackError) {
        io.stderr(`roundtable models: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
        return 1;
      }
      throw error;
    }
  };
}

function usage(io: ModelsIo, message: string): number {
  io.stderr(`roundtable models: ${message}\n\n${MODELS_USAGE}`);
  return 2;
}

async function list(packs: ModelPacks, io: ModelsIo, json: boolean): Promise<number> {
  const listing = await packs.listPacks();
  if (json) {
    io.stdout(
      `${JSON.stringify({ packs: listing.packs.map((pack) => pack.manifest), broken: listing.broken }, null, 2)}\n`,
    );
    return 0;
  }
  if (listing.packs.length === 0 && listing.broken.length === 0) {
    io.stdout(`no model packs in ${packs.modelsDir}\nImport one with: roundtable models import <folder>\n`);
    return 0;
  }
  for (const pack of listing.packs) io.stdout(`${describePack(pack)}\n`);
  for (const { dir, problem } of listing.broken) io.stderr(`broken: ${dir}: ${problem.message}\n`);
  return 0;
}

async function verify(packs: ModelPacks, ids: string[], loadModel: boolean, io: ModelsIo): Promise<number> {
  const targets = ids.length > 0 ? ids : (await packs.listPacks()).packs.map((pack) => pack.manifest.id);
  if (targets.length === 0) {
    io.stdout('no model packs to verify\n');
    return 0;
  }
  let failed = 0;
  for (const id of targets) {
    try {
      const report = await packs.verifyPack(id, { loadModel });
      io.stdout(`ok      ${id} (${counted(report.files, 'file')}, ${formatBytes(report.bytes)})\n`);
    } catch (error) {
      if (!(error instanceof ModelPackError)) throw error;
      failed += 1;
      io.stdout(`FAILED  ${id}\n`);
      for (const problem of error.problems) io.stderr(`  ${problem.code}: ${problem.message}\n`);
      if (error.hint) io.stderr(`  ${error.hint}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

function describePack({ manifest }: InstalledPack): string {
  const bytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
  const voices = counted(manifest.voices.length, 'voice');
  return `${manifest.id}  ${manifest.engine}  ${voices}  ${manifest.sampleRate} Hz  ${formatBytes(bytes)}  license: ${manifest.license}`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
