/** The two checksums of a FLAC frame: CRC-8 (poly 0x07) over the header, CRC-16 (poly 0x8005) over the frame. */

function table(bits: 8 | 16, polynomial: number): Uint16Array {
  const out = new Uint16Array(256);
  const top = 1 << (bits - 1);
  const mask = (1 << bits) - 1;
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << (bits - 8);
    for (let bit = 0; bit < 8; bit++) crc = crc & top ? ((crc << 1) ^ polynomial) & mask : (crc << 1) & mask;
    out[byte] = crc;
  }
  return out;
}

const CRC8 = table(8, 0x07);
const CRC16 = table(16, 0x8005);

export function crc8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = CRC8[crc ^ (bytes[i] as number)] as number;
  return crc;
}

export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++)
    crc = ((crc << 8) & 0xffff) ^ (CRC16[(crc >> 8) ^ (bytes[i] as number)] as number);
  return crc;
}
