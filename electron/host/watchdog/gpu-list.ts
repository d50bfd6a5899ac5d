/** The GPUs a snapshot shows: live readings when there are any, else the inventory's GPUs with dedicated VRAM. */
import type { ResourceSnapshot } from '../../../shared/api/studio-api';
import type { GpuInventory } from './gpu-inventory';
import type { GpuReading } from './gpu-probe';

export function gpuList(live: GpuReading[], inventory: GpuInventory | null): ResourceSnapshot['gpus'] {
  if (live.length > 0) {
    return live.map((reading) => ({
      index: reading.index,
      name: reading.name,
      totalBytes: reading.totalBytes ?? 0,
      freeBytes: reading.freeBytes,
    }));
  }
  return (inventory?.gpus ?? [])
    .filter((gpu) => gpu.vramBytes !== null)
    .map((gpu, index) => ({
      index,
      name: `${gpu.vendor} ${gpu.model}`.trim(),
      totalBytes: gpu.vramBytes!,
      freeBytes: null,
    }));
}
