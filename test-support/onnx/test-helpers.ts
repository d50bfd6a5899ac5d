/** Shared bits of the ONNX integration tests: temp folders, fake phonemizer, specs, audio measures. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExecutionProvider, ModelSpec } from '../../shared/protocol/worker-protocol';
import type { Phonemizer } from '../../electron/worker/engines/onnx/phonemizer';

export function makeTempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rt-${prefix}-`));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** "Phonemes" = the lower-case letters and spaces of the text: deterministic and in every test vocabulary. */
export const letterPhonemizer: Phonemizer = {
  phonemize: async (text) =>
    text
      .toLowerCase()
      .replace(/[^a-z ]/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
};

export function kokoroSpec(
  id: string,
  dir: string,
  files: { model: string; vocab: string; voices?: string; voiceFiles?: Record<string, string> },
  providers: ExecutionProvider[] = ['cpu'],
): ModelSpec {
  const entries: Record<string, string> = {
    model: path.join(dir, files.model),
    vocab: path.join(dir, files.vocab),
  };
  if (files.voices) entries.voices = path.join(dir, files.voices);
  for (const [voice, file] of Object.entries(files.voiceFiles ?? {}))
    entries[`voice:${voice}`] = path.join(dir, file);
  return { id, engine: 'kokoro', dir, files: entries, sampleRate: 24_000, providers };
}

export function piperSpec(
  id: string,
  dir: string,
  name: string,
  providers: ExecutionProvider[] = ['cpu'],
): ModelSpec {
  return {
    id,
    engine: 'piper',
    dir,
    files: { model: path.join(dir, `${name}.onnx`), config: path.join(dir, `${name}.onnx.json`) },
    sampleRate: 22_050,
    providers,
  };
}

export { concatFloat32 as concat } from '../float32';

export function rms(samples: Float32Array): number {
  let sum = 0;
  for (const value of samples) sum += value * value;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}

export function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}

export const neverAborted: AbortSignal = new AbortController().signal;
