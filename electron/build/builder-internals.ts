/**
 * The parts of electron-builder the packaging checks reuse instead of re-implementing them: its file
 * pattern matcher (minimatch with its options and its "a folder means everything in it" rule), its PNG size
 * reader, and the asar reader it packs with. They are internal modules of app-builder-lib (a dependency of
 * the electron-builder devDependency), so they are loaded from electron-builder's own resolution and typed
 * here by the little that is used.
 */
import { createRequire } from 'node:module';

/** A parsed pattern (minimatch's Minimatch). */
export interface ParsedPattern {
  readonly negate: boolean;
  match(file: string, partial?: boolean): boolean;
}

export interface FileMatcherLike {
  readonly patterns: readonly string[];
  computeParsedPatterns(result: ParsedPattern[], fromDir?: string): void;
}

interface FileMatcherModule {
  FileMatcher: new (
    from: string,
    to: string,
    macroExpander: (pattern: string) => string,
    patterns?: string[] | string | null,
  ) => FileMatcherLike;
}

interface IconConverterModule {
  getPngSize(file: string): Promise<{ width: number; height: number }>;
}

/** One entry of an asar header: a folder has `files`, a file has `size` and maybe `unpacked`. */
export interface AsarHeaderNode {
  files?: Record<string, AsarHeaderNode>;
  size?: number;
  unpacked?: boolean;
  link?: string;
}

interface AsarModule {
  getRawHeader(archive: string): { header: AsarHeaderNode };
  extractAll(archive: string, dest: string): void;
}

export interface ElectronBuilderApi {
  build(options: Record<string, unknown>): Promise<string[]>;
  Platform: Record<'WINDOWS' | 'LINUX', { createTarget(type: string, ...archs: number[]): unknown }>;
  Arch: Record<string, number>;
}

const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const fromLib = createRequire(fromBuilder.resolve('app-builder-lib'));

export const builderApi = (): ElectronBuilderApi => fromBuilder('electron-builder') as ElectronBuilderApi;
export const fileMatcherModule = (): FileMatcherModule =>
  fromLib('app-builder-lib/out/fileMatcher') as FileMatcherModule;
export const iconConverter = (): IconConverterModule =>
  fromLib('app-builder-lib/out/util/iconConverter') as IconConverterModule;
export const asarModule = (): AsarModule => fromLib('@electron/asar') as AsarModule;
