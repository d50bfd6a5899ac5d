/**
 * Kokoro's phoneme vocabulary (one symbol → one id) and its tokenisation: every codepoint of the phoneme
 * string that the vocabulary knows becomes its id, unknown symbols are dropped, and the model input is the
 * ids wrapped in the pad id 0 at both ends. The vocabulary comes with the pack, in one of the published
 * forms: `tokenizer.json` (`model.vocab`, onnx-community), `config.json` (`vocab`, hexgrad/Kokoro-82M) or
 * `tokens.txt` (`<symbol> <id>` per line).
 */

export type KokoroVocab = ReadonlyMap<string, number>;

export const KOKORO_PAD_ID = 0;

export class KokoroVocabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KokoroVocabError';
  }
}

export function parseKokoroVocab(text: string, fileName: string): KokoroVocab {
  const trimmed = text.trimStart();
  const table = trimmed.startsWith('{') ? vocabFromJson(text, fileName) : vocabFromLines(text, fileName);
  if (table.size === 0) throw new KokoroVocabError(`${fileName} holds no phoneme vocabulary`);
  for (const [symbol, id] of table) {
    if (!Number.isInteger(id) || id < 0)
      throw new KokoroVocabError(`${fileName}: id of "${symbol}" is not a non-negative integer`);
    if ([...symbol].length !== 1)
      throw new KokoroVocabError(`${fileName}: "${symbol}" is not a single symbol`);
  }
  return table;
}

function vocabFromJson(text: string, fileName: string): Map<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new KokoroVocabError(`${fileName} is not valid JSON: ${(error as Error).message}`);
  }
  const root = parsed as { model?: { vocab?: unknown }; vocab?: unknown };
  const vocab = root.model?.vocab ?? root.vocab;
  if (typeof vocab !== 'object' || vocab === null || Array.isArray(vocab)) {
    throw new KokoroVocabError(`${fileName} has no vocabulary (expected "model.vocab" or "vocab")`);
  }
  return new Map(Object.entries(vocab as Record<string, number>));
}

function vocabFromLines(text: string, fileName: string): Map<string, number> {
  const table = new Map<string, number>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const cut = line.lastIndexOf(' ');
    if (cut < 0) throw new KokoroVocabError(`${fileName}: line "${line}" is not "<symbol> <id>"`);
    // The space symbol is written as a line that starts with a space.
    const symbol = cut === 0 ? ' ' : line.slice(0, cut);
    table.set(symbol, Number(line.slice(cut + 1)));
  }
  return table;
}

export interface KokoroTokens {
  /** Ids of known symbols, without pads. */
  ids: number[];
  /** Symbols the vocabulary does not know, with their counts. */
  dropped: Map<string, number>;
}

export function tokenizeKokoro(phonemes: string, vocab: KokoroVocab): KokoroTokens {
  const ids: number[] = [];
  const dropped = new Map<string, number>();
  for (const symbol of phonemes) {
    const id = vocab.get(symbol);
    if (id === undefined) dropped.set(symbol, (dropped.get(symbol) ?? 0) + 1);
    else ids.push(id);
  }
  return { ids, dropped };
}

/** The model input: `[0, ...ids, 0]`. */
export function padKokoroIds(ids: readonly number[]): number[] {
  return [KOKORO_PAD_ID, ...ids, KOKORO_PAD_ID];
}
