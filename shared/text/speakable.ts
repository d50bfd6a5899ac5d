/** Whether a voice could say anything of a text: a letter or digit in any script, or an emoji (read by name). */
const SPEAKABLE = /[\p{L}\p{N}\p{Extended_Pictographic}]/u;

export function isSpeakable(text: string): boolean {
  return SPEAKABLE.test(text);
}
