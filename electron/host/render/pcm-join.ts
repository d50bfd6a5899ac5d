/** Building a take from parts: silence of a length, and parts joined end to end. */
import { msToSamples } from '../../../shared/model/time';

export function silence(ms: number, sampleRate: number): Float32Array {
  return new Float32Array(msToSamples(ms, sampleRate));
}

export function concat(parts: Float32Array[]): Float32Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Float32Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
