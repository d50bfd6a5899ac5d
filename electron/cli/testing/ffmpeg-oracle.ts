/** Test oracle: measurements by ffmpeg, a decoder independent of the app. */
import { spawnSync } from 'node:child_process';

/**
 * Mean volume in dB of a stretch of a file, measured by ffmpeg (an independent decoder), optionally through
 * ffmpeg filters first (e.g. `highpass=f=12000` to hear only a bed's tone above the speech's band).
 */
export function meanVolumeDb(file: string, startMs: number, endMs: number, filters?: string): number {
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
      filters ? `${filters},volumedetect` : 'volumedetect',
      '-f',
      'null',
      '-',
    ],
    { encoding: 'utf8' },
  );
  const match = /mean_volume: (-?[\d.]+|-inf) dB/.exec(out.stderr);
  return match?.[1] === '-inf' || !match ? -Infinity : Number(match[1]);
}
