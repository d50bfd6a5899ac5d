/** The start of `text` for a message, at most `maxChars` long: `A long sentence th...`. */
export function excerpt(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars - 3)}...` : text;
}
