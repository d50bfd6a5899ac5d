/** The export flags shared by `render` and `export`, validated into the contract's ExportOptions. */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExportOptions } from '../../shared/api/studio-api';
import { ExportOptionsSchema } from '../../shared/api/studio-api';
import type { Project } from '../../shared/model/project';
import type { GuardedPaths } from '../host/export/output-guard';
import { checkOutputFolder, guardExport, OutputPathError } from '../host/export/output-guard';
import { dataPaths } from '../host/paths';
import { UserError } from './cli-io';
import { ownTempFile, removeTempFile, tempPathFor } from '../host/files/temp-files';

export const EXPORT_OPTION_SPECS = {
  output: { type: 'string', short: 'o' },
  loudness: { type: 'string' },
  'sample-rate': { type: 'string' },
  channels: { type: 'string' },
  'bit-depth': { type: 'string' },
  bitrate: { type: 'string' },
  'split-chapters': { type: 'boolean', default: false },
} as const;

export const EXPORT_OPTIONS_HELP = `  -o, --output <file>        episode file: .wav, .mp3 or .flac (transcripts and a report go beside it)
  --loudness <LUFS>|off      integrated loudness target (default -19 mono, -16 stereo; true peak <= -1 dBTP);
                             off: level as rendered, true peaks held under -0.1 dBTP
  --sample-rate <hz>         24000, 44100 (default) or 48000
  --channels <1|2>           mono (default) or stereo
  --bit-depth <16|24>        WAV and FLAC sample size (default 16)
  --bitrate <kbps>           MP3 constant bit rate: 96, 128, 192, 256 or 320 (default: 128 mono, 192 stereo)
  --split-chapters           one audio file per chapter
`;

export interface ExportFlags {
  output?: string;
  loudness?: string;
  'sample-rate'?: string;
  channels?: string;
  'bit-depth'?: string;
  bitrate?: string;
  'split-chapters'?: boolean;
}

/**
 * The export options the flags ask for, and notes on flags that do not apply to the chosen format (given
 * anyway, they are probably a mistake in the file name or the flag: worth a line, not a refusal).
 */
export function exportOptionsFromFlags(flags: ExportFlags): {
  basePath: string;
  options: ExportOptions;
  notes: string[];
} {
  if (!flags.output) throw new UserError('an output file is needed: -o <episode.wav|.mp3|.flac>');
  const output = path.resolve(flags.output);
  const extension = path.extname(output).toLowerCase();
  const format = ({ '.wav': 'wav', '.mp3': 'mp3', '.flac': 'flac' } as const)[
    extension as '.wav' | '.mp3' | '.flac'
  ];
  if (!format)
    throw new UserError(`cannot write "${path.basename(output)}": the file must end in .wav, .mp3 or .flac`);
  let loudnessLufs: number | null | undefined;
  if (flags.loudness !== undefined) {
    if (flags.loudness === 'off') loudnessLufs = null;
    else {
      loudnessLufs = Number(flags.loudness);
      if (!Number.isFinite(loudnessLufs))
        throw new UserError(`--loudness takes a LUFS value such as -16, or "off" (got "${flags.loudness}")`);
    }
  }
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const parsed = ExportOptionsSchema.safeParse({
    format,
    ...(flags['sample-rate'] !== undefined ? { sampleRate: number(flags['sample-rate']) } : {}),
    ...(flags.channels !== undefined ? { channels: number(flags.channels) } : {}),
    ...(flags['bit-depth'] !== undefined ? { bitDepth: number(flags['bit-depth']) } : {}),
    ...(flags.bitrate !== undefined ? { mp3BitrateKbps: number(flags.bitrate) } : {}),
    ...(loudnessLufs !== undefined ? { loudnessLufs } : {}),
    splitByChapter: flags['split-chapters'] ?? false,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const flag = flagName(String(issue.path[0]));
      return `--${flag} ${String(flags[flag as keyof ExportFlags])}: ${issue.message}`;
    });
    throw new UserError(problems.join('\n'), `the export options:\n${EXPORT_OPTIONS_HELP}`);
  }
  const notes: string[] = [];
  if (format === 'mp3' && flags['bit-depth'] !== undefined)
    notes.push(`--bit-depth applies to WAV and FLAC; "${path.basename(output)}" is an MP3 (see --bitrate)`);
  if (format !== 'mp3' && flags.bitrate !== undefined)
    notes.push(`--bitrate applies to MP3; "${path.basename(output)}" is lossless (see --bit-depth)`);
  return { basePath: output.slice(0, output.length - extension.length), options: parsed.data, notes };
}

