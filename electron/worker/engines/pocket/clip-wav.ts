/**
 * Reads a reference clip for voice cloning: a RIFF WAV, 16-bit PCM or 32-bit float, mono (stereo is
 * mixed down), at the model's rate. Stored clips are mono 16-bit 24 kHz already; a pack's own reference
 * sample may be anything, and what cannot be used is refused with what to do.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../engine';

/** A clip longer than this is refused (stored clips are at most 30 s). */
const MAX_CLIP_SECONDS = 60;

export async function readClipWav(file: string, sampleRate: number): Promise<Float32Array> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new EngineError('bad-request', `the reference clip ${file} is missing; import the clip again`);
    throw error;
  }
  const name = path.basename(file);
  const invalid = (why: string) =>
    new EngineError('bad-request', `the reference clip ${name} ${why}; import the clip again`);
  if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE')
    throw invalid('is not a WAV file');
  let offset = 12;
  let format: { code: number; channels: number; rate: number; bits: number } | undefined;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ' && size >= 16) {
      format = {
        code: bytes.readUInt16LE(body),
        channels: bytes.readUInt16LE(body + 2),
        rate: bytes.readUInt32LE(body + 4),
        bits: bytes.readUInt16LE(body + 14),
      };
      if (format.code === 0xfffe && size >= 26) format.code = bytes.readUInt16LE(body + 24);
    } else if (id === 'data') {
      if (!format) throw invalid('has its audio before its format');
      return decode(bytes.subarray(body, Math.min(bytes.length, body + size)), format, sampleRate, invalid);
    }
    offset = body + size + (size % 2);
  }
  throw invalid('has no audio data');
}

function decode(
  data: Buffer,
  format: { code: number; channels: number; rate: number; bits: number },
  sampleRate: number,
  invalid: (why: string) => EngineError,
): Float32Array {
  const pcm16 = format.code === 1 && format.bits === 16;
  const float = format.code === 3 && format.bits === 32;
  if (!pcm16 && !float) throw invalid(`is ${format.bits}-bit format ${format.code}, not 16-bit PCM or float`);
  if (format.rate !== sampleRate) throw invalid(`is at ${format.rate} Hz; the model takes ${sampleRate} Hz`);
  if (format.channels < 1 || format.channels > 2) throw invalid(`has ${format.channels} channels`);
  const bytesPerSample = format.bits / 8;
  const frames = Math.floor(data.length / (bytesPerSample * format.channels));
  if (frames === 0) throw invalid('is empty');
  if (frames > MAX_CLIP_SECONDS * sampleRate) throw invalid(`is longer than ${MAX_CLIP_SECONDS} s`);
  const samples = new Float32Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < format.channels; channel++) {
      const at = (frame * format.channels + channel) * bytesPerSample;
      sum += pcm16 ? data.readInt16LE(at) / 32_768 : data.readFloatLE(at);
    }
    samples[frame] = sum / format.channels;
  }
  return samples;
}
