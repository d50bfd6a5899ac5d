import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GpuInventory } from './gpu-inventory';
import { cachedGpuInventory, SAME_BOOT_TOLERANCE_MS } from './gpu-inventory-cache';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function setUp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-gpu-inventory-'));
  dirs.push(dir);
  const file = path.join(dir, 'gpu-inventory.json');
  let boot = 1_700_000_000_000;
  let answer: GpuInventory = {
    status: 'known',
    gpus: [{ vendor: 'NVIDIA', model: 'RTX 4090', vramBytes: 24 * 1024 ** 3, vramShared: false }],
  };
  const asked: number[] = [];
  const warnings: string[] = [];
  const inventory = cachedGpuInventory(file, {
    read: async () => {
      asked.push(boot);
      return answer;
    },
    bootTimeMs: () => boot,
    warn: (message) => warnings.push(message),
  });
  return {
    file,
    inventory,
    asked,
    warnings,
    setBoot: (ms: number) => (boot = ms),
    setAnswer: (next: GpuInventory) => (answer = next),
  };
}

describe('cachedGpuInventory', () => {
  it('asks once per boot: later starts read the kept inventory, a restart asks again', async () => {
    const cache = setUp();
    const first = await cache.inventory();
    expect(first).toMatchObject({ status: 'known', gpus: [{ model: 'RTX 4090' }] });
    expect(cache.asked).toHaveLength(1);

    // Same boot, its time read a little differently (the clock was adjusted).
    cache.setBoot(1_700_000_000_000 + SAME_BOOT_TOLERANCE_MS / 2);
    expect(await cache.inventory()).toEqual(first);
    expect(cache.asked).toHaveLength(1);

    // After a restart the card may have changed.
    cache.setBoot(1_700_000_000_000 + 3_600_000);
    cache.setAnswer({ status: 'known', gpus: [] });
    expect(await cache.inventory()).toEqual({ status: 'known', gpus: [] });
    expect(cache.asked).toHaveLength(2);
    expect(JSON.parse(fs.readFileSync(cache.file, 'utf8'))).toMatchObject({ gpus: [] });
  });

  it('removes the temp file a start killed while writing left behind', async () => {
    const cache = setUp();
    await cache.inventory();
    // The name a writer with a dead pid gives its temp file (atomic-write.ts), and one of a live process.
    const dead = `${cache.file}.roundtable-999999999-0123456789ab.tmp`;
    const live = `${cache.file}.roundtable-${process.pid}-0123456789ab.tmp`;
    fs.writeFileSync(dead, '{');
    fs.writeFileSync(live, '{');
    await cache.inventory();
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
  });

  it('keeps no unknown inventory: the next start asks again', async () => {
    const cache = setUp();
    cache.setAnswer({ status: 'unknown', gpus: [], reason: 'the GPU inventory took longer than 5000 ms' });
    expect((await cache.inventory()).status).toBe('unknown');
    expect(fs.existsSync(cache.file)).toBe(false);
    await cache.inventory();
    expect(cache.asked).toHaveLength(2);
  });

  it('asks past a damaged or foreign file, and replaces it', async () => {
    const cache = setUp();
    for (const content of [
      '{not json',
      '{"format":1,"bootTimeMs":1700000000000,"gpus":[{"vendor":1}]}',
      '[]',
    ]) {
      fs.writeFileSync(cache.file, content);
      expect((await cache.inventory()).gpus).toHaveLength(1);
    }
    expect(cache.asked).toHaveLength(3);
    await cache.inventory();
    expect(cache.asked).toHaveLength(3);
  });

  it('makes the data folder on a first start', async () => {
    const cache = setUp();
    const file = path.join(path.dirname(cache.file), 'new', 'data', 'gpu-inventory.json');
    const inventory = cachedGpuInventory(file, { read: async () => ({ status: 'known', gpus: [] }) });
    const warnings: string[] = [];
    const warned = cachedGpuInventory(file, {
      read: async () => ({ status: 'known', gpus: [] }),
      warn: (message) => warnings.push(message),
    });
    await warned();
    expect(warnings).toEqual([]);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ format: 1, gpus: [] });
    expect(await inventory()).toEqual({ status: 'known', gpus: [] });
  });

  it('returns the inventory when the file cannot be written, and says why', async () => {
    const cache = setUp();
    fs.mkdirSync(cache.file); // a folder where the file should go
    expect((await cache.inventory()).status).toBe('known');
    expect(cache.warnings).toEqual([
      expect.stringMatching(/could not keep the GPU inventory in .*gpu-inventory\.json/),
    ]);
  });
});
