/**
 * Test seam: a disk that fills up. Files opened (fs.promises `open`, `writeFile`) under `dir` share a budget
 * of `capacityBytes`; a write past it fails as Node fails on a full disk (ENOSPC, no file named), so tests
 * can check what the app says and what it leaves behind without a real small file system.
 */
import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { vi } from 'vitest';

export interface FullDisk {
  /** Bytes written under the folder so far. */
  readonly written: number;
  restore(): void;
}

function enospc(syscall: string): Error {
  return Object.assign(new Error(`ENOSPC: no space left on device, ${syscall}`), {
    code: 'ENOSPC',
    errno: -28,
    syscall,
  });
}

export function fillDiskAfter(dir: string, capacityBytes: number): FullDisk {
  const root = path.resolve(dir) + path.sep;
  const inside = (file: unknown) => typeof file === 'string' && path.resolve(file).startsWith(root);
  let written = 0;
  const charge = (bytes: number, syscall: string) => {
    if (written + bytes > capacityBytes) throw enospc(syscall);
    written += bytes;
  };
  const realOpen = fs.open.bind(fs);
  const realWriteFile = fs.writeFile.bind(fs);
  const open = vi.spyOn(fs, 'open').mockImplementation(async (...args: Parameters<typeof fs.open>) => {
    const handle = await realOpen(...args);
    if (!inside(args[0])) return handle;
    return new Proxy(handle, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property === 'write') {
          return async (data: Uint8Array | string, ...rest: unknown[]) => {
            const length =
              typeof data === 'string'
                ? Buffer.byteLength(data)
                : ((rest[1] as number | undefined) ?? data.length);
            charge(length, 'write');
            return (target.write as (...a: unknown[]) => Promise<unknown>)(data, ...rest);
          };
        }
        if (property === 'writeFile') {
          return async (data: Uint8Array | string, options?: unknown) => {
            charge(typeof data === 'string' ? Buffer.byteLength(data) : data.length, 'write');
            return target.writeFile(data, options as never);
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as FileHandle;
  });
  const writeFile = vi
    .spyOn(fs, 'writeFile')
    .mockImplementation(async (...args: Parameters<typeof fs.writeFile>) => {
      const [file, data, options] = args;
      const bytes = typeof data === 'string' ? Buffer.byteLength(data) : (data as Uint8Array).length;
      if (inside(file) && written + bytes > capacityBytes) {
        // As on a real disk: the file is created, then the write fails.
        const flag =
          typeof options === 'object' && options !== null && 'flag' in options ? options.flag : 'w';
        await realWriteFile(file, '', { flag });
      }
      if (inside(file)) charge(bytes, 'write');
      return realWriteFile(...args);
    });
  return {
    get written() {
      return written;
    },
    restore() {
      open.mockRestore();
      writeFile.mockRestore();
    },
  };
}
