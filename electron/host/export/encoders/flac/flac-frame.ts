/**
 * One FLAC frame: header with CRC-8, one subframe per channel, CRC-16 footer. Subframes are CONSTANT
 * (digital silence costs a few bytes), FIXED (polynomial predictor of order 0 to 4, whichever leaves the
 * smallest residual) with partitioned Rice coding (partition order 0 to 6, parameter per partition), or
 * VERBATIM when prediction does not pay. Stereo frames pick the cheapest of left/right, left/side,
 * side/right and mid/side.
 */
import { BitWriter } from './bit-writer';
import { crc16, crc8 } from './crc';

export interface FlacFormat {
  sampleRate: number;
  channels: 1 | 2;
  bitsPerSample: 16 | 24;
}

const MAX_FIXED_ORDER = 4;
const MAX_PARTITION_ORDER = 6;
const SUBFRAME_HEADER_BITS = 8;

const enum ChannelAssignment {
  Independent = 0,
  LeftSide = 8,
  SideRight = 9,
  MidSide = 10,
}

const SAMPLE_RATE_CODES = new Map<number, number>([
  [88_200, 1],
  [176_400, 2],
  [192_000, 3],
  [8_000, 4],
  [16_000, 5],
  [22_050, 6],
  [24_000, 7],
  [32_000, 8],
  [44_100, 9],
  [48_000, 10],
  [96_000, 11],
]);

interface SubframePlan {
  kind: 'constant' | 'verbatim' | 'fixed';
  order: number;
  bits: number;
}

interface RicePlan {
  partitionOrder: number;
  parameterBits: 4 | 5;
  parameters: Int32Array;
  bits: number;
}

export class FlacFrameEncoder {
  readonly format: FlacFormat;
  private readonly writer = new BitWriter();
  private readonly residual: Int32Array;
  private readonly mid: Int32Array;
  private readonly side: Int32Array;
  private readonly partitionSums = new Float64Array(1 << MAX_PARTITION_ORDER);
  private readonly partitionCounts = new Int32Array(1 << MAX_PARTITION_ORDER);
  private readonly bestParameters = new Int32Array(1 << MAX_PARTITION_ORDER);
  private readonly trialParameters = new Int32Array(1 << MAX_PARTITION_ORDER);
  private readonly cost = new Float64Array(1);

  constructor(format: FlacFormat, maxBlockSize: number) {
    this.format = format;
    this.residual = new Int32Array(maxBlockSize);
    this.mid = new Int32Array(maxBlockSize);
    this.side = new Int32Array(maxBlockSize);
  }

  /**
   * Encodes `blockSize` samples of each channel as frame `frameNumber`. The returned bytes are valid until
   * the next call.
   */
  encode(channels: readonly Int32Array[], blockSize: number, frameNumber: number): Uint8Array {
    const { bitsPerSample } = this.format;
    let assignment = ChannelAssignment.Independent;
    let first = channels[0] as Int32Array;
    let second = channels[1];
    let firstBits = bitsPerSample;
    let secondBits = bitsPerSample;
    if (this.format.channels === 2 && second !== undefined) {
      const left = first;
      const right = second;
      const mid = this.mid;
      const side = this.side;
      for (let i = 0; i < blockSize; i++) {
        const l = left[i] as number;
        const r = right[i] as number;
        mid[i] = (l + r) >> 1;
        side[i] = l - r;
      }
      const cost = {
        left: this.plan(left, blockSize, bitsPerSample).bits,
        right: this.plan(right, blockSize, bitsPerSample).bits,
        mid: this.plan(mid, blockSize, bitsPerSample).bits,
        side: this.plan(side, blockSize, bitsPerSample + 1).bits,
      };
      const options: [number, ChannelAssignment][] = [
        [cost.left + cost.right, ChannelAssignment.Independent],
        [cost.left + cost.side, ChannelAssignment.LeftSide],
        [cost.side + cost.right, ChannelAssignment.SideRight],
        [cost.mid + cost.side, ChannelAssignment.MidSide],
      ];
      assignment = options.reduce((best, option) => (option[0] < best[0] ? option : best))[1];
      if (assignment === ChannelAssignment.LeftSide) {
        second = side;
        secondBits = bitsPerSample + 1;
      } else if (assignment === ChannelAssignment.SideRight) {
        first = side;
        firstBits = bitsPerSample + 1;
      } else if (assignment === ChannelAssignment.MidSide) {
        first = mid;
        second = side;
        secondBits = bitsPerSample + 1;
      }
    }

    const writer = this.writer;
    writer.reset();
    this.writeHeader(blockSize, frameNumber, assignment);
    this.writeSubframe(first, blockSize, firstBits);
    if (this.format.channels === 2 && second !== undefined) this.writeSubframe(second, blockSize, secondBits);
    writer.alignToByte();
    const crc = crc16(writer.bytes());
    writer.writeBits(crc, 16);
    return writer.bytes();
  }

