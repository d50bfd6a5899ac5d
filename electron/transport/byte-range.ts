/**
 * HTTP `Range` header parsing (RFC 9110 §14) for one byte range, which is all `<audio>` seeking needs.
 * Malformed headers and multi-range requests are ignored (the whole file is sent, as the RFC allows);
 * ranges starting past the end are unsatisfiable (416).
 */
export type RangeDecision =
  { kind: 'full' } | { kind: 'partial'; start: number; endInclusive: number } | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i;

export function decideRange(header: string | null | undefined, sizeBytes: number): RangeDecision {
  if (header === undefined || header === null || header.trim() === '') return { kind: 'full' };
  const match = SINGLE_RANGE.exec(header.trim());
  if (!match) return { kind: 'full' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    const suffixBytes = Number(last);
    if (!Number.isSafeInteger(suffixBytes)) return { kind: 'full' };
    if (suffixBytes === 0 || sizeBytes === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, sizeBytes - suffixBytes), endInclusive: sizeBytes - 1 };
  }
  const start = Number(first);
  const end = last === '' ? Number.MAX_SAFE_INTEGER : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return { kind: 'full' };
  if (start >= sizeBytes) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, endInclusive: Math.min(end, sizeBytes - 1) };
}

/** `Content-Range` value for a decision; for an unsatisfiable one, the star form with the size. */
export function contentRange(decision: RangeDecision, sizeBytes: number): string | undefined {
  if (decision.kind === 'partial') return `bytes ${decision.start}-${decision.endInclusive}/${sizeBytes}`;
  if (decision.kind === 'unsatisfiable') return `bytes */${sizeBytes}`;
  return undefined;
}
