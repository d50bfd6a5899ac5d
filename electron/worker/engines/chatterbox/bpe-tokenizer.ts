/**
 * A GPT-2 style byte-level BPE tokenizer read from a Hugging Face `tokenizer.json` (the format the
 * `tokenizers` library writes; Chatterbox Turbo ships one): added tokens are cut out of the text first
 * (whole, as written: `[laugh]`), the rest is split by the GPT-2 pattern (contractions, letters, digits,
 * other symbols, each with one leading space; runs of spaces), every piece's UTF-8 bytes are mapped to
 * GPT-2's printable byte alphabet, and adjacent symbols are merged by merge rank until no listed merge
 * is left. A `TemplateProcessing` post-processor's single-sequence template is applied (GPT-2's
 * `ByteLevel` one adds nothing). Other model types, normalizers or pre-tokenizers are refused by name, so
 * a tokenizer that would be read wrongly fails at import.
 */

interface AddedToken {
  id: number;
  content: string;
}

type TemplatePiece = { SpecialToken: { id: string } } | { Sequence: { id: string } };

const GPT2_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** GPT-2's map from a byte to a printable character (bytes that print stand for themselves). */
function byteAlphabet(): string[] {
  const printable = (byte: number) =>
    (byte >= 33 && byte <= 126) || (byte >= 161 && byte <= 172) || (byte >= 174 && byte <= 255);
  const table: string[] = [];
  let next = 256;
  for (let byte = 0; byte < 256; byte++) table.push(String.fromCodePoint(printable(byte) ? byte : next++));
  return table;
}

