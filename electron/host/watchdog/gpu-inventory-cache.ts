/**
 * The GPU inventory, kept in the data folder until the machine restarts. Asking systeminformation loads
 * its code and shells out (lspci, clinfo and xdpyinfo on Linux, WMI on Windows) at every start of the CLI
 * and the app, about 0.15 s and 0.25 s of CPU here, for an answer that does not change while the machine
 * runs. A restart (a new driver, a card swapped) asks again, and so does `roundtable doctor`, which never
 * reads this file. Only a `known` inventory is kept; a damaged or foreign file is asked past, not trusted.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { writeFileAtomic } from '../files/atomic-write';
import { removeStaleTempFiles } from '../files/temp-files';
import type { GpuInventory } from './gpu-inventory';

const FORMAT = 1;

/** Two readings of the boot time closer than this are the same boot (clock adjustments move it a little). */
export const SAME_BOOT_TOLERANCE_MS = 60_000;

const CachedInventorySchema = z.object({
  format: z.literal(FORMAT),
  bootTimeMs: z.number(),
  gpus: z.array(
    z.object({
      vendor: z.string(),
      model: z.string(),
      vramBytes: z.number().nonnegative().nullable(),
      vramShared: z.boolean(),
    }),
  ),
});

/** When this machine last started, from the uptime the OS reports. */
export function bootTimeMs(): number {
  return Date.now() - os.uptime() * 1000;
}

export interface GpuInventoryCacheOptions {
  /** The inventory to ask when the file has none for this boot. */
  read: () => Promise<GpuInventory>;
  bootTimeMs?: () => number;
  /** Says why the file could not be written (the inventory is returned all the same). */
  warn?: (message: string) => void;
}

/** An inventory source that answers from `file` during the boot it was written in, else asks `read`. */
export function cachedGpuInventory(
  file: string,
  options: GpuInventoryCacheOptions,
): () => Promise<GpuInventory> {
  const boot = options.bootTimeMs ?? bootTimeMs;
  return async () => {
    const bootNow = boot();
    // A start killed while writing the file left its temp file: removed here, whatever this start does.
    await removeStaleTempFiles(path.dirname(file), (target) => target === path.basename(file)).catch(
      () => undefined,
    );
    const kept = await readKept(file);
    if (kept && Math.abs(kept.bootTimeMs - bootNow) < SAME_BOOT_TOLERANCE_MS) {
      return { status: 'known', gpus: kept.gpus };
    }
    const inventory = await options.read();
    if (inventory.status === 'known') {
      const record: z.infer<typeof CachedInventorySchema> = {
        format: FORMAT,
        bootTimeMs: bootNow,
        gpus: inventory.gpus,
      };
      // A first start may find no data folder yet: the inventory can be the first thing written to it.
      await fs
        .mkdir(path.dirname(file), { recursive: true })
        .then(() => writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`))
        .catch((error: unknown) =>
          options.warn?.(
            `could not keep the GPU inventory in ${file}: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
    }
    return inventory;
  };
}

async function readKept(file: string): Promise<z.infer<typeof CachedInventorySchema> | null> {
  try {
    const parsed = CachedInventorySchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
