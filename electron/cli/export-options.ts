/** The export flags shared by `render` and `export`, validated into the contract's ExportOptions. */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExportOptions } from '../../shared/api/studio-api';
import { ExportOptionsSchema } from '../../shared/api/studio-api';
import { UserError } from './cli-io';

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
  --bitrate <kbps>           MP3 constant bit rate: 96, 128 (default), 192, 256 or 320
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
 * Makes sure the export can be written before anything renders: creates the output's folder and writes and
 * removes a probe file there. A read-only or missing location is a UserError saying which folder.
 */
export async function checkOutputWritable(basePath: string): Promise<void> {
  const dir = path.dirname(basePath);
  const probe = `${basePath}.write-check-${process.pid}`;
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(probe, '', { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const why =
      code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'you may not write there'
        : code === 'ENOSPC'
          ? 'the disk is full'
          : code === 'ENOTDIR' || (code === 'EEXIST' && (error as NodeJS.ErrnoException).syscall === 'mkdir')
            ? 'part of the path is a file, not a folder'
            : (error as Error).message;
    throw new UserError(`cannot write the export to ${dir}: ${why}`, 'choose another place with -o');
  }
  await fs.rm(probe, { force: true });
}
