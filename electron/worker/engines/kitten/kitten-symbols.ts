/**
 * Kitten TTS's symbol table and tokenisation, as its reference code builds them
 * (KittenML/KittenTTS `kittentts/onnx_model.py`, class `TextCleaner`, and `_prepare_inputs`):
 * the symbols are the pad `$`, 16 punctuation marks, the 52 ASCII letters and the IPA letters, in that
 * order; an id is a symbol's position, and where a symbol occurs twice (`"`, `'`) its last position wins
 * (the reference fills a dict in order). Symbols outside the table are dropped.
 *
 * Before lookup the phoneme string is cut into words and single punctuation marks (`\w+|[^\w\s]`) joined by
 * single spaces (`basic_english_tokenize`), and the ids are framed as `[0, ...ids, 10, 0]`: the pad, the
 * text, `…` (id 10) as end marker, and the pad again.
 */

const PAD = '$';
const PUNCTUATION = ';:,.!?¡¿—…"«»"" ';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const LETTERS_IPA =
  "ɑɐɒæɓʙβɔɕçɗɖðʤəɘɚɛɜɝɞɟʄɡɠɢʛɦɧħɥʜɨɪʝɭɬɫɮʟɱɯɰŋɳɲɴøɵɸθœɶʘɹɺɾɻʀʁɽʂʃʈʧʉʊʋⱱʌɣɤʍχʎʏʑʐʒʔʡʕʢǀǁǂǃˈˌːˑʼʴʰʱʲʷˠˤ˞↓↑→↗↘'̩'ᵻ";

/** Every symbol in table order (duplicates kept: they decide the ids). */
export const KITTEN_SYMBOLS: readonly string[] = [PAD, ...PUNCTUATION, ...LETTERS, ...LETTERS_IPA];

/** Symbol → id, the last position of a repeated symbol winning. */
export const KITTEN_SYMBOL_IDS: ReadonlyMap<string, number> = new Map(
  KITTEN_SYMBOLS.map((symbol, id) => [symbol, id] as const),
);

export const KITTEN_PAD_ID = 0;
/** `…`, appended after the text before the closing pad. */
export const KITTEN_END_ID = 10;

export interface KittenTokens {
  /** The framed model input `[0, ...ids, 10, 0]`. */
  ids: number[];
  /** Symbols the table does not know, with counts. */
  dropped: Map<string, number>;
}

/**
 * Words and single punctuation marks of a phoneme string, joined by single spaces. Python's `\w` is letters
 * (IPA modifier letters such as ˈ and ː included), digits and `_`; a combining mark stands alone.
 */
export function spaceKittenPhonemes(phonemes: string): string {
  return (phonemes.match(/[\p{L}\p{N}_]+|[^\p{L}\p{N}_\s]/gu) ?? []).join(' ');
}

export function tokenizeKitten(phonemes: string): KittenTokens {
  const ids: number[] = [KITTEN_PAD_ID];
  const dropped = new Map<string, number>();
  for (const symbol of spaceKittenPhonemes(phonemes)) {
    const id = KITTEN_SYMBOL_IDS.get(symbol);
    if (id === undefined) dropped.set(symbol, (dropped.get(symbol) ?? 0) + 1);
    else ids.push(id);
  }
  ids.push(KITTEN_END_ID, KITTEN_PAD_ID);
  return { ids, dropped };
}
