import { describe, expect, it } from 'vitest';
import { inventoryFromControllers, isNvidia, readGpuInventory } from './gpu-inventory';
import { MIB } from './units';

describe('GPU inventory', () => {
  it('maps controllers, leaving shared (integrated) memory out', () => {
    expect(
      inventoryFromControllers([
        { vendor: 'NVIDIA Corporation', model: 'GeForce RTX 3070', vram: 8192, vramDynamic: false },
        { vendor: 'Intel Corporation', model: 'UHD Graphics 630', vram: 1536, vramDynamic: true },
        { vendor: '', model: '', vram: null },
      ]),
    ).toEqual([
      { vendor: 'NVIDIA Corporation', model: 'GeForce RTX 3070', vramBytes: 8192 * MIB, vramShared: false },
      { vendor: 'Intel Corporation', model: 'UHD Graphics 630', vramBytes: null, vramShared: true },
      { vendor: 'unknown vendor', model: 'unknown model', vramBytes: null, vramShared: false },
    ]);
    expect(isNvidia({ vendor: 'NVIDIA Corporation', model: 'x' })).toBe(true);
    expect(isNvidia({ vendor: 'Advanced Micro Devices', model: 'Radeon' })).toBe(false);
  });

  it('gives up after the timeout instead of holding start-up', async () => {
    const started = Date.now();
    const inventory = await readGpuInventory({
      timeoutMs: 100,
      readGraphics: () => new Promise(() => undefined),
    });
    expect(inventory).toEqual({
      status: 'unknown',
      gpus: [],
      reason: 'the GPU inventory took longer than 100 ms',
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reports a failing probe as unknown', async () => {
    const inventory = await readGpuInventory({
      readGraphics: () => Promise.reject(new Error('lspci: not found')),
    });
    expect(inventory).toMatchObject({
      status: 'unknown',
      reason: 'the GPU inventory failed: lspci: not found',
    });
  });

  it('asks systeminformation on this machine within its bound', async () => {
    const inventory = await readGpuInventory({ timeoutMs: 5000 });
    expect(['known', 'unknown']).toContain(inventory.status);
    for (const gpu of inventory.gpus) expect(typeof gpu.model).toBe('string');
  });
});
