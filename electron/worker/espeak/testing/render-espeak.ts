/** Test helper: one utterance of an espeak instance, its 16-bit blocks joined. */
import type { EspeakWasm } from '../espeak-wasm';

export function renderEspeak(espeak: EspeakWasm, text: string, voice: string): Int16Array {
  const blocks: Int16Array[] = [];
  espeak.synthesize(
    text,
    { voice, wordsPerMinute: 175, pitch: 50 },
    (pcm) => blocks.push(pcm),
    () => true,
  );
  const out = new Int16Array(blocks.reduce((sum, block) => sum + block.length, 0));
  let offset = 0;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}