  private writeHeader(blockSize: number, frameNumber: number, assignment: ChannelAssignment): void {
    const writer = this.writer;
    const { sampleRate, channels, bitsPerSample } = this.format;
    writer.writeBits(0b11111111111110, 14); // sync code
    writer.writeBits(0, 1); // reserved
    writer.writeBits(0, 1); // fixed block size: the header carries the frame number
    let blockSizeCode: number;
    if (blockSize === 4096) blockSizeCode = 12;
    else if (blockSize <= 256) blockSizeCode = 6;
    else blockSizeCode = 7;
    let rateCode = SAMPLE_RATE_CODES.get(sampleRate) ?? 0;
    if (rateCode === 0) {
      if (sampleRate % 1000 === 0 && sampleRate / 1000 <= 255) rateCode = 12;
      else if (sampleRate <= 65_535) rateCode = 13;
      else if (sampleRate % 10 === 0 && sampleRate / 10 <= 65_535) rateCode = 14;
    }
    writer.writeBits(blockSizeCode, 4);
    writer.writeBits(rateCode, 4);
    writer.writeBits(channels === 1 ? 0 : assignment === ChannelAssignment.Independent ? 1 : assignment, 4);
    writer.writeBits(bitsPerSample === 16 ? 0b100 : 0b110, 3);
    writer.writeBits(0, 1); // reserved
    writeUtf8Number(writer, frameNumber);
    if (blockSizeCode === 6) writer.writeBits(blockSize - 1, 8);
    else if (blockSizeCode === 7) writer.writeBits(blockSize - 1, 16);
    if (rateCode === 12) writer.writeBits(sampleRate / 1000, 8);
    else if (rateCode === 13) writer.writeBits(sampleRate, 16);
    else if (rateCode === 14) writer.writeBits(sampleRate / 10, 16);
    writer.writeBits(crc8(writer.bytes()), 8);
  }

  /** Chooses the cheapest subframe type for one channel and estimates its size in bits. */
  private plan(samples: Int32Array, n: number, bits: number): SubframePlan {
    const first = samples[0] as number;
    let constant = true;
    for (let i = 1; i < n; i++) {
      if (samples[i] !== first) {
        constant = false;
        break;
      }
    }
    if (constant) return { kind: 'constant', order: 0, bits: SUBFRAME_HEADER_BITS + bits };
    const verbatim: SubframePlan = { kind: 'verbatim', order: 0, bits: SUBFRAME_HEADER_BITS + n * bits };
    if (n <= MAX_FIXED_ORDER) return verbatim;
    const order = bestFixedOrder(samples, n);
    computeResidual(samples, n, order, this.residual);
    const rice = this.planRice(this.residual, n, order);
    const fixedBits = SUBFRAME_HEADER_BITS + order * bits + rice.bits;
    return fixedBits < verbatim.bits ? { kind: 'fixed', order, bits: fixedBits } : verbatim;
  }

