/**
 * Chapter flags on the timeline's ruler never overlap: each flag's label is cut (with "…") to end before
 * the next flag starts, and a flag with no room for a letter keeps only its pole and a stub. The full
 * titles are in the Chapters panel.
 */

/** Padding inside a flag, left and right together. */
export const FLAG_PADDING_PX = 12;
/** Space kept between a flag and the next one. */
export const FLAG_GAP_PX = 3;
/** Titles longer than this are cut however much room there is. */
export const MAX_FLAG_CHARS = 28;

export interface PlacedFlag {
  /** The label to draw ('' for a stub). */
  label: string;
  /** Width of the flag in px (label and padding, or the stub). */
  widthPx: number;
}

const STUB_PX = 6;

function cut(title: string, chars: number): string {
  return title.length <= chars
    ? title
    : `${Array.from(title)
        .slice(0, Math.max(0, chars - 1))
        .join('')}…`;
}

/** `xs` are the flags' left edges in increasing order; `measure` gives a label's width in px. */
export function placeFlags(
  flags: ReadonlyArray<{ x: number; title: string }>,
  measure: (text: string) => number,
): PlacedFlag[] {
  return flags.map((flag, i) => {
    const next = flags[i + 1];
    const room = next ? next.x - flag.x - FLAG_GAP_PX : Number.POSITIVE_INFINITY;
    let label = cut(flag.title, MAX_FLAG_CHARS);
    let chars = Array.from(label).length;
    while (chars > 1 && measure(label) + FLAG_PADDING_PX > room) {
      chars -= 1;
      label = cut(flag.title, chars);
    }
    if (measure(label) + FLAG_PADDING_PX > room)
      return { label: '', widthPx: Math.max(0, Math.min(STUB_PX, room)) };
    return { label, widthPx: measure(label) + FLAG_PADDING_PX };
  });
}
