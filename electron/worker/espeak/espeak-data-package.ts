/**
 * espeak-ng's data package read as it is used. The Emscripten build preloads `espeak-ng.data` (24 MB, of
 * which 117 pronunciation dictionaries make up 23.3 MB) into its in-memory file system at every start, and
 * each file there is a view of that one buffer. Here the module gets a zero-filled buffer of the package's
 * size (the system maps its pages only when written) holding every file but the dictionaries, and a
 * dictionary's bytes are read from disk when espeak-ng first opens it: an English render reads 0.9 MB
 * instead of 24 MB (measured: ~80 ms less CPU per start, 25 MB less memory per espeak thread).
 *
 * The file list comes from the module's own loader (`loadPackage({files:[{filename,start,end}...]})`). When
 * it cannot be read, or does not cover the data file exactly, {@link lazyDataPackage} returns undefined and
 * the module loads the whole package as it always has.
 */
import fs from 'node:fs';

export interface PackageFile {
  /** Path in the module's file system, e.g. `/usr/share/espeak-ng-data/en_dict`. */
  name: string;
  start: number;
  end: number;
}

/** The files of the package as the module's loader lists them, in order; [] when it lists none. */
export function packageFilesOf(moduleSource: string): PackageFile[] {
  return [...moduleSource.matchAll(/\{filename:"([^"\\]+)",start:(\d+),end:(\d+)\}/g)].map((match) => ({
    name: match[1] ?? '',
    start: Number(match[2]),
    end: Number(match[3]),
  }));
}

/** True when `files` tile [0, size) in order, without gaps or overlaps. */
export function coversExactly(files: readonly PackageFile[], size: number): boolean {
  let at = 0;
  for (const file of files) {
    if (file.start !== at || file.end < file.start) return false;
    at = file.end;
  }
  return files.length > 0 && at === size;
}

const isDictionary = (file: PackageFile): boolean => file.name.endsWith('_dict');

/** The part of the Emscripten file system the lazy package hooks into. */
export interface HookableFs {
  open(path: unknown, ...rest: unknown[]): unknown;
}

export class LazyDataPackage {
  private buffer: ArrayBuffer | undefined;
  private readonly pending = new Map<string, PackageFile>();

  private constructor(
    private readonly dataPath: string,
    private readonly files: readonly PackageFile[],
    private readonly size: number,
  ) {
    for (const file of files) if (isDictionary(file)) this.pending.set(file.name, file);
  }

  /** Undefined when the module's file list does not describe `dataPath` exactly (then load it whole). */
  static open(moduleSource: string, dataPath: string): LazyDataPackage | undefined {
    let size: number | undefined;
    try {
      size = fs.statSync(dataPath).size;
    } catch {
      return undefined;
    }
    const files = packageFilesOf(moduleSource);
    if (size === undefined || !coversExactly(files, size)) return undefined;
    return new LazyDataPackage(dataPath, files, size);
  }

  /** Dictionaries not read yet. */
  get unreadDictionaries(): number {
    return this.pending.size;
  }

  /**
   * The module's `getPreloadedPackage` hook: the package buffer with everything but the dictionaries read.
   * Undefined (the module then reads the file itself) when asked for a package of another size.
   */
  preloaded(size: number): ArrayBuffer | undefined {
    if (size !== this.size) return undefined;
    this.buffer = new ArrayBuffer(size);
    try {
      this.read(this.files.filter((file) => !isDictionary(file)));
    } catch {
      // Unreadable by path (a file system that maps it elsewhere): the module reads the package itself,
      // and the hook reads nothing.
      this.buffer = undefined;
      this.pending.clear();
    }
    return this.buffer;
  }

  /** Reads a dictionary into the package buffer the first time the module opens it. */
  hook(fileSystem: HookableFs): void {
    const open = fileSystem.open.bind(fileSystem);
    fileSystem.open = (path: unknown, ...rest: unknown[]) => {
      const file = typeof path === 'string' ? this.pending.get(path) : undefined;
      if (file) {
        this.read([file]);
        this.pending.delete(file.name);
      }
      return open(path, ...rest);
    };
  }

  private read(files: readonly PackageFile[]): void {
    if (!this.buffer || files.length === 0) return;
    const view = new Uint8Array(this.buffer);
    const fd = fs.openSync(this.dataPath, 'r');
    try {
      for (const file of files) {
        let at = file.start;
        while (at < file.end) {
          const got = fs.readSync(fd, view, at, file.end - at, at);
          if (got === 0) throw new Error(`espeak-ng data: ${this.dataPath} ended inside ${file.name}`);
          at += got;
        }
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}
