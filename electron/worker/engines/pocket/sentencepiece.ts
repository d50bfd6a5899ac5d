/**
 * A SentencePiece tokenizer reading the `.model` file itself (its ModelProto, protobuf), enough for the
 * unigram models TTS exports ship (Pocket TTS's `tokenizer.model`): the pieces with their scores and
 * types, the normaliser's flags, Viterbi segmentation over the pieces, the unknown piece (and byte
 * fallback where the model has byte pieces). Normalisation is NFKC plus nmt_nfkc's whitespace rules; the
 * model's precompiled character map is not interpreted (it only differs from NFKC on rare characters).
 * Checked against the reference implementation (Python `sentencepiece`) in sentencepiece.test.ts.
 *
 * Field numbers from sentencepiece_model.proto (google/sentencepiece, src/sentencepiece_model.proto):
 * ModelProto.pieces = 1 { piece = 1, score = 2, type = 3 }, trainer_spec = 2 { model_type = 3,
 * byte_fallback = 35, unk_id = 40 }, normalizer_spec = 3 { add_dummy_prefix = 3,
 * remove_extra_whitespaces = 4, escape_whitespaces = 5 }.
 */

const SPACE = '\u2581';
/** sentencepiece's unigram model: an unknown character costs this much less than the rarest piece. */
const UNKNOWN_PENALTY = 10;

enum PieceType {
  Normal = 1,
  Unknown = 2,
  Control = 3,
  UserDefined = 4,
  Unused = 5,
  Byte = 6,
}

interface Piece {
  text: string;
  score: number;
  type: PieceType;
}

export class SentencePieceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SentencePieceError';
  }
}

export class SentencePieceTokenizer {
  private readonly byText = new Map<string, number>();
  private readonly byteIds = new Map<number, number>();
  private readonly maxPieceChars: number;
  private readonly unkId: number;
  private readonly unkScore: number;

  private constructor(
    private readonly pieces: Piece[],
    private readonly normalizer: {
      addDummyPrefix: boolean;
      removeExtraSpaces: boolean;
      escapeSpaces: boolean;
    },
    byteFallback: boolean,
    unkId: number,
  ) {
    let maxChars = 1;
    let minScore = 0;
    pieces.forEach((piece, id) => {
      if (piece.type === PieceType.Normal || piece.type === PieceType.UserDefined) {
        this.byText.set(piece.text, id);
        maxChars = Math.max(maxChars, [...piece.text].length);
        minScore = Math.min(minScore, piece.score);
      }
      const byte = /^<0x([0-9A-F]{2})>$/.exec(piece.text);
      if (byteFallback && piece.type === PieceType.Byte && byte)
        this.byteIds.set(parseInt(byte[1] ?? '0', 16), id);
    });
    this.maxPieceChars = maxChars;
    this.unkId = unkId;
    this.unkScore = minScore - UNKNOWN_PENALTY;
  }

  /** Parses a `.model` file; throws SentencePieceError naming what is wrong. */
  static fromModel(bytes: Uint8Array): SentencePieceTokenizer {
    const pieces: Piece[] = [];
    const normalizer = { addDummyPrefix: true, removeExtraSpaces: true, escapeSpaces: true };
    let modelType = 1;
    let byteFallback = false;
    let unkId = 0;
    for (const field of readFields(bytes)) {
      if (field.number === 1 && field.bytes) pieces.push(readPiece(field.bytes));
      else if (field.number === 2 && field.bytes) {
        for (const spec of readFields(field.bytes)) {
          if (spec.number === 3 && spec.varint !== undefined) modelType = spec.varint;
          if (spec.number === 35 && spec.varint !== undefined) byteFallback = spec.varint !== 0;
          if (spec.number === 40 && spec.varint !== undefined) unkId = spec.varint;
        }
      } else if (field.number === 3 && field.bytes) {
        for (const spec of readFields(field.bytes)) {
          if (spec.varint === undefined) continue;
          if (spec.number === 3) normalizer.addDummyPrefix = spec.varint !== 0;
          if (spec.number === 4) normalizer.removeExtraSpaces = spec.varint !== 0;
          if (spec.number === 5) normalizer.escapeSpaces = spec.varint !== 0;
        }
      }
    }
    if (pieces.length === 0)
      throw new SentencePieceError('it holds no pieces; this is not a SentencePiece model');
    if (modelType !== 1) {
      throw new SentencePieceError(`its model type is ${modelType}; only unigram models (type 1) are read`);
    }
    if (pieces[unkId]?.type !== PieceType.Unknown) {
      throw new SentencePieceError(`its unknown piece (id ${unkId}) is not of the unknown type`);
    }
    return new SentencePieceTokenizer(pieces, normalizer, byteFallback, unkId);
  }

  get vocabularySize(): number {
    return this.pieces.length;
  }

