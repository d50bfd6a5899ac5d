/** Which rows a fixed-row-height list renders, and in which DOM slot. Pure, for tests. */

/** The first and last (exclusive) rows to render for a scroll position. */
export function windowRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan: number,
): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return [first, Math.max(first, last)];
}

/**
 * [slot, row index] pairs for rows [first, last), in slot order. A row keeps its slot (index modulo the
 * slot count) while it stays in the window, and slots freed at one end are taken at the other.
 */
export function rowSlots(first: number, last: number, minSlots: number): Array<[number, number]> {
  const slots = Math.max(1, last - first, minSlots);
  const out: Array<[number, number]> = [];
  for (let slot = 0; slot < slots; slot++) {
    const index = first + ((slot - (first % slots) + slots) % slots);
    if (index < last) out.push([slot, index]);
  }
  return out;
}
