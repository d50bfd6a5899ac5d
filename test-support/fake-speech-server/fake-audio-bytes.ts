/** The fake speech server's answers as bytes: WAV in the layouts servers send, raw PCM, MP3 and FLAC. */
import fs from 'node:fs/promises';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { resample } from '../../electron/host/audio/resampler';
import { createAudioEncoder } from '../../electron/host/export/encoders/create-encoder';
import { PCM_SAMPLE_RATE } from '../../electron/host/speech-server/speech-api';

export type WavVariant = 'pcm16' | 'pcm24' | 'float32' | 'streamed';

export function contentTypeOf(format: string): string {
  return (
    {
      mp3: 'audio/mpeg',
      wav: 'audio/wav',
      flac: 'audio/flac',
      pcm: 'audio/pcm',
      opus: 'audio/opus',
      aac: 'audio/aac',
    }[format] ?? 'application/octet-stream'
  );
}

export async function readBody(request: http.IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

export function pcm16(samples: Float32Array): Buffer {
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++)
    out.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round((samples[i] ?? 0) * 32767))), i * 2);
  return out;
}

/** A WAV in one of the layouts servers send. */
export function wavBytes(samples: Float32Array, rate: number, variant: WavVariant): Buffer {
  const bits = variant === 'pcm24' ? 24 : variant === 'float32' ? 32 : 16;
  const bytesPerSample = bits / 8;
  const data = Buffer.alloc(samples.length * bytesPerSample);
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i] ?? 0;
    if (variant === 'float32') data.writeFloatLE(value, i * 4);
    else if (variant === 'pcm24')
      data.writeIntLE(Math.max(-8388608, Math.min(8388607, Math.round(value * 8388607))), i * 3, 3);
    else data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(value * 32767))), i * 2);
  }
  const header = Buffer.alloc(44);
  const streamed = variant === 'streamed';
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(streamed ? 0xffff_ffff : 36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(variant === 'float32' ? 3 : 1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * bytesPerSample, 28);
  header.writeUInt16LE(bytesPerSample, 32);
  header.writeUInt16LE(bits, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(streamed ? 0xffff_ffff : data.length, 40);
  return Buffer.concat([header, data]);
}

export async function encode(
  format: 'mp3' | 'flac' | 'wav' | 'pcm',
  samples: Float32Array,
  rate: number,
  variant: WavVariant,
): Promise<Buffer> {
  if (format === 'wav') return wavBytes(samples, rate, variant);
  if (format === 'pcm')
    return pcm16(rate === PCM_SAMPLE_RATE ? samples : resample(samples, rate, PCM_SAMPLE_RATE));
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fake-speech-'));
  try {
    const file = path.join(dir, `out.${format}`);
    const encoder = await createAudioEncoder(format, { path: file, sampleRate: rate, channels: 1 });
    await encoder.write(samples);
    await encoder.finish();
    return await fs.readFile(file);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
