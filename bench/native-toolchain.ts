/**
 * The toolchain a user would script instead of Roundtable (issue 16): the native `espeak-ng` once per turn
 * with its speaker's voice and rate, as many at once as there are cores; `sox` to join the turns with the
 * project's gap between them; ffmpeg's `loudnorm` in two passes (measure, then apply the measured values
 * with `linear=true`) to −19 LUFS / −1 dBTP, written as a 44.1 kHz WAV. Where a tool is missing it does not
 * run, and says which.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESPEAK_DEFAULT_WPM } from '../electron/worker/espeak/espeak-wasm';
import type { Project } from '../shared/model/project';

export const NATIVE_TOOLS = ['espeak-ng', 'sox', 'ffmpeg'] as const;

/** One turn as espeak-ng is asked for it (the same mapping for the wasm build and the native one). */
export interface EspeakTurn {
  voice: string;
  wordsPerMinute: number;
  pitch: number;
  text: string;
}

export function espeakTurns(project: Project): EspeakTurn[] {
  const voices = new Map(project.speakers.map((speaker) => [speaker.id, speaker.voice]));
  return project.segments.map((segment) => {
    const voice = voices.get(segment.speakerId);
    return {
      voice: voice?.voice ?? 'en-us',
      wordsPerMinute: Math.round((ESPEAK_DEFAULT_WPM * (voice?.params.ratePercent ?? 100)) / 100),
      pitch: 50,
      text: segment.text,
    };
  });
}

/** The native tools not found on PATH. */
export function missingNativeTools(): string[] {
  return NATIVE_TOOLS.filter(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0,
  );
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr
      .setEncoding('utf8')
      .on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-64_000)));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve(stderr)
        : reject(new Error(`${command} exited with ${code}: ${stderr.slice(-1000)}`)),
    );
  });
}

const LOUDNORM = 'loudnorm=I=-19:TP=-1:LRA=11';

/** The measured values of ffmpeg's first loudnorm pass (its JSON block at the end of stderr). */
function firstPassValues(stderr: string): Record<string, string> {
  const json = /\{[^{}]*"input_i"[^{}]*\}/.exec(stderr)?.[0];
  if (!json) throw new Error(`ffmpeg loudnorm printed no measurement: ${stderr.slice(-500)}`);
  return JSON.parse(json) as Record<string, string>;
}

export interface ToolchainRun {
  wallMs: number;
  stagesMs: { espeak: number; sox: number; loudnorm: number };
  /** Integrated loudness ffmpeg reported for the output of its second pass. */
  outputLufs: number | null;
}

/** Runs the whole toolchain on the turns in a temporary folder; wall time from the first espeak-ng call. */
export async function runNativeToolchain(turns: readonly EspeakTurn[], gapMs: number): Promise<ToolchainRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-native-'));
  try {
    const started = performance.now();
    const files = turns.map((_, index) => path.join(dir, `turn-${String(index).padStart(5, '0')}.wav`));
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < turns.length; index = next++) {
        const turn = turns[index]!;
        await run('espeak-ng', [
          '-v',
          turn.voice,
          '-s',
          String(turn.wordsPerMinute),
          '-p',
          String(turn.pitch),
          '-w',
          files[index]!,
          turn.text,
        ]);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, os.cpus().length) }, worker));
    const espeakDone = performance.now();

    const gap = path.join(dir, 'gap.wav');
    await run('sox', ['-n', '-r', '22050', '-c', '1', '-b', '16', gap, 'trim', '0', String(gapMs / 1000)]);
    const joined = path.join(dir, 'joined.wav');
    await run('sox', [...files.flatMap((file, i) => (i === 0 ? [file] : [gap, file])), joined]);
    const soxDone = performance.now();

    const measured = firstPassValues(
      await run('ffmpeg', [
        '-hide_banner',
        '-nostats',
        '-i',
        joined,
        '-af',
        `${LOUDNORM}:print_format=json`,
        '-f',
        'null',
        '-',
      ]),
    );
    const second =
      `${LOUDNORM}:measured_I=${measured.input_i}:measured_TP=${measured.input_tp}` +
      `:measured_LRA=${measured.input_lra}:measured_thresh=${measured.input_thresh}` +
      `:offset=${measured.target_offset}:linear=true:print_format=json`;
    const out = path.join(dir, 'episode.wav');
    const secondStderr = await run('ffmpeg', [
      '-hide_banner',
      '-nostats',
      '-y',
      '-i',
      joined,
      '-af',
      second,
      '-ar',
      '44100',
      out,
    ]);
    const done = performance.now();
    const outputI = Number(firstPassValues(secondStderr).output_i);
    return {
      wallMs: Math.round(done - started),
      stagesMs: {
        espeak: Math.round(espeakDone - started),
        sox: Math.round(soxDone - espeakDone),
        loudnorm: Math.round(done - soxDone),
      },
      outputLufs: Number.isFinite(outputI) ? outputI : null,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
