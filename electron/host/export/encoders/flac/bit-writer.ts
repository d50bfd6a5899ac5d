/** Big-endian bit packer for FLAC frames, growing its buffer as needed. */

export class BitWriter {
  private buffer: Uint8Array;
  private position = 0;
  /** Bits waiting for the current byte (the most significant first) and how many. */
  private pending = 0;
  private pendingBits = 0;

  constructor(initialBytes = 1 << 16) {
    this.buffer = new Uint8Array(initialBytes);
  }

  reset(): void {
    this.position = 0;
    this.pending = 0;
    this.pendingBits = 0;
  }

  /** Whole bytes written so far. */
  get byteLength(): number {
    return this.position;
  }

  get isByteAligned(): boolean {
    return this.pendingBits === 0;
  }

  /** The bytes written (call alignToByte() first for a complete view). Valid until the next write or reset. */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.position);
  }

  /** Writes the low `bits` bits (0..32) of `value`, most significant first. */
  writeBits(value: number, bits: number): void {
    if (this.position + 5 > this.buffer.length) this.grow(5);
    let left = bits;
    while (left > 0) {
      const free = 8 - this.pendingBits;
      if (left < free) {
        this.pending = (this.pending << left) | (value & ((1 << left) - 1));
        this.pendingBits += left;
        return;
      }
      left -= free;
      const top = (value >>> left) & ((1 << free) - 1);
      this.buffer[this.position++] = (this.pending << free) | top;
      this.pending = 0;
      this.pendingBits = 0;
    }
  }

  /** Writes a two's-complement signed value in `bits` bits. */
  writeSigned(value: number, bits: number): void {
    this.writeBits(bits === 32 ? value >>> 0 : value & (2 ** bits - 1), bits);
  }

  /** Writes `zeros` zero bits followed by a one. */
  writeUnary(zeros: number): void {
    if (this.position + (zeros >>> 3) + 2 > this.buffer.length) this.grow((zeros >>> 3) + 2);
    const free = 8 - this.pendingBits;
    if (zeros < free) {
      this.pending = (this.pending << (zeros + 1)) | 1;
      this.pendingBits += zeros + 1;
      if (this.pendingBits === 8) this.flushPending();
      return;
    }
    let remaining = zeros - free;
    this.buffer[this.position++] = this.pending << free;
    while (remaining >= 8) {
      this.buffer[this.position++] = 0;
      remaining -= 8;
    }
    this.pending = 1;
    this.pendingBits = remaining + 1;
    if (this.pendingBits === 8) this.flushPending();
  }

  /** Rice code of a non-negative value with parameter k: quotient in unary, then k low bits. */
  writeRice(value: number, k: number): void {
    this.writeUnary(value >>> k);
    if (k > 0) this.writeBits(value & ((1 << k) - 1), k);
  }

  /** Pads with zero bits to the next byte boundary. */
  alignToByte(): void {
    if (this.pendingBits > 0) this.writeBits(0, 8 - this.pendingBits);
  }

  private flushPending(): void {
    this.buffer[this.position++] = this.pending;
    this.pending = 0;
    this.pendingBits = 0;
  }

  private grow(extra: number): void {
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.position + extra + 1024));
    grown.set(this.buffer.subarray(0, this.position));
    this.buffer = grown;
  }
}
