/** What memory a judgement works from (admission decides by it, plans and messages describe it). */
export type MemoryResource = 'gpu' | 'ram';

/**
 * What can be used on a resource now. `basis`: `free` from a live reading; `total` from the total minus our
 * own models (free memory cannot be read); `unknown` when the GPU itself is unknown (nothing to judge by).
 */
export interface Availability {
  resource: MemoryResource;
  basis: 'free' | 'total' | 'unknown';
  totalBytes: number | null;
  reserveBytes: number;
  /** Bytes an estimate may use; null when basis is `unknown`. */
  availableBytes: number | null;
}
