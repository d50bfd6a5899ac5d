/**
 * A minimal reader for zip archives held in memory, enough for NumPy `.npz` files: central directory
 * (with ZIP64 sizes and offsets, which `numpy.savez` forces on every member), stored or deflated members,
 * CRC-32 checked. No encryption, no multi-disk archives.
 */
import zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  localHeaderOffset: number;
}

export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_EOCD_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;

export function isZip(buffer: Uint8Array): boolean {
  return (
    buffer.length >= 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04
  );
}

export function readZipEntries(buffer: Buffer): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(buffer);
  let count = buffer.readUInt16LE(eocd + 10);
  let directorySize = buffer.readUInt32LE(eocd + 12);
  let directoryOffset = buffer.readUInt32LE(eocd + 16);
  if (count === U16_MAX || directorySize === U32_MAX || directoryOffset === U32_MAX) {
    const locator = eocd - 20;
    if (locator < 0 || buffer.readUInt32LE(locator) !== ZIP64_EOCD_LOCATOR_SIGNATURE) {
      throw new ZipFormatError('ZIP64 end record is missing');
    }
    const zip64 = readSafeU64(buffer, locator + 8);
    if (buffer.readUInt32LE(zip64) !== ZIP64_EOCD_SIGNATURE)
      throw new ZipFormatError('ZIP64 end record is damaged');
    count = readSafeU64(buffer, zip64 + 32);
    directorySize = readSafeU64(buffer, zip64 + 40);
    directoryOffset = readSafeU64(buffer, zip64 + 48);
  }
  if (directoryOffset + directorySize > buffer.length)
    throw new ZipFormatError('central directory lies outside the file');

  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== CENTRAL_SIGNATURE)
      throw new ZipFormatError(`central directory entry ${i} is damaged`);
    const flags = buffer.readUInt16LE(at + 8);
    if (flags & 0x1) throw new ZipFormatError('encrypted archives are not supported');
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      method: buffer.readUInt16LE(at + 10),
      crc32: buffer.readUInt32LE(at + 16),
      compressedSize: buffer.readUInt32LE(at + 20),
      size: buffer.readUInt32LE(at + 24),
      localHeaderOffset: buffer.readUInt32LE(at + 42),
      name: buffer.toString('utf8', at + 46, at + 46 + nameLength),
    };
    applyZip64Extra(buffer, at + 46 + nameLength, extraLength, entry);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The uncompressed bytes of one member, CRC-checked. */
export function extractZipEntry(buffer: Buffer, entry: ZipEntry): Buffer {
  const local = entry.localHeaderOffset;
  if (buffer.readUInt32LE(local) !== LOCAL_SIGNATURE)
    throw new ZipFormatError(`${entry.name}: local header is damaged`);
  const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
  const end = start + entry.compressedSize;
  if (end > buffer.length) throw new ZipFormatError(`${entry.name}: data runs past the end of the file`);
  const raw = buffer.subarray(start, end);
  let data: Buffer;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) data = zlib.inflateRawSync(raw);
  else
    throw new ZipFormatError(
      `${entry.name}: compression method ${entry.method} is not supported (stored or deflated only)`,
    );
  if (data.length !== entry.size)
    throw new ZipFormatError(`${entry.name}: ${data.length} bytes, directory says ${entry.size}`);
  if (zlib.crc32(data) >>> 0 !== entry.crc32 >>> 0)
    throw new ZipFormatError(`${entry.name}: CRC mismatch (damaged file)`);
  return data;
}

function findEndOfCentralDirectory(buffer: Buffer): number {
  const lowest = Math.max(0, buffer.length - 22 - U16_MAX);
  for (let at = buffer.length - 22; at >= lowest; at--) {
    if (buffer.readUInt32LE(at) === EOCD_SIGNATURE) return at;
  }
  throw new ZipFormatError('not a zip archive (no end-of-central-directory record)');
}

function applyZip64Extra(buffer: Buffer, start: number, length: number, entry: ZipEntry): void {
  let at = start;
  while (at + 4 <= start + length) {
    const id = buffer.readUInt16LE(at);
    const size = buffer.readUInt16LE(at + 2);
    if (id === 0x0001) {
      // Fields appear only for the values that overflowed, in this order.
      let field = at + 4;
      if (entry.size === U32_MAX) {
        entry.size = readSafeU64(buffer, field);
        field += 8;
      }
      if (entry.compressedSize === U32_MAX) {
        entry.compressedSize = readSafeU64(buffer, field);
        field += 8;
      }
      if (entry.localHeaderOffset === U32_MAX) entry.localHeaderOffset = readSafeU64(buffer, field);
      return;
    }
    at += 4 + size;
  }
}

function readSafeU64(buffer: Buffer, at: number): number {
  const value = buffer.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('archive offsets are too large');
  return Number(value);
}
