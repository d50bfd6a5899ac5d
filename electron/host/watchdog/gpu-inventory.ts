/**
 * The GPUs in this machine, asked once at start from systeminformation. Bounded: a slow or failing probe
 * (it shells out to lspci, WMI, system_profiler) yields `unknown` after the timeout and never holds up
 * start-up.
 */
import { MIB } from './units';

export interface GpuInventoryEntry {
  vendor: string;
  model: string;
  /** Dedicated VRAM; null where unknown or shared with the system (integrated GPUs). */
  vramBytes: number | null;
  vramShared: boolean;
}

export type GpuInventory =
  { status: 'known'; gpus: GpuInventoryEntry[] } | { status: 'unknown'; gpus: []; reason: string };

/** What systeminformation's `graphics()` returns, as far as it is used here. */
export interface GraphicsControllerLike {
  vendor?: string;
  model?: string;
  name?: string;
  vram?: number | null;
  vramDynamic?: boolean;
  memoryTotal?: number;
}

export type ReadGraphics = () => Promise<{ controllers: GraphicsControllerLike[] }>;

async function systeminformationGraphics(): Promise<{ controllers: GraphicsControllerLike[] }> {
  const module = await import('systeminformation');
  const si = (module as unknown as { default?: typeof module }).default ?? module;
  return si.graphics();
}

export function inventoryFromControllers(controllers: GraphicsControllerLike[]): GpuInventoryEntry[] {
  return controllers.map((controller) => {
    const vramMiB = controller.memoryTotal ?? controller.vram ?? null;
    const vramShared = controller.vramDynamic === true;
    return {
      vendor: (controller.vendor ?? '').trim() || 'unknown vendor',
      model: (controller.model ?? controller.name ?? '').trim() || 'unknown model',
      vramBytes: vramMiB !== null && vramMiB > 0 && !vramShared ? vramMiB * MIB : null,
      vramShared,
    };
  });
}

export function isNvidia(entry: { vendor: string; model: string }): boolean {
  return /nvidia/i.test(entry.vendor) || /nvidia|geforce|quadro|tesla|rtx/i.test(entry.model);
}

export async function readGpuInventory(
  options: { timeoutMs?: number; readGraphics?: ReadGraphics } = {},
): Promise<GpuInventory> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const readGraphics = options.readGraphics ?? systeminformationGraphics;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<GpuInventory>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          status: 'unknown',
          gpus: [],
          reason: `the GPU inventory took longer than ${timeoutMs} ms`,
        }),
      timeoutMs,
    );
    timer.unref();
  });
  const read = readGraphics().then(
    (result): GpuInventory => ({ status: 'known', gpus: inventoryFromControllers(result.controllers ?? []) }),
    (error: unknown): GpuInventory => ({
      status: 'unknown',
      gpus: [],
      reason: `the GPU inventory failed: ${error instanceof Error ? error.message : String(error)}`,
    }),
  );
  try {
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
