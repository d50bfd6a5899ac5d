/**
 * Test support for the audio and export tests: temp folders, signal generators and the independent
 * oracles installed on the test machine (ffmpeg, ffprobe, espeak-ng). Used by tests only, never by app code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seededRandom } from '../../../../test-support/seeded-random';

export { seededRandom };

export interface TempDir {
  dir: string;
  file(name: string): string;
  remove(): void;
}

export function makeTempDir(prefix: string): TempDir {
  const dir = mkdtempSync(path.join(os.tmpdir(), `rt-${prefix}-`));
  return {
    dir,
    file: (name) => path.join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs a tool to completion; throws with its stderr if it fails. */
export function runTool(
  command: string,
  args: string[],
  input?: Uint8Array,
): { stdout: Buffer; stderr: string } {
  const result = spawnSync(command, args, { input, maxBuffer: 1 << 30 });
  if (result.error) throw result.error;
  const stderr = result.stderr.toString('utf8');
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${stderr}`);
  return { stdout: result.stdout, stderr };
}

export interface ProbedStream {
  codec_name: string;
  sample_rate: string;
  channels: number;
  duration?: string;
  duration_ts?: number;
  bits_per_sample?: number;
  bits_per_raw_sample?: string;
}

export interface ProbeResult {
  streams: ProbedStream[];
  format: { duration: string; format_name: string; tags?: Record<string, string> };
  chapters?: { start_time: string; end_time: string; tags?: { title?: string } }[];
}

export function ffprobe(file: string): ProbeResult {
  const { stdout } = runTool('ffprobe', [
    '-v',
    'error',
    '-show_streams',
    '-show_format',
    '-show_chapters',
    '-of',
    'json',
    file,
  ]);
  return JSON.parse(stdout.toString('utf8')) as ProbeResult;
}

/** Decodes any file ffmpeg reads to raw little-endian PCM of the given sample format, with CRC checks on. */
export function ffmpegDecode(file: string, format: 's16le' | 's24le' | 's32le' | 'f32le'): Buffer {
  const codec = format === 'f32le' ? 'pcm_f32le' : `pcm_${format}`;
  return runTool('ffmpeg', [
    '-v',
    'error',
    '-xerror',
    '-err_detect',
    'crccheck+bitstream+buffer',
    '-i',
    file,
    '-c:a',
    codec,
    '-f',
    format,
    '-',
  ]).stdout;
}

export interface Ebur128Summary {
  integratedLufs: number;
  truePeakDbtp: number;
  samplePeakDbfs: number;
}

/** ffmpeg's ebur128 filter summary for a file. */
export function ffmpegEbur128(file: string): Ebur128Summary {
  const { stderr } = runTool('ffmpeg', [
    '-nostats',
    '-hide_banner',
    '-i',
    file,
    '-af',
    'ebur128=peak=true+sample',
    '-f',
    'null',
    '-',
  ]);
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const number = (pattern: RegExp): number => {
    const match = pattern.exec(summary);
    if (match === null || match[1] === undefined)
      throw new Error(`ebur128 summary lacks ${pattern}:\n${summary}`);
    return Number(match[1]);
  };
  return {
    integratedLufs: number(/I:\s+(-?[\d.]+|-inf) LUFS/),
    samplePeakDbfs: number(/Sample peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS/),
    truePeakDbtp: number(/True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS/),
  };
}

/** Speech from espeak-ng as mono float samples at its native 22050 Hz. */
export function espeakSpeech(text: string, wavPath: string): string {
  runTool('espeak-ng', ['-v', 'en-us', '-s', '165', '-w', wavPath, text]);
  return wavPath;
}

/** A sine, interleaved over `channels` with the same signal on each channel. */
export function sine(
  frequencyHz: number,
  sampleRate: number,
  frames: number,
  amplitude = 0.5,
  channels = 1,
): Float32Array {
  const out = new Float32Array(frames * channels);
  const w = (2 * Math.PI * frequencyHz) / sampleRate;
  for (let i = 0; i < frames; i++) {
    const v = amplitude * Math.sin(w * i);
    for (let c = 0; c < channels; c++) out[i * channels + c] = v;
  }
  return out;
}

/** Uniform white noise in [-amplitude, amplitude). */
export function noise(frames: number, channels: number, amplitude: number, seed = 1): Float32Array {
  const random = seededRandom(seed);
  const out = new Float32Array(frames * channels);
  for (let i = 0; i < out.length; i++) out[i] = (random() * 2 - 1) * amplitude;
  return out;
}

/** Splits `length` into random pieces between 1 and `maxPiece` (some zero-length pieces too). */
export function randomSplits(length: number, maxPiece: number, seed: number): number[] {
  const random = seededRandom(seed);
  const pieces: number[] = [];
  let left = length;
  while (left > 0) {
    const roll = random();
    const piece = roll < 0.05 ? 0 : Math.min(left, 1 + Math.floor(random() * maxPiece));
    pieces.push(piece);
    left -= piece;
  }
  return pieces;
}
