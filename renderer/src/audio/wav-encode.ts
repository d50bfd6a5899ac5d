/** A recording as the file the clip import reads: mono 16-bit PCM WAV (channels mixed down, clipped at ±1). */

/** The mean of the channels, one Float32Array per channel of equal length. */
export function mixDown(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first;
  const out = new Float32Array(first.length);
  for (const channel of channels) for (let i = 0; i < out.length; i++) out[i]! += channel[i] ?? 0;
  for (let i = 0; i < out.length; i++) out[i]! /= channels.length;
  return out;
}

export function encodeWav16(samples: Float32Array, sampleRate: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const value = Math.max(-1, Math.min(1, samples[i] ?? 0));
    view.setInt16(44 + i * 2, Math.round(value < 0 ? value * 32_768 : value * 32_767), true);
  }
  return bytes;
}

/** Peak level in dBFS of a block (−Infinity for silence). */
export function peakDbfs(block: Float32Array): number {
  let peak = 0;
  for (const value of block) peak = Math.max(peak, Math.abs(value));
  return peak > 0 ? 20 * Math.log10(peak) : -Infinity;
}
