/** Wording shared by admission decisions and render plans. */
import type { ExecutionProvider } from '../../../shared/protocol/worker-protocol';
import type { Availability, MemoryResource } from './availability';
import { formatBytes } from './units';

export function isGpuProvider(provider: ExecutionProvider): boolean {
  return provider === 'cuda' || provider === 'dml';
}

export function placeOf(resource: MemoryResource): string {
  return resource === 'gpu' ? 'GPU memory' : 'RAM';
}

export function onProvider(provider: ExecutionProvider): string {
  return isGpuProvider(provider) ? `on the GPU (${provider.toUpperCase()})` : 'on the CPU';
}

export function availabilityPhrase(availability: Availability): string {
  const reserve = formatBytes(availability.reserveBytes);
  if (availability.basis === 'total') {
    return `can be counted on (free GPU memory cannot be read here, so this is the total less loaded models and a ${reserve} reserve)`;
  }
  return `is free after keeping ${reserve} in reserve`;
}
