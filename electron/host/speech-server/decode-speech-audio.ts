/**
 * Audio bodies of speech servers to mono float samples: WAV (16/24/32-bit integer and 32/64-bit float,
 * WAVE_FORMAT_EXTENSIBLE too, and streamed WAV whose RIFF/data sizes are 0 or 0xFFFFFFFF), headerless PCM
 * (24 kHz s16le mono, as OpenAI documents `pcm`), FLAC and MP3 (WebAssembly decoders, no native code).
 * Anything else fails with a message that says what the server sent.
 */
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { MPEGDecoder } from 'mpg123-decoder';
import type { DecodableFormat } from './speech-api';
import { PCM_SAMPLE_RATE } from './speech-api';

export interface DecodedAudio {
  pcm: Float32Array;
  sampleRate: number;
  /** The container actually found (may differ from the one asked for, e.g. audio.cpp answers WAV). */
  format: DecodableFormat;
}

/** Audio a server sent that cannot be used; the message says what was wrong with it. */
export class BadAudioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadAudioError';
  }
}

/** What the first bytes of a body look like (for sniffing and for messages). */
export function sniffFormat(bytes: Uint8Array): DecodableFormat | 'ogg' | 'json' | 'text' | 'unknown' {
  const ascii = (offset: number, length: number) =>
    String.fromCharCode(...bytes.subarray(offset, offset + length));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WAVE') return 'wav';
  if (bytes.length >= 4 && ascii(0, 4) === 'fLaC') return 'flac';
  if (bytes.length >= 4 && ascii(0, 4) === 'OggS') return 'ogg';
  if (bytes.length >= 3 && ascii(0, 3) === 'ID3') return 'mp3';
  if (bytes.length >= 2 && bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0) return 'mp3';
  const first = bytes.find((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09);
  if (first === 0x7b || first === 0x5b) return 'json';
  if (bytes.length > 0 && bytes.subarray(0, 64).every((byte) => byte >= 0x09 && byte < 0x7f)) return 'text';
  return 'unknown';
}

/**
 * Decodes a body. `asked` is the format requested: headerless `pcm` cannot be sniffed, so a body that is
 * none of the containers is read as PCM only when PCM was asked for.
 */
export async function decodeSpeechAudio(bytes: Uint8Array, asked: DecodableFormat): Promise<DecodedAudio> {
  if (bytes.length === 0) throw new BadAudioError('the server answered with an empty body');
  const found = sniffFormat(bytes);
  let decoded: DecodedAudio;
  if (found === 'wav') decoded = decodeWav(bytes);
  else if (found === 'flac') decoded = await decodeFlac(bytes);
  else if (found === 'mp3' && asked !== 'pcm') decoded = await decodeMp3(bytes);
  else if (asked === 'pcm' && found !== 'json' && found !== 'ogg') decoded = decodePcm16(bytes);
  else throw new BadAudioError(`the server sent ${describeBody(bytes, found)}, not ${asked} audio`);
  checkFinite(decoded.pcm);
  return decoded;
}

export function describeBody(bytes: Uint8Array, found = sniffFormat(bytes)): string {
  if (found === 'ogg') return 'Ogg audio (opus), which this engine does not decode';
  if (found === 'json' || found === 'text')
    return `${found === 'json' ? 'JSON' : 'text'} ("${new TextDecoder().decode(bytes.subarray(0, 120)).replace(/\s+/g, ' ').trim()}")`;
  return `${bytes.length} bytes that are no audio format it knows`;
}

function checkFinite(pcm: Float32Array): void {
  for (let i = 0; i < pcm.length; i++) {
    if (!Number.isFinite(pcm[i])) {
      throw new BadAudioError(`the server's audio has non-finite samples (NaN or infinity) from sample ${i}`);
    }
  }
}

/** OpenAI's `pcm`: 24 kHz signed 16-bit little-endian mono, no header. */
export function decodePcm16(bytes: Uint8Array, sampleRate = PCM_SAMPLE_RATE): DecodedAudio {
  if (bytes.length % 2 !== 0)
    throw new BadAudioError(
      `the server's PCM body has an odd number of bytes (${bytes.length}): it was cut short`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pcm = new Float32Array(bytes.length / 2);
  for (let i = 0; i < pcm.length; i++) pcm[i] = view.getInt16(i * 2, true) / 32768;
  return { pcm, sampleRate, format: 'pcm' };
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
const STREAMED_SIZES = new Set([0, 0xffff_ffff]);

/** A WAV held in memory; sizes of 0 or 0xFFFFFFFF (streamed WAV) mean "to the end of the body". */
export function decodeWav(bytes: Uint8Array): DecodedAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  let offset = 12;
  let fmt: { formatTag: number; channels: number; sampleRate: number; bits: number } | undefined;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (body + 16 > bytes.length) throw new BadAudioError('the WAV header was cut short');
      let formatTag = view.getUint16(body, true);
      if (formatTag === WAVE_FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= bytes.length)
        formatTag = view.getUint16(body + 24, true);
      fmt = {
        formatTag,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) throw new BadAudioError('the WAV has its data before its format chunk');
      const streamed = STREAMED_SIZES.has(size);
      const available = bytes.length - body;
      if (!streamed && size > available)
        throw new BadAudioError(
          `the WAV was cut short: its header announces ${size} bytes of audio, ${available} arrived`,
        );
      return wavSamples(view, body, streamed ? available : size, fmt);
    }
    if (STREAMED_SIZES.has(size) && id !== 'fmt ') break;
    offset = body + size + (size % 2);
  }
  throw new BadAudioError(fmt ? 'the WAV has no data chunk' : 'the WAV has no format chunk');
}