const BYTE_CHARS = byteAlphabet();

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${what} is not an object`);
  return value as Record<string, unknown>;
}

export class BpeTokenizer {
  private readonly cache = new Map<string, number[]>();

  private constructor(
    private readonly vocab: Map<string, number>,
    private readonly ranks: Map<string, number>,
    private readonly added: AddedToken[],
    private readonly prefix: number[],
    private readonly suffix: number[],
    private readonly ignoreMerges: boolean,
  ) {}

  /** Parses `tokenizer.json`; throws an Error saying what in it this tokenizer cannot read. */
  static fromJson(text: string): BpeTokenizer {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`tokenizer.json is not JSON (${(error as Error).message})`);
    }
    const root = record(parsed, 'tokenizer.json');
    const model = record(root.model, 'tokenizer.json "model"');
    if (model.type !== 'BPE') throw new Error(`tokenizer.json has a ${String(model.type)} model, not BPE`);
    if (root.normalizer !== null && root.normalizer !== undefined)
      throw new Error(
        `tokenizer.json has a ${String(record(root.normalizer, 'normalizer').type)} normalizer; a GPT-2 tokenizer has none`,
      );
    const pre =
      root.pre_tokenizer === null || root.pre_tokenizer === undefined
        ? undefined
        : record(root.pre_tokenizer, 'pre_tokenizer');
    if (pre?.type !== 'ByteLevel')
      throw new Error(
        `tokenizer.json's pre-tokenizer is ${String(pre?.type ?? 'missing')}, not ByteLevel (GPT-2)`,
      );
    if (pre.add_prefix_space === true)
      throw new Error('tokenizer.json adds a prefix space, which GPT-2 does not');
    const vocabEntries = Object.entries(record(model.vocab, 'tokenizer.json "model.vocab"'));
    const vocab = new Map<string, number>();
    for (const [token, id] of vocabEntries) {
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0)
        throw new Error(`vocab entry "${token}" has no id`);
      vocab.set(token, id);
    }
    if (!Array.isArray(model.merges)) throw new Error('tokenizer.json has no merges list');
    const ranks = new Map<string, number>();
    model.merges.forEach((merge: unknown, rank) => {
      const pair = typeof merge === 'string' ? merge.split(' ') : merge;
      if (!Array.isArray(pair) || pair.length !== 2 || pair.some((part) => typeof part !== 'string'))
        throw new Error(`merge ${rank} is not a pair of symbols`);
      const key = `${pair[0] as string} ${pair[1] as string}`;
      if (!ranks.has(key)) ranks.set(key, rank);
    });
    const added: AddedToken[] = [];
    for (const entry of Array.isArray(root.added_tokens) ? root.added_tokens : []) {
      const token = record(entry, 'an added token');
      if (typeof token.id !== 'number' || typeof token.content !== 'string' || token.content === '')
        throw new Error('an added token has no id or content');
      added.push({ id: token.id, content: token.content });
    }
    added.sort((a, b) => b.content.length - a.content.length);
    const { prefix, suffix } = template(root.post_processor, vocab, added);
    return new BpeTokenizer(vocab, ranks, added, prefix, suffix, model.ignore_merges === true);
  }

  /** The ids of `text`, with the post-processor's tokens around them. */
  encode(text: string): number[] {
    const ids: number[] = [...this.prefix];
    for (const part of this.splitAdded(text)) {
      if (typeof part === 'number') ids.push(part);
      else for (const piece of part.match(GPT2_PATTERN) ?? []) ids.push(...this.word(piece));
    }
    ids.push(...this.suffix);
    return ids;
  }

  /** The text cut at added tokens: strings to tokenize, and the added tokens' ids between them. */
  private splitAdded(text: string): Array<string | number> {
    if (this.added.length === 0) return text === '' ? [] : [text];
    const parts: Array<string | number> = [];
    let start = 0;
    let plain = 0;
    while (start < text.length) {
      const hit = this.added.find((token) => text.startsWith(token.content, start));
      if (hit) {
        if (plain < start) parts.push(text.slice(plain, start));
        parts.push(hit.id);
        start += hit.content.length;
        plain = start;
      } else start += 1;
    }
    if (plain < text.length) parts.push(text.slice(plain));
    return parts;
  }

  private word(piece: string): number[] {
    const cached = this.cache.get(piece);
    if (cached) return cached;
    const mapped = Array.from(new TextEncoder().encode(piece), (byte) => BYTE_CHARS[byte] as string).join('');
    const whole = this.ignoreMerges ? this.vocab.get(mapped) : undefined;
    const ids =
      whole !== undefined ? [whole] : this.merge(Array.from(mapped)).map((symbol) => this.id(symbol));
    if (this.cache.size < 50_000) this.cache.set(piece, ids);
    return ids;
  }

  private merge(symbols: string[]): string[] {
    for (;;) {
      let best = -1;
      let bestRank = Number.POSITIVE_INFINITY;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const rank = this.ranks.get(`${symbols[i] as string} ${symbols[i + 1] as string}`);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) return symbols;
      const left = symbols[best] as string;
      const right = symbols[best + 1] as string;
      // Every occurrence of the pair, left to right, as the reference implementation merges them.
      const merged: string[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i + 1 < symbols.length && symbols[i] === left && symbols[i + 1] === right) {
          merged.push(left + right);
          i += 1;
        } else merged.push(symbols[i] as string);
      }
      symbols = merged;
    }
  }

  private id(symbol: string): number {
    const id = this.vocab.get(symbol);
    if (id === undefined) throw new Error(`the tokenizer's vocabulary has no symbol "${symbol}"`);
    return id;
  }
}

/** Tokens a `TemplateProcessing` post-processor puts before and after a single sequence. */
function template(
  processor: unknown,
  vocab: Map<string, number>,
  added: AddedToken[],
): { prefix: number[]; suffix: number[] } {
  if (processor === null || processor === undefined) return { prefix: [], suffix: [] };
  const post = record(processor, 'post_processor');
  if (post.type === 'ByteLevel') return { prefix: [], suffix: [] };
  if (post.type !== 'TemplateProcessing')
    throw new Error(
      `tokenizer.json has a ${String(post.type)} post-processor, which this tokenizer cannot apply`,
    );
  const single = Array.isArray(post.single) ? (post.single as TemplatePiece[]) : [];
  const specials = (post.special_tokens ?? {}) as Record<string, { ids?: unknown }>;
  const prefix: number[] = [];
  const suffix: number[] = [];
  let seen = false;
  for (const piece of single) {
    if ('Sequence' in piece) {
      seen = true;
      continue;
    }
    const name = piece.SpecialToken.id;
    const listed = specials[name]?.ids;
    const ids = Array.isArray(listed)
      ? listed.filter((id): id is number => typeof id === 'number')
      : [vocab.get(name) ?? added.find((token) => token.content === name)?.id];
    if (ids.length === 0 || ids.some((id) => id === undefined))
      throw new Error(`the post-processor adds "${name}", which is not in the vocabulary`);
    (seen ? suffix : prefix).push(...(ids as number[]));
  }
  return { prefix, suffix };
}
