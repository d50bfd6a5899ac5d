/**
 * The content-addressed take cache: `<dir>/<hash>.wav` (mono 16-bit at the engine's rate),
 * `<hash>.peaks.json` (for waveforms) and `<hash>.json` (metadata, written last: its presence commits the take).
 *
 * Every file is written atomically under a temp name of its own (files/), so two renders sharing a data
 * folder may store the same take at once: the results are the same content, the last rename wins whole.
 * A take is only a cache hit when its metadata reads and its WAV header matches it: a damaged take (a file
 * replaced, truncated, garbage of the right size) is a miss and renders again. Peaks are validated before
 * they reach the UI and computed again from the WAV when they are damaged.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { AudioError } from '../audio/audio-errors';
import { computePeaks } from '../audio/peaks';
import { readWavFile, readWavInfo } from '../audio/wav-reader';
import { writeWavFile } from '../audio/wav-writer';
import { writeFileAtomic } from '../files/atomic-write';
import { removeStaleTempFiles } from '../files/temp-files';
import { HostError } from '../host-error';
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
  /** The seed the turn or speaker asked for, where the engine takes one. */
  seed?: number;
  /** The SHA-256 of the reference clip the voice was cloned from (it is in the take's key too). */
  clip?: string;
  /** Take QA: the longest stretch of non-speech, when long enough to flag (take-qa.ts). */
  nonSpeech?: { startMs: number; durationMs: number };
}

/** The project's reference to a stored take (what a segment keeps of its metadata). */
export function takeOf(meta: TakeMeta): Take {
  return {
    hash: meta.hash,
    durationSamples: meta.durationSamples,
    sampleRate: meta.sampleRate,
    createdAtMs: meta.createdAtMs,
    ...(meta.seed !== undefined && Number.isInteger(meta.seed) && meta.seed >= 0 ? { seed: meta.seed } : {}),
    ...(meta.nonSpeech ? { nonSpeech: meta.nonSpeech } : {}),
  };
}

/** What a take's metadata must hold to be used; fields it does not name are kept as they are. */
const TakeMetaSchema = z.looseObject({
  hash: z.string(),
  sampleRate: z.number().int().positive(),
  durationSamples: z.number().int().nonnegative(),
  engine: z.string(),
  model: z.string().optional(),
  voice: z.string(),
  text: z.string(),
  createdAtMs: z.number(),
  renderedBy: z.array(z.string()).optional(),
  seed: z.number().optional(),
  nonSpeech: z
    .object({ startMs: z.number().int().nonnegative(), durationMs: z.number().int().positive() })
    .optional()
    .catch(undefined),
});

const TakePeaksSchema = z
  .object({
    sampleRate: z.number().int().positive(),
    samplesPerPeak: z.number().int().positive(),
    /** Interleaved min/max pairs in [-1, 1]. */
    peaks: z.array(z.number().min(-1).max(1)),
  })
  .refine((value) => value.peaks.length % 2 === 0, 'peaks come in min/max pairs');

export type TakePeaks = z.infer<typeof TakePeaksSchema>;

/** A take the cache holds but whose WAV cannot be read as the take it should be. */
export class TakeDamagedError extends HostError {
  constructor(hash: string, file: string, detail: string) {
    super(
      'take-damaged',
      `the cached take ${hash} (${file}) is damaged: ${detail}`,
      'Render this turn again: the damaged take is no longer used.',
    );
  }
}

export class TakeStore {
  /** Temp files of renders that were killed mid-write are removed once, before the first store. */
  private swept: Promise<unknown> | null = null;

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
    let meta: TakeMeta;
    try {
      meta = TakeMetaSchema.parse(JSON.parse(await fs.readFile(this.metaPath(hash), 'utf8')));
    } catch {
      return undefined;
    }
    if (meta.hash !== hash) return undefined;
    return (await this.wavProblem(hash, meta)) === null ? meta : undefined;
  }

  /** Why the take's WAV is not the take its metadata describes, or null when it is. */
  private async wavProblem(hash: string, meta: TakeMeta): Promise<string | null> {
    try {
      const info = await readWavInfo(this.wavPath(hash));
      if (info.channels !== 1 || info.sampleRate !== meta.sampleRate || info.sampleFormat !== 'pcm16') {
        return `it holds ${info.channels}-channel ${info.sampleFormat} audio at ${info.sampleRate} Hz`;
      }
      if (info.durationSamples !== meta.durationSamples) {
        return `it holds ${info.durationSamples} samples, not ${meta.durationSamples}`;
      }
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
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
    this.swept ??= removeStaleTempFiles(this.dir);
    await this.swept;
    await writeWavFile(this.wavPath(hash), pcm, sampleRate);
    await writeFileAtomic(this.peaksPath(hash), JSON.stringify(peaksOf(pcm, sampleRate)));
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

  /**
   * The take's samples. A WAV that cannot be read as a take throws TakeDamagedError (and its metadata is
   * removed, so the turn is no longer a cache hit and renders again); a missing one is Node's ENOENT.
   */
  async read(hash: string): Promise<{ pcm: Float32Array; sampleRate: number }> {
    const file = this.wavPath(hash);
    try {
      const { info, samples } = await readWavFile(file);
      if (info.channels !== 1) throw new TakeDamagedError(hash, file, `it has ${info.channels} channels`);
      return { pcm: samples, sampleRate: info.sampleRate };
    } catch (error) {
      if (!(error instanceof AudioError || error instanceof TakeDamagedError)) throw error;
      await fs.rm(this.metaPath(hash), { force: true }).catch(() => undefined);
      if (error instanceof TakeDamagedError) throw error;
      throw new TakeDamagedError(hash, file, DAMAGE[error.code] ?? 'it cannot be read as a take');
    }
  }

  /** The take's waveform peaks: read and checked, or computed again from the WAV when missing or damaged. */
  async peaks(hash: string): Promise<TakePeaks> {
    try {
      const parsed = TakePeaksSchema.safeParse(JSON.parse(await fs.readFile(this.peaksPath(hash), 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // Missing or not JSON: computed again below.
    }
    const { pcm, sampleRate } = await this.read(hash);
    const peaks = peaksOf(pcm, sampleRate);
    await writeFileAtomic(this.peaksPath(hash), JSON.stringify(peaks));
    return peaks;
  }
}

const DAMAGE: Partial<Record<AudioError['code'], string>> = {
  'not-wav': 'it is not a WAV file',
  'truncated-file': 'it is truncated',
  'unsupported-format': 'it is not in the format takes are stored in',
};

function peaksOf(pcm: Float32Array, sampleRate: number): TakePeaks {
  return {
    sampleRate,
    samplesPerPeak: SAMPLES_PER_PEAK,
    peaks: Array.from(computePeaks(pcm, SAMPLES_PER_PEAK), round4),
  };
}

function checkHash(hash: string): string {
  if (!HASH.test(hash)) throw new Error(`"${hash}" is not a take hash`);
  return hash;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
