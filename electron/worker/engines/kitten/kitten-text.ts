/**
 * Kitten TTS's text chunks, as its reference code cuts them (KittenML/KittenTTS `kittentts/onnx_model.py`,
 * `chunk_text` and `ensure_punctuation`): the text is split at runs of `.` `!` `?` (which are dropped), a
 * sentence longer than 400 characters is cut between words, and every chunk that does not end in
 * `. ! ? , ; :` gets a `,`. Each chunk is one model run; its style row is its length in characters.
 */

export const KITTEN_MAX_CHUNK_CHARS = 400;

export function chunkKittenText(text: string, maxChars: number = KITTEN_MAX_CHUNK_CHARS): string[] {
  const chunks: string[] = [];
  for (const raw of text.split(/[.!?]+/u)) {
    const sentence = raw.trim();
    if (sentence === '') continue;
    if (length(sentence) <= maxChars) {
      chunks.push(ensurePunctuation(sentence));
      continue;
    }
    let current = '';
    for (const word of sentence.split(/\s+/u)) {
      if (word === '') continue;
      if (length(current) + length(word) + 1 <= maxChars) current = current ? `${current} ${word}` : word;
      else {
        if (current) chunks.push(ensurePunctuation(current));
        current = word;
      }
    }
    if (current) chunks.push(ensurePunctuation(current));
  }
  return chunks;
}

function ensurePunctuation(text: string): string {
  const trimmed = text.trim();
  return trimmed === '' || '.!?,;:'.includes(trimmed.slice(-1)) ? trimmed : `${trimmed},`;
}

/** Characters as Python counts them (code points). */
export function length(text: string): number {
  return [...text].length;
}
