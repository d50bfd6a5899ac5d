/**
 * One pass of an export over its episode: a plain gain or the true-peak limiter, then the encoder(s) (one
 * file, or one per chapter), the export checks, and optionally a loudness measurement of what was written.
 * A pass that is thrown away (the limiter search wants another gain) or fails removes its files.
 */
import fs from 'node:fs/promises';
import type { ExportOptions } from '../../../shared/api/studio-api';
import type { EpisodeTimeline } from '../../../shared/model/timeline';
import type { AudioEncoder, EncodedFile } from './encoders/audio-encoder';
import type { TimedChapter } from './encoders/chapters';
import { createAudioEncoder } from './encoders/create-encoder';
import type { ExportCheckReport } from './export-checks';
import { ExportChecker } from './export-checks';
import { limitOnThread } from './level/threaded-limiter';
import { TruePeakLimiter } from './loudness/limiter';
import type { LoudnessResult } from './loudness/loudness-meter';
import { LoudnessMeter } from './loudness/loudness-meter';
import { audioBytes } from './export-size';
import type { EpisodeTags } from './episode-tags';

export interface Section {
  title: string;
  /** First frame of the section at the export rate. */
  startFrame: number;
  path: string;
}

export interface EncodePassSpec {
  source: () => AsyncGenerator<Float32Array>;
  options: ExportOptions;
  timeline: EpisodeTimeline;
  sections: Section[];
  chapters: TimedChapter[];
  /** Title, show, episode number and artwork for the files' tags. */
  tags: EpisodeTags;
  /** What happens to the level: a plain gain, or the limiter after an input gain. */
  level: { kind: 'gain'; gain: number } | { kind: 'limiter'; inputGain: number; ceilingDbtp: number };
  /** Measure the loudness of what is written (for the limiter search). */
  measureOutput: boolean;
  /**
   * Run the limiter on a thread of its own, beside the meter, checks and encoder (same output; worth its
   * start-up on anything longer than a short preview).
   */
  limiterOnThread?: boolean;
  /** Where beds sound (export frames): gaps there are not expected to be silent. */
  bedSpans?: readonly { start: number; end: number }[];
  signal?: AbortSignal;
}

export interface EncodePassResult {
  audioFiles: EncodedFile[];
  checks: ExportCheckReport;
  frames: number;
  output: LoudnessResult | null;
}

export async function encodePass(spec: EncodePassSpec): Promise<EncodePassResult> {
  const { options, sections, chapters, level, signal, tags } = spec;
  const { sampleRate, channels } = options;
  const checker = new ExportChecker(spec.timeline, sampleRate, channels, spec.bedSpans);
  const meter = spec.measureOutput ? new LoudnessMeter(sampleRate, channels, { peakProfile: false }) : null;
  const limiterOptions =
    level.kind === 'limiter'
      ? { sampleRate, channels, ceilingDbtp: level.ceilingDbtp, inputGain: level.inputGain }
      : undefined;
  const limiter = limiterOptions && !spec.limiterOnThread ? new TruePeakLimiter(limiterOptions) : undefined;
  const gain = level.kind === 'gain' ? level.gain : 1;

  const audioFiles: EncodedFile[] = [];
  let encoder: AudioEncoder | undefined;
  let sectionIndex = -1;
  let written = 0;
  const openSection = async (index: number) => {
    if (encoder) audioFiles.push(await encoder.finish());
    encoder = undefined;
    sectionIndex = index;
    const section = sections[index];
    if (!section) return;
    encoder = await createAudioEncoder(options.format, {
      path: section.path,
      sampleRate,
      channels,
      bitDepth: options.bitDepth,
      mp3BitrateKbps: options.mp3BitrateKbps,
      expectedBytes: audioBytes(
        options,
        (sections[index + 1]?.startFrame ?? spec.timeline.totalSamples) - section.startFrame,
      ),
      // Split by chapter, the files are a set: the episode is the album, each chapter a numbered track.
      // One file: the episode is the track, its show the album and artist, its number the track number.
      metadata: options.splitByChapter
        ? {
            title: section.title,
            album: tags.title,
            track: { number: index + 1, total: sections.length },
            ...(tags.show ? { artist: tags.show } : {}),
            ...(tags.artwork ? { artwork: tags.artwork } : {}),
          }
        : {
            title: tags.title,
            chapters: chapters.map((c) => ({ title: c.title, startMs: c.startMs, endMs: c.endMs })),
            ...(tags.show ? { album: tags.show, artist: tags.show } : {}),
            ...(tags.episodeNumber !== undefined ? { track: { number: tags.episodeNumber } } : {}),
            ...(tags.artwork ? { artwork: tags.artwork } : {}),
          },
    });
  };
  const emit = async (block: Float32Array) => {
    meter?.push(block);
    let offset = 0;
    const frames = block.length / channels;
    while (offset < frames) {
      if (sectionIndex < 0) await openSection(0);
      const nextStart = sections[sectionIndex + 1]?.startFrame ?? Number.POSITIVE_INFINITY;
      const take = Math.min(frames - offset, nextStart - written);
      if (take <= 0) {
        await openSection(sectionIndex + 1);
        continue;
      }
      const part = block.subarray(offset * channels, (offset + take) * channels);
      checker.push(part);
      await encoder?.write(part);
      offset += take;
      written += take;
    }
  };

  try {
    if (limiterOptions && !limiter) {
      for await (const limited of limitOnThread(spec.source(), limiterOptions)) {
        signal?.throwIfAborted();
        await emit(limited);
      }
    } else {
      for await (const raw of spec.source()) {
        signal?.throwIfAborted();
        if (limiter) await emit(limiter.process(raw));
        else await emit(gain === 1 ? raw : scale(raw, gain));
      }
      if (limiter) await emit(limiter.flush());
    }
    if (sectionIndex < 0) await openSection(0);
    if (encoder) audioFiles.push(await encoder.finish());
    encoder = undefined;
  } catch (error) {
    await encoder?.abort();
    await removeFiles(audioFiles);
    throw error;
  }
  return { audioFiles, checks: checker.report(), frames: written, output: meter?.result() ?? null };
}

export async function removeFiles(files: EncodedFile[]): Promise<void> {
  for (const file of files) await fs.rm(file.path, { force: true });
}

function scale(block: Float32Array, gain: number): Float32Array {
  const out = new Float32Array(block.length);
  for (let i = 0; i < block.length; i++) out[i] = (block[i] ?? 0) * gain;
  return out;
}
