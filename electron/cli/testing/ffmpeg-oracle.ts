/** Test oracle: measurements by ffmpeg, a decoder independent of the app. */
import { spawnSync } from 'node:child_process';

/** Mean volume in dB of a stretch of a file, measured by ffmpeg (an independent decoder). */
export function meanVolumeDb(file: string, startMs: number, endMs: number): number {
  const out = spawnSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-nostats',
      '-ss',
      String(startMs / 1000),
      '-to',
      String(endMs / 1000),
      '-i',
      file,
      '-af',
      'volumedetect',
      '-f',
      'null',
      '-',
    ],
    { encoding: 'utf8' },
  );
  const match = /mean_volume: (-?[\d.]+|-inf) dB/.exec(out.stderr);
  return match?.[1] === '-inf' || !match ? -Infinity : Number(match[1]);
}