  /** The text as sentencepiece normalises it before segmenting (`▁` for spaces, a leading `▁`). */
  normalize(text: string): string {
    // nmt_nfkc: NFKC, other whitespace (tabs, line breaks) as spaces, control characters dropped.
    let normal = text
      .normalize('NFKC')
      .replace(/\s/g, ' ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]/g, '');
    if (this.normalizer.removeExtraSpaces) normal = normal.replace(/ +/g, ' ').trim();
    if (normal === '') return '';
    if (this.normalizer.addDummyPrefix) normal = ` ${normal}`;
    return this.normalizer.escapeSpaces ? normal.replace(/ /g, SPACE) : normal;
  }

  /** Piece ids of `text` (no BOS/EOS): the most probable segmentation, as sentencepiece's `encode`. */
  encode(text: string): number[] {
    const chars = [...this.normalize(text)];
    const n = chars.length;
    const best = new Float32Array(n + 1).fill(Number.NEGATIVE_INFINITY);
    const from = new Int32Array(n + 1).fill(-1);
    const pieceAt = new Int32Array(n + 1).fill(-1);
    best[0] = 0;
    for (let start = 0; start < n; start++) {
      const base = best[start] ?? Number.NEGATIVE_INFINITY;
      if (base === Number.NEGATIVE_INFINITY) continue;
      let text = '';
      let matchedSingle = false;
      for (let end = start + 1; end <= Math.min(n, start + this.maxPieceChars); end++) {
        text += chars[end - 1];
        const id = this.byText.get(text);
        if (id === undefined) continue;
        if (end === start + 1) matchedSingle = true;
        const piece = this.pieces[id] as Piece;
        // User-defined pieces always win their span (sentencepiece gives them a large score).
        // As sentencepiece's encoder: the sum in double is compared with the best so far as stored in
        // float32, and stored in float32; near-ties then fall the same way.
        const score = base + (piece.type === PieceType.UserDefined ? 0 : piece.score);
        if (score > (best[end] ?? Number.NEGATIVE_INFINITY)) {
          best[end] = score;
          from[end] = start;
          pieceAt[end] = id;
        }
      }
      if (!matchedSingle) {
        const score = base + this.unkScore;
        if (score > (best[start + 1] ?? Number.NEGATIVE_INFINITY)) {
          best[start + 1] = score;
          from[start + 1] = start;
          pieceAt[start + 1] = this.unkId;
        }
      }
    }
    const spans: Array<{ id: number; start: number; end: number }> = [];
    for (let end = n; end > 0; end = from[end] ?? 0) {
      spans.push({ id: pieceAt[end] ?? this.unkId, start: from[end] ?? 0, end });
    }
    spans.reverse();
    const ids: number[] = [];
    for (const span of spans) {
      if (span.id === this.unkId && this.byteIds.size > 0) {
        for (const byte of new TextEncoder().encode(chars.slice(span.start, span.end).join(''))) {
          ids.push(this.byteIds.get(byte) ?? this.unkId);
        }
      } else if (span.id === this.unkId && ids.at(-1) === this.unkId) {
        // Consecutive unknown characters are one unknown piece, as in sentencepiece.
        continue;
      } else ids.push(span.id);
    }
    return ids;
  }
}

interface Field {
  number: number;
  varint?: number;
  bytes?: Uint8Array;
  fixed32?: DataView;
}

function readPiece(bytes: Uint8Array): Piece {
  const piece: Piece = { text: '', score: 0, type: PieceType.Normal };
  for (const field of readFields(bytes)) {
    if (field.number === 1 && field.bytes) piece.text = new TextDecoder().decode(field.bytes);
    else if (field.number === 2 && field.fixed32) piece.score = field.fixed32.getFloat32(0, true);
    else if (field.number === 3 && field.varint !== undefined) piece.type = field.varint as PieceType;
  }
  return piece;
}

/** The fields of one protobuf message (wire types 0, 1, 2 and 5). */
function* readFields(bytes: Uint8Array): Generator<Field> {
  let offset = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (offset >= bytes.length)
        throw new SentencePieceError('the file ends inside a field; it is cut short');
      const byte = bytes[offset++] as number;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  };
  const take = (length: number): Uint8Array => {
    if (offset + length > bytes.length) throw new SentencePieceError('a field runs past the end of the file');
    const slice = bytes.subarray(offset, offset + length);
    offset += length;
    return slice;
  };
  while (offset < bytes.length) {
    const key = varint();
    const number = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) yield { number, varint: varint() };
    else if (wire === 1) take(8);
    else if (wire === 2) yield { number, bytes: take(varint()) };
    else if (wire === 5) {
      const raw = take(4);
      yield { number, fixed32: new DataView(raw.buffer, raw.byteOffset, 4) };
    } else
      throw new SentencePieceError(
        `unsupported protobuf wire type ${wire}; this is not a SentencePiece model`,
      );
  }
}
