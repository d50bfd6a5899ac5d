/**
 * A recording to a stored reference clip: decoded (WAV, MP3, FLAC: the speech server decoders), mixed to
 * mono, resampled to 24 kHz (the studio's resampler), trimmed to the user's start and end, checked (finite,
 * not silent, 3-30 s), normalised to CLIP_LOUDNESS_LUFS integrated (BS.1770: the export's loudness meter,
 * with its true-peak limiter holding peaks at -1 dBTP) and written as 16-bit mono WAV. The clip is
 * named by the SHA-256 of those WAV bytes. Pure: nothing is written here (clip-store.ts stores it).
 */
import { createHash } from 'node:crypto';
import { buildWavHeader, WAVE_FORMAT_PCM } from '../audio/wav-format';
import { resample } from '../audio/resampler';
import { quantize } from '../audio/pcm';
import { LoudnessMeter } from '../export/loudness/loudness-meter';
import { TruePeakLimiter } from '../export/loudness/limiter';
import { BadAudioError, decodeSpeechAudio, sniffFormat } from '../speech-server/decode-speech-audio';
import {
  CLIP_LOUDNESS_LUFS,
  CLIP_SAMPLE_RATE,
  MAX_CLIP_MS,
  MAX_CLIP_SOURCE_BYTES,
  MIN_CLIP_MS,
} from '../../../shared/model/reference-clip';
import { ClipError } from './clip-errors';

/** The true-peak ceiling of a stored clip. */
export const CLIP_TRUE_PEAK_DBTP = -1;
/** Quieter than this (integrated, before normalising) is silence or noise, not a voice to clone. */
const SILENT_BELOW_LUFS = -60;

export interface ClipSource {
  bytes: Uint8Array;
  /** The file's name, for messages and the record. */
  sourceName: string;
  /** The part to keep, in ms of the source (default: all of it). */
  trimStartMs?: number;
  trimEndMs?: number;
}

export interface PreparedClip {
  sha256: string;
  wav: Buffer;
  durationSamples: number;
  /** Integrated loudness of the stored clip (CLIP_LOUDNESS_LUFS unless the peak ceiling held it lower). */
  loudnessLufs: number;
  /** How long the source was, ms (for messages and the trim view). */
  sourceDurationMs: number;
}

/** Decodes a source file to mono samples at 24 kHz (nothing trimmed). */
export async function decodeClipSource(bytes: Uint8Array, sourceName: string): Promise<Float32Array> {
  if (bytes.length > MAX_CLIP_SOURCE_BYTES) {
    throw new ClipError(
      'clip-too-large',
      `${sourceName} is ${mib(bytes.length)}; a clip's source file is at most ${mib(MAX_CLIP_SOURCE_BYTES)}`,
      'cut the part with the voice out first (3 to 30 seconds are used) and import that',
    );
  }
  const format = sniffFormat(bytes);
  if (format !== 'wav' && format !== 'flac' && format !== 'mp3') {
    throw new ClipError(
      'clip-unreadable',
      `${sourceName} is not a WAV, MP3 or FLAC file`,
      'convert it to WAV, MP3 or FLAC and import that',
    );
  }
  let decoded;
  try {
    decoded = await decodeSpeechAudio(bytes, format);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof BadAudioError && /non-finite/.test(message)) {
      throw new ClipError(
        'clip-not-finite',
        `${sourceName} has samples that are not numbers (NaN or infinity)`,
        'export the recording again from the program that made it',
      );
    }
    throw new ClipError(
      'clip-unreadable',
      `${sourceName} could not be read as ${format.toUpperCase()}: ${message.replace(/^the server's |^the server /, '')}`,
      'check the file plays elsewhere, or convert it to WAV',
    );
  }
  return decoded.sampleRate === CLIP_SAMPLE_RATE
    ? decoded.pcm
    : resample(decoded.pcm, decoded.sampleRate, CLIP_SAMPLE_RATE);
}