function flagName(field: string): string {
  return (
    {
      sampleRate: 'sample-rate',
      channels: 'channels',
      bitDepth: 'bit-depth',
      mp3BitrateKbps: 'bitrate',
      loudnessLufs: 'loudness',
    }[field] ?? field
  );
}

/**
 * Makes sure the export (`output`, its audio file) can be written before anything renders, creating
 * nothing but a probe file: the output's folder must exist (an export never creates folders: a mistyped
 * path would leave new folders behind), then a probe file is written and removed there. A missing,
 * read-only or full location is a UserError saying which folder and why.
 */
export async function checkOutputWritable(output: string): Promise<void> {
  let dir: string;
  try {
    dir = await checkOutputFolder(output);
  } catch (error) {
    if (error instanceof OutputPathError) throw asUserError(error);
    throw error;
  }
  // A temp name of this check's own: a probe left by a killed run (whose pid this process may have now)
  // neither blocks the check nor stays (the export removes stale ones).
  const probe = tempPathFor(path.join(dir, path.basename(output)));
  ownTempFile(probe);
  try {
    await fs.writeFile(probe, '', { flag: 'wx' });
  } catch (error) {
    await removeTempFile(probe).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const why =
      code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? `you may not write to the folder ${dir}`
        : code === 'ENOSPC' || code === 'EDQUOT'
          ? `the disk holding ${dir} is full`
          : code === 'ENOENT' || code === 'EINVAL' || code === 'ENOTSUP' || code === 'EOPNOTSUPP'
            ? `files cannot be created in ${dir} (${code}: a system folder, or a file system that takes no new files)`
            : `${(error as Error).message}`;
    throw new UserError(`cannot write ${output}: ${why}`, 'choose another place with -o');
  }
  await removeTempFile(probe);
}

/** An output path the guard refused, as the CLI says it (exit 2, no stack). */
export function asUserError(error: OutputPathError): UserError {
  return new UserError(error.message, error.hint);
}

/**
 * What every CLI export reads besides its own inputs: the take cache it renders into and the app's files
 * in the data folder (model packs, calibration figures, recent projects, the GPU inventory).
 */
export function readByEveryExport(dataDir: string, takesDir: string, takesWhat: string): GuardedPaths {
  const data = dataPaths(dataDir);
  return {
    files: [
      { path: data.calibrationFile, what: "the app's calibration file" },
      { path: data.recentProjectsFile, what: "the app's recent projects list" },
      { path: data.gpuInventoryFile, what: "the app's GPU inventory" },
    ],
    folders: [
      { path: takesDir, what: takesWhat },
      { path: data.modelsDir, what: 'the model packs folder' },
    ],
  };
}

/**
 * Refuses, before anything renders, an export whose files would replace something the command reads (the
 * script, a pronunciation list, its take cache or model packs) or a project's own files (output-guard.ts).
 */
export async function guardCliExport(
  project: Project,
  basePath: string,
  options: ExportOptions,
  guarded: GuardedPaths,
): Promise<void> {
  try {
    await guardExport(project, basePath, options, guarded);
  } catch (error) {
    if (error instanceof OutputPathError) throw asUserError(error);
    throw error;
  }
}
