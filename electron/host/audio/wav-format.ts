/** RIFF/WAVE layout: the 44-byte canonical PCM header the writer produces, and limits. */

export const WAV_HEADER_BYTES = 44;
/** Largest value a RIFF size field can hold. */
export const RIFF_MAX_SIZE = 0xffff_ffff;
/**
 * Largest data chunk the 44-byte header allows: RIFF size = 36 + data (+1 pad byte when odd) must fit
 * in 32 bits.
 */
export const WAV_MAX_DATA_BYTES = RIFF_MAX_SIZE - 36 - 1;

export const WAVE_FORMAT_PCM = 1;
export const WAVE_FORMAT_IEEE_FLOAT = 3;
export const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

export interface WavPcmLayout {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  formatTag: number;
}

/** The canonical header for `dataBytes` bytes of sample data (sizes are patched again on close). */
export function buildWavHeader(layout: WavPcmLayout, dataBytes: number): Buffer {
  const header = Buffer.alloc(WAV_HEADER_BYTES);
  const blockAlign = (layout.channels * layout.bitsPerSample) / 8;
  const pad = dataBytes % 2;
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes + pad, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(layout.formatTag, 20);
  header.writeUInt16LE(layout.channels, 22);
  header.writeUInt32LE(layout.sampleRate, 24);
  header.writeUInt32LE(layout.sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(layout.bitsPerSample, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}