/** Trims, checks, normalises and encodes a decoded source (see the file comment). */
export function prepareClipSamples(pcm: Float32Array, source: Omit<ClipSource, 'bytes'>): PreparedClip {
  const { sourceName } = source;
  const sourceDurationMs = Math.round((pcm.length * 1000) / CLIP_SAMPLE_RATE);
  const startMs = source.trimStartMs ?? 0;
  const endMs = source.trimEndMs ?? sourceDurationMs;
  if (!Number.isInteger(startMs) || !Number.isInteger(endMs) || startMs < 0 || endMs <= startMs) {
    throw new ClipError(
      'clip-bad-trim',
      `the part to keep (${startMs} to ${endMs} ms) is not a stretch of ${sourceName}`,
      'choose a start before the end, both in whole milliseconds',
    );
  }
  if (startMs >= sourceDurationMs) {
    throw new ClipError(
      'clip-bad-trim',
      `the start (${seconds(startMs)}) is after the end of ${sourceName} (${seconds(sourceDurationMs)})`,
      'choose a start inside the recording',
    );
  }
  const first = Math.round((startMs * CLIP_SAMPLE_RATE) / 1000);
  const last = Math.min(pcm.length, Math.round((endMs * CLIP_SAMPLE_RATE) / 1000));
  const trimmed = pcm.slice(first, last);
  const keptMs = Math.round((trimmed.length * 1000) / CLIP_SAMPLE_RATE);
  if (keptMs < MIN_CLIP_MS) {
    throw new ClipError(
      'clip-too-short',
      `${source.trimStartMs !== undefined || source.trimEndMs !== undefined ? 'the part kept of ' : ''}${sourceName} is ${seconds(keptMs)} long; a reference clip needs at least ${seconds(MIN_CLIP_MS)} of speech`,
      sourceDurationMs >= MIN_CLIP_MS
        ? 'choose a longer stretch (3 to 30 seconds)'
        : 'record a longer sample of the voice (3 to 30 seconds)',
    );
  }
  if (keptMs > MAX_CLIP_MS) {
    throw new ClipError(
      'clip-too-long',
      `${sourceName} is ${seconds(keptMs)} long; a reference clip is at most ${seconds(MAX_CLIP_MS)}`,
      'trim it: choose a start and an end at most 30 seconds apart (in the studio, drag the selection; in the CLI, ;start=<s>;end=<s>)',
    );
  }
  const measured = measure(trimmed);
  if (measured.integratedLufs === null || measured.integratedLufs < SILENT_BELOW_LUFS) {
    throw new ClipError(
      'clip-silent',
      `${sourceName} is silent${source.trimStartMs !== undefined ? ' in the part chosen' : ''} (${measured.integratedLufs === null ? 'nothing above −70 LUFS' : `${measured.integratedLufs.toFixed(1)} LUFS`})`,
      'choose a stretch where the voice speaks, or check the recording',
    );
  }
  const { normalised, loudnessLufs } = normalise(trimmed, measured.integratedLufs);
  const wav = encodeWav16(normalised);
  return {
    sha256: createHash('sha256').update(wav).digest('hex'),
    wav,
    durationSamples: trimmed.length,
    loudnessLufs,
    sourceDurationMs,
  };
}

/** decodeClipSource then prepareClipSamples. */
export async function prepareClip(source: ClipSource): Promise<PreparedClip> {
  const pcm = await decodeClipSource(source.bytes, source.sourceName);
  return prepareClipSamples(pcm, source);
}

/**
 * The loudness gain through the export's true-peak limiter (peaky recordings would otherwise stay under the
 * target to keep their peaks under -1 dBTP); what the limiter takes is measured and the gain corrected, at
 * most three passes, as the export does.
 */
function normalise(
  pcm: Float32Array,
  measuredLufs: number,
): { normalised: Float32Array; loudnessLufs: number } {
  let gainDb = CLIP_LOUDNESS_LUFS - measuredLufs;
  let best = { normalised: pcm, loudnessLufs: measuredLufs };
  for (let pass = 0; pass < 3; pass++) {
    const limiter = new TruePeakLimiter({
      sampleRate: CLIP_SAMPLE_RATE,
      channels: 1,
      ceilingDbtp: CLIP_TRUE_PEAK_DBTP,
      inputGain: 10 ** (gainDb / 20),
    });
    const head = limiter.process(pcm);
    const tail = limiter.flush();
    const normalised = new Float32Array(head.length + tail.length);
    normalised.set(head);
    normalised.set(tail, head.length);
    const loudnessLufs = measure(normalised).integratedLufs ?? measuredLufs;
    best = { normalised, loudnessLufs };
    const missBy = CLIP_LOUDNESS_LUFS - loudnessLufs;
    if (Math.abs(missBy) <= 0.1) break;
    gainDb += missBy;
  }
  return best;
}

function measure(pcm: Float32Array) {
  const meter = new LoudnessMeter(CLIP_SAMPLE_RATE, 1, { peakProfile: false });
  meter.push(pcm);
  return meter.result();
}

/** Mono 16-bit PCM WAV at 24 kHz (rounded, no dither: the same input always gives the same bytes). */
export function encodeWav16(pcm: Float32Array): Buffer {
  const ints = new Int32Array(pcm.length);
  quantize(pcm, 16, ints);
  const data = Buffer.alloc(pcm.length * 2);
  for (let i = 0; i < ints.length; i++) data.writeInt16LE(ints[i] as number, i * 2);
  const header = buildWavHeader(
    { formatTag: WAVE_FORMAT_PCM, channels: 1, sampleRate: CLIP_SAMPLE_RATE, bitsPerSample: 16 },
    data.length,
  );
  return Buffer.concat([header, data]);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
