/**
 * The content-addressed take cache: `<dir>/<hash>.wav` (mono 16-bit at the engine's rate),
 * `<hash>.peaks.json` (for waveforms) and `<hash>.json` (metadata, written last: its presence commits the take).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { computePeaks } from '../audio/peaks';
import { readWavFile } from '../audio/wav-reader';
import { writeWavFile } from '../audio/wav-writer';
import { firstNonFinite } from './pcm-checks';
import type { Take } from '../../../shared/model/project';

export const SAMPLES_PER_PEAK = 256;
const HASH = /^[0-9a-f]{16,64}$/;

export interface TakeMeta {
  hash: string;
  sampleRate: number;
  durationSamples: number;
  engine: string;
  model?: string;
  voice: string;
  text: string;
  createdAtMs: number;
  /** Server engines: the endpoints that rendered the take's chunks. */
  renderedBy?: string[];
  /** The seed the speaker asked for, where the engine takes one. */
  seed?: number;
}

/** The project's reference to a stored take (what a segment keeps of its metadata). */
export function takeOf(meta: TakeMeta): Take {
  return {
    hash: meta.hash,
    durationSamples: meta.durationSamples,
    sampleRate: meta.sampleRate,
    createdAtMs: meta.createdAtMs,
  };
}

export interface TakePeaks {
  sampleRate: number;
  samplesPerPeak: number;
  /** Interleaved min/max pairs in [-1, 1]. */
  peaks: number[];
}

export class TakeStore {
  constructor(readonly dir: string) {}

  wavPath(hash: string): string {
    return path.join(this.dir, `${checkHash(hash)}.wav`);
  }

  private metaPath(hash: string): string {
    return path.join(this.dir, `${checkHash(hash)}.json`);
  }

  private peaksPath(hash: string): string {
    return path.join(this.dir, `${checkHash(hash)}.peaks.json`);
  }

  /** The take's metadata when the cache holds a complete take with this hash. */
  async get(hash: string): Promise<TakeMeta | undefined> {
    try {
      const meta = JSON.parse(await fs.readFile(this.metaPath(hash), 'utf8')) as TakeMeta;
      const stat = await fs.stat(this.wavPath(hash));
      if (stat.size < 44 + meta.durationSamples * 2) return undefined;
      return meta;
    } catch {
      return undefined;
    }
  }

  async put(
    hash: string,
    pcm: Float32Array,
    sampleRate: number,
    info: Omit<TakeMeta, 'hash' | 'sampleRate' | 'durationSamples' | 'createdAtMs'>,
  ): Promise<TakeMeta> {
    // A NaN would be written as silence and served as a finished take ever after.
    const bad = firstNonFinite(pcm);
    if (bad >= 0) throw new Error(`take ${hash} was not stored: sample ${bad} is ${pcm[bad]}`);
    await fs.mkdir(this.dir, { recursive: true });
    await writeWavFile(this.wavPath(hash), pcm, sampleRate);
    const peaks: TakePeaks = {
      sampleRate,
      samplesPerPeak: SAMPLES_PER_PEAK,
      peaks: Array.from(computePeaks(pcm, SAMPLES_PER_PEAK), round4),
    };
    await writeFileAtomic(this.peaksPath(hash), JSON.stringify(peaks));
    const meta: TakeMeta = {
      hash,
      sampleRate,
      durationSamples: pcm.length,
      createdAtMs: Date.now(),
      ...info,
    };
    await writeFileAtomic(this.metaPath(hash), JSON.stringify(meta, null, 2));
    return meta;
  }

  async read(hash: string): Promise<{ pcm: Float32Array; sampleRate: number }> {
    const { info, samples } = await readWavFile(this.wavPath(hash));
    if (info.channels !== 1) throw new Error(`take ${hash} is not mono`);
    return { pcm: samples, sampleRate: info.sampleRate };
  }

  async peaks(hash: string): Promise<TakePeaks> {
    return JSON.parse(await fs.readFile(this.peaksPath(hash), 'utf8')) as TakePeaks;
  }
}

function checkHash(hash: string): string {
  if (!HASH.test(hash)) throw new Error(`"${hash}" is not a take hash`);
  return hash;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

async function writeFileAtomic(file: string, contents: string): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  await fs.writeFile(temp, contents);
  await fs.rename(temp, file);
}