  private writeSubframe(samples: Int32Array, n: number, bits: number): void {
    const writer = this.writer;
    const plan = this.plan(samples, n, bits);
    if (plan.kind === 'constant') {
      writer.writeBits(0, 8); // 0 | 000000 | no wasted bits
      writer.writeSigned(samples[0] as number, bits);
      return;
    }
    if (plan.kind === 'verbatim') {
      writer.writeBits(0b00000010, 8);
      for (let i = 0; i < n; i++) writer.writeSigned(samples[i] as number, bits);
      return;
    }
    const order = plan.order;
    writer.writeBits((0b001000 | order) << 1, 8);
    for (let i = 0; i < order; i++) writer.writeSigned(samples[i] as number, bits);
    // plan() left the residual of this order in this.residual and the Rice plan in bestParameters.
    const rice = this.planRice(this.residual, n, order);
    writer.writeBits(rice.parameterBits === 4 ? 0 : 1, 2);
    writer.writeBits(rice.partitionOrder, 4);
    const partitions = 1 << rice.partitionOrder;
    const partitionSize = n >> rice.partitionOrder;
    const residual = this.residual;
    let i = order;
    for (let p = 0; p < partitions; p++) {
      const k = rice.parameters[p] as number;
      writer.writeBits(k, rice.parameterBits);
      const end = (p + 1) * partitionSize;
      for (; i < end; i++) {
        const r = residual[i] as number;
        writer.writeRice(r >= 0 ? r * 2 : -r * 2 - 1, k);
      }
    }
  }

  /** Best partition order and Rice parameters for residual[order..n), by estimated size. */
  private planRice(residual: Int32Array, n: number, order: number): RicePlan {
    let maxOrder = 0;
    while (maxOrder < MAX_PARTITION_ORDER && n % (1 << (maxOrder + 1)) === 0 && n >> (maxOrder + 1) > order) {
      maxOrder++;
    }
    const sums = this.partitionSums;
    const counts = this.partitionCounts;
    const finest = 1 << maxOrder;
    const size = n >> maxOrder;
    for (let p = 0; p < finest; p++) {
      let sum = 0;
      const start = p === 0 ? order : p * size;
      const end = (p + 1) * size;
      for (let i = start; i < end; i++) {
        const r = residual[i] as number;
        sum += r >= 0 ? r * 2 : -r * 2 - 1;
      }
      sums[p] = sum;
      counts[p] = end - start;
    }
    let best: RicePlan = {
      partitionOrder: 0,
      parameterBits: 4,
      parameters: this.bestParameters,
      bits: Infinity,
    };
    for (let partitionOrder = maxOrder; partitionOrder >= 0; partitionOrder--) {
      const partitions = 1 << partitionOrder;
      if (partitionOrder < maxOrder) {
        for (let p = 0; p < partitions; p++) {
          sums[p] = (sums[2 * p] as number) + (sums[2 * p + 1] as number);
          counts[p] = (counts[2 * p] as number) + (counts[2 * p + 1] as number);
        }
      }
      let dataBits = 0;
      let widest = 0;
      for (let p = 0; p < partitions; p++) {
        const k = bestRiceParameter(sums[p] as number, counts[p] as number, this.cost);
        this.trialParameters[p] = k;
        dataBits += this.cost[0] as number;
        if (k > widest) widest = k;
      }
      const parameterBits = widest > 14 ? 5 : 4;
      const bits = 2 + 4 + partitions * parameterBits + dataBits;
      if (bits < best.bits) {
        this.bestParameters.set(this.trialParameters.subarray(0, partitions));
        best = { partitionOrder, parameterBits, parameters: this.bestParameters, bits };
      }
    }
    return best;
  }
}

const INVERSE_POWERS = Float64Array.from({ length: 32 }, (_, k) => 2 ** -k);