function wavSamples(
  view: DataView,
  start: number,
  length: number,
  fmt: { formatTag: number; channels: number; sampleRate: number; bits: number },
): DecodedAudio {
  const { formatTag, channels, sampleRate, bits } = fmt;
  if (channels < 1 || sampleRate < 1000 || sampleRate > 384_000)
    throw new BadAudioError(`the WAV header is not plausible (${channels} channels at ${sampleRate} Hz)`);
  const bytesPerSample = bits / 8;
  const read: ((at: number) => number) | undefined =
    formatTag === WAVE_FORMAT_PCM
      ? bits === 16
        ? (at) => view.getInt16(at, true) / 32768
        : bits === 24
          ? (at) =>
              (view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608
          : bits === 32
            ? (at) => view.getInt32(at, true) / 2147483648
            : bits === 8
              ? (at) => (view.getUint8(at) - 128) / 128
              : undefined
      : formatTag === WAVE_FORMAT_IEEE_FLOAT
        ? bits === 32
          ? (at) => view.getFloat32(at, true)
          : bits === 64
            ? (at) => view.getFloat64(at, true)
            : undefined
        : undefined;
  if (!read)
    throw new BadAudioError(
      `the WAV holds a sample format this engine does not read (format ${formatTag}, ${bits} bits)`,
    );
  const frameBytes = bytesPerSample * channels;
  const frames = Math.floor(length / frameBytes);
  const pcm = new Float32Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    const at = start + frame * frameBytes;
    for (let channel = 0; channel < channels; channel++) sum += read(at + channel * bytesPerSample);
    pcm[frame] = sum / channels;
  }
  return { pcm, sampleRate, format: 'wav' };
}

function mixDown(channelData: Float32Array[], samples: number): Float32Array {
  if (channelData.length === 1) return (channelData[0] as Float32Array).slice(0, samples);
  const out = new Float32Array(samples);
  for (const channel of channelData)
    for (let i = 0; i < samples; i++) out[i] = (out[i] ?? 0) + (channel[i] ?? 0);
  for (let i = 0; i < samples; i++) out[i] = (out[i] ?? 0) / channelData.length;
  return out;
}

async function decodeFlac(bytes: Uint8Array): Promise<DecodedAudio> {
  const decoder = new FLACDecoder();
  try {
    await decoder.ready;
    const result = await decoder.decodeFile(bytes);
    const announced = flacTotalSamples(bytes);
    if (result.errors.length > 0 && result.samplesDecoded === 0)
      throw new BadAudioError(`the server's FLAC does not decode: ${result.errors[0]?.message ?? 'error'}`);
    if (result.samplesDecoded === 0) throw new BadAudioError('the server sent a FLAC stream without audio');
    if (announced > 0 && result.samplesDecoded < announced)
      throw new BadAudioError(
        `the FLAC was cut short: its header announces ${announced} samples, ${result.samplesDecoded} arrived`,
      );
    if (result.errors.length > 0)
      throw new BadAudioError(
        `the server's FLAC is damaged or cut short (${result.errors[0]?.message ?? 'error'})`,
      );
    return {
      pcm: mixDown(result.channelData, result.samplesDecoded),
      sampleRate: result.sampleRate,
      format: 'flac',
    };
  } finally {
    decoder.free();
  }
}

/** STREAMINFO's total sample count (36 bits; 0 when the encoder did not know it, as in a stream). */
function flacTotalSamples(bytes: Uint8Array): number {
  const info = 8;
  if (bytes.length < info + 18) return 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return ((bytes[info + 13] ?? 0) & 0x0f) * 2 ** 32 + view.getUint32(info + 14, false);
}

async function decodeMp3(bytes: Uint8Array): Promise<DecodedAudio> {
  const decoder = new MPEGDecoder();
  try {
    await decoder.ready;
    const result = decoder.decode(bytes);
    if (result.samplesDecoded === 0)
      throw new BadAudioError(
        `the server's MP3 has no decodable frames${result.errors.length ? ` (${result.errors[0]?.message})` : ''}`,
      );
    return {
      pcm: mixDown(result.channelData, result.samplesDecoded),
      sampleRate: result.sampleRate,
      format: 'mp3',
    };
  } finally {
    decoder.free();
  }
}
