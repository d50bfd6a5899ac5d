/**
 * Reads NumPy `.npy` arrays (format versions 1–3) of little-endian floats into a Float32Array: the header
 * is a Python dict literal with `descr`, `fortran_order` and `shape`.
 */

export interface NpyArray {
  shape: number[];
  data: Float32Array;
}

export class NpyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NpyFormatError';
  }
}

const MAGIC = '\x93NUMPY';

export function parseNpy(bytes: Buffer): NpyArray {
  if (bytes.length < 10 || bytes.toString('latin1', 0, 6) !== MAGIC)
    throw new NpyFormatError('not a .npy array (bad magic)');
  const major = bytes[6];
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const header = bytes.toString(major === 3 ? 'utf8' : 'latin1', headerStart, headerStart + headerLength);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new NpyFormatError(`unreadable .npy header: ${header.trim()}`);
  }
  if (fortran === 'True') throw new NpyFormatError('Fortran-ordered arrays are not supported');
  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLength;
  const body = bytes.subarray(dataStart);
  return { shape, data: toFloat32(descr, body, count) };
}

function toFloat32(descr: string, body: Buffer, count: number): Float32Array {
  const width = descr === '<f4' ? 4 : descr === '<f8' ? 8 : 0;
  if (width === 0)
    throw new NpyFormatError(`element type ${descr} is not supported (little-endian float32/float64 only)`);
  if (body.length < count * width)
    throw new NpyFormatError(`array data is truncated: ${body.length} bytes for ${count} values`);
  const out = new Float32Array(count);
  if (width === 4) {
    // Copy into an aligned buffer (the data offset inside a zip member is arbitrary).
    new Uint8Array(out.buffer).set(body.subarray(0, count * 4));
  } else {
    for (let i = 0; i < count; i++) out[i] = body.readDoubleLE(i * 8);
  }
  return out;
}