/**
 * Rice parameter with the smallest estimated cost for `count` values summing to `sum` (zigzag); the cost
 * goes to costOut[0].
 */
function bestRiceParameter(sum: number, count: number, costOut: Float64Array): number {
  if (count === 0) {
    costOut[0] = 0;
    return 0;
  }
  const mean = sum / count;
  const guess = mean < 1 ? 0 : mean >= 2 ** 30 ? 30 : 31 - Math.clz32(mean);
  let bestK = 0;
  let bestCost = Infinity;
  const last = guess < 30 ? guess + 1 : 30;
  for (let k = guess > 0 ? guess - 1 : 0; k <= last; k++) {
    // Unary parts sum to about sum / 2^k, minus half a unit per value lost to truncation.
    const unary = sum * (INVERSE_POWERS[k] as number) - (k > 0 ? count / 2 : 0);
    const cost = count * (k + 1) + (unary > 0 ? Math.floor(unary) : 0);
    if (cost < bestCost) {
      bestCost = cost;
      bestK = k;
    }
  }
  costOut[0] = bestCost;
  return bestK;
}

/** Order 0-4 fixed predictor with the smallest sum of |residual| (all orders compared from sample 4). */
function bestFixedOrder(x: Int32Array, n: number): number {
  const sums = [0, 0, 0, 0, 0];
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = MAX_FIXED_ORDER; i < n; i++) {
    const a = x[i] as number;
    const b = x[i - 1] as number;
    const c = x[i - 2] as number;
    const d = x[i - 3] as number;
    const e = x[i - 4] as number;
    s0 += Math.abs(a);
    s1 += Math.abs(a - b);
    s2 += Math.abs(a - 2 * b + c);
    s3 += Math.abs(a - 3 * b + 3 * c - d);
    s4 += Math.abs(a - 4 * b + 6 * c - 4 * d + e);
  }
  sums[0] = s0;
  sums[1] = s1;
  sums[2] = s2;
  sums[3] = s3;
  sums[4] = s4;
  let order = 0;
  for (let o = 1; o <= MAX_FIXED_ORDER; o++) if ((sums[o] as number) < (sums[order] as number)) order = o;
  return order;
}

/** residual[i] for i >= order: the error of the fixed polynomial predictor of that order. */
function computeResidual(x: Int32Array, n: number, order: number, out: Int32Array): void {
  switch (order) {
    case 0:
      for (let i = 0; i < n; i++) out[i] = x[i] as number;
      break;
    case 1:
      for (let i = 1; i < n; i++) out[i] = (x[i] as number) - (x[i - 1] as number);
      break;
    case 2:
      for (let i = 2; i < n; i++) out[i] = (x[i] as number) - 2 * (x[i - 1] as number) + (x[i - 2] as number);
      break;
    case 3:
      for (let i = 3; i < n; i++) {
        out[i] =
          (x[i] as number) - 3 * (x[i - 1] as number) + 3 * (x[i - 2] as number) - (x[i - 3] as number);
      }
      break;
    default:
      for (let i = 4; i < n; i++) {
        out[i] =
          (x[i] as number) -
          4 * (x[i - 1] as number) +
          6 * (x[i - 2] as number) -
          4 * (x[i - 3] as number) +
          (x[i - 4] as number);
      }
  }
}

/** FLAC's "UTF-8" coding of the frame number (up to 31 bits). */
function writeUtf8Number(writer: BitWriter, value: number): void {
  if (value < 0x80) {
    writer.writeBits(value, 8);
    return;
  }
  let continuation = 1;
  while (value >= 2 ** (6 * continuation + (6 - continuation))) continuation++;
  const lead = ((0xff << (7 - continuation)) & 0xff) | (value >>> (6 * continuation));
  writer.writeBits(lead & 0xff, 8);
  for (let c = continuation - 1; c >= 0; c--) writer.writeBits(0x80 | ((value >>> (6 * c)) & 0x3f), 8);
}
