/**
 * Issue 2's benchmarks: (1) the whole pipeline (parse, worker process, take cache, assembly, WAV and
 * transcripts) against calling espeak-ng directly on the same turns in this process; (2) peak memory of
 * rendering a short against a long script, each in its own child process with a cold take cache.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESPEAK_DEFAULT_WPM, loadEspeak } from '../electron/worker/espeak/espeak-wasm';
import { scriptToProject } from '../shared/model/from-script';
import { parseScript } from '../shared/script/parser';
import { measureCli } from './cli-measure';
import { generateScript } from './script-gen';

function renderScript(script: string): ReturnType<typeof measureCli> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-'));
  try {
    const scriptPath = path.join(dir, 'script.txt');
    fs.writeFileSync(scriptPath, script);
    return measureCli(['render', scriptPath, '-o', path.join(dir, 'out.wav')], { ROUNDTABLE_DATA_DIR: path.join(dir, 'data') });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchPipelineOverhead(minutes: number): Promise<Record<string, number>> {
  const script = generateScript(minutes);
  const { project } = scriptToProject(parseScript(script), { title: 'bench' });
  const voices = new Map(project.speakers.map((speaker) => [speaker.id, speaker.voice.voice]));
  const espeak = await loadEspeak();
  espeak.synthesize('Warm up.', { voice: 'en-us', wordsPerMinute: ESPEAK_DEFAULT_WPM, pitch: 50 }, () => undefined, () => true);
  const started = performance.now();
  let samples = 0;
  for (const segment of project.segments) {
    const options = { voice: voices.get(segment.speakerId) ?? 'en-us', wordsPerMinute: ESPEAK_DEFAULT_WPM, pitch: 50 };
    espeak.synthesize(segment.text, options, (pcm) => (samples += pcm.length), () => true);
  }
  const directMs = performance.now() - started;
  const pipeline = renderScript(script);
  return {
    turns: project.segments.length,
    audioSeconds: Math.round(samples / espeak.sampleRate),
    directEspeakMs: Math.round(directMs),
    pipelineMs: pipeline.wallMs,
    ratio: round3(pipeline.wallMs / directMs),
  };
}

export function benchRenderMemory(shortMinutes: number, longMinutes: number): Record<string, number> {
  const short = renderScript(generateScript(shortMinutes));
  const long = renderScript(generateScript(longMinutes));
  return {
    shortMinutes,
    longMinutes,
    shortPeakRssMiB: round3(short.maxRssKiB / 1024),
    longPeakRssMiB: round3(long.maxRssKiB / 1024),
    shortWallMs: short.wallMs,
    longWallMs: long.wallMs,
    ratio: round3(long.maxRssKiB / short.maxRssKiB),
  };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
