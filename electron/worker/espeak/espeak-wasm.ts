/**
 * eSpeak NG compiled by Emscripten to JavaScript (@echogarden/espeak-ng-emscripten: wasm2js, not
 * WebAssembly), wrapped in a small typed API: one instance per worker process, synchronous synthesis into a
 * callback, IPA phonemes.
 */

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LazyDataPackage } from './espeak-data-package';

/** The subset of the Emscripten module and its WebIDL class that this wrapper uses. */
interface EspeakModule {
  eSpeakNGWorker: new () => EspeakWorkerObject;
  addFunction(fn: (audioPtr: number, length: number, eventsPtr: number) => number, signature: string): number;
  removeFunction(ptr: number): void;
  HEAP16: Int16Array;
  HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  FS: {
    open(path: unknown, ...rest: unknown[]): unknown;
    readdir(path: string): string[];
    stat(path: string): { mode: number };
    isDir(mode: number): boolean;
    readFile(path: string, options: { encoding: 'utf8' }): string;
  };
}

/** A NUL-terminated UTF-8 string in the module's memory; the WebIDL glue passes `.ptr` through as is. */
interface CString {
  ptr: number;
}

interface EspeakWorkerObject {
  set_voice(name: CString): number;
  synth_(text: CString, callbackPtr: number): void;
  text_to_phonemes(text: CString, mode: number): number | { ptr: number };
  get_samplerate(): number;
  set_rate(rate: number): void;
  set_pitch(pitch: number): void;
  get_pitch(): number;
}

export const ESPEAK_SAMPLE_RATE = 22_050;
export const ESPEAK_DEFAULT_WPM = 175;
const VARIANTS_DIR = '/usr/share/espeak-ng-data/voices/!v';
const LANGUAGES_DIR = '/usr/share/espeak-ng-data/lang';

/** A language voice file of the build: `lang/sit/cmn` gives voice `cmn`, name "Chinese (Mandarin, ...)". */
export interface EspeakLanguageFile {
  /** Path under `lang/`, e.g. `sit/cmn`. */
  file: string;
  name: string;
  /** The `language` lines, in order (the first is the voice's own). */
  languages: string[];
}

export interface EspeakSynthOptions {
  /** Voice name as espeak takes it: language plus optional variant, e.g. `en-gb-x-rp+f3`. */
  voice: string;
  wordsPerMinute: number;
  /** espeak's pitch parameter, 0–99 (50 is the voice's normal pitch). */
  pitch: number;
}

export class EspeakWasm {
  private readonly worker: EspeakWorkerObject;
  private readonly decoder = new TextDecoder();
  private readonly encoder = new TextEncoder();
  private currentVoice = '';

  /**
   * The module's whole linear memory right after start-up. eSpeak NG carries state from one utterance to
   * the next (filter memories, intonation, libc's rand() used for aspiration noise), so the same sentence
   * renders slightly differently depending on what came before. Restoring this snapshot before every
   * utterance (a memcpy of ~17 MB, a few ms) makes a repeated utterance give the same samples. Some
   * variants (with breath noise) still depend on state this build keeps outside its memory, so bit-identical
   * output across processes is not guaranteed for espeak; the take cache keeps finished turns identical.
   * Only the used start of the memory is kept (~1 MB of 17 MB: the rest is zeros, which {@link reset}
   * writes back as zeros): allocating a 17 MB copy cost ~70 ms of page faults at every thread start here.
   */
  private readonly pristine: Uint8Array;

  private constructor(private readonly module: EspeakModule) {
    this.worker = new module.eSpeakNGWorker();
    this.pristine = module.HEAPU8.slice(0, usedLength(module.HEAPU8));
  }

  /** `data`: how the data package is read; by default as it is used, `null` whole (as the module would). */
  static async load(data: LazyDataPackage | null | undefined = lazyDataPackage()): Promise<EspeakWasm> {
    // Imported here, not at the top: the module is 0.8 MB of JavaScript that every process importing this
    // file's constants (the inference worker's main thread) would compile at start-up (~0.1 s of CPU), and
    // only espeak threads and the phonemizer run it.
    const { default: createEspeakModule } = await import('@echogarden/espeak-ng-emscripten');
    const module = (await createEspeakModule(
      data ? { getPreloadedPackage: (_name: string, size: number) => data.preloaded(size) } : {},
    )) as EspeakModule;
    data?.hook(module.FS);
    return new EspeakWasm(module);
  }

  /**
   * Copies a string into the module's heap. Strings are allocated by us rather than by the WebIDL glue's
   * string cache, whose JS-side pointers would not survive {@link reset}; the memory is reclaimed by the
   * next reset.
   */
  private cString(text: string): CString {
    const bytes = this.encoder.encode(text);
    const ptr = this.module._malloc(bytes.length + 1);
    if (ptr === 0) throw new Error('espeak-ng: out of memory for the input text');
    const heap = this.module.HEAPU8;
    heap.set(bytes, ptr);
    heap[ptr + bytes.length] = 0;
    return { ptr };
  }

  /** Puts the engine back in its start-up state (see {@link pristine}). */
  private reset(): void {
    const heap = this.module.HEAPU8;
    heap.set(this.pristine);
    if (heap.length > this.pristine.length) heap.fill(0, this.pristine.length);
    this.currentVoice = '';
  }

  get sampleRate(): number {
    return this.worker.get_samplerate();
  }

  /** Variant names bundled with this build (`m1`, `f3`, `klatt`, ...). */
  listVariants(): string[] {
    return this.module.FS.readdir(VARIANTS_DIR).filter((name) => !name.startsWith('.'));
  }

  /** Every language voice file bundled with this build (espeak-ng-data/lang), read as espeak reads them. */
  listLanguageFiles(): EspeakLanguageFile[] {
    const found: EspeakLanguageFile[] = [];
    const walk = (dir: string, prefix: string): void => {
      for (const entry of this.module.FS.readdir(dir)) {
        if (entry.startsWith('.')) continue;
        const full = `${dir}/${entry}`;
        if (this.module.FS.isDir(this.module.FS.stat(full).mode)) {
          walk(full, `${prefix}${entry}/`);
          continue;
        }
        const text = this.module.FS.readFile(full, { encoding: 'utf8' });
        const name = /^\s*name\s+(.+?)\s*$/m.exec(text)?.[1]?.replace(/\s*\/\/.*$/, '') ?? entry;
        const languages = [...text.matchAll(/^\s*language\s+(\S+)/gm)].map((match) => match[1] ?? '');
        found.push({ file: `${prefix}${entry}`, name, languages });
      }
    };
    walk(LANGUAGES_DIR, '');
    return found;
  }

  /**
   * Selects a voice; returns false when espeak does not know it. British English is the voice "en":
   * "en-gb" (a language tag, which earlier versions also listed as a voice) is read as "en".
   */
  setVoice(voice: string): boolean {
    if (voice === this.currentVoice) return true;
    let status = this.worker.set_voice(this.cString(voice));
    if (status !== 0 && /^en-gb(\+|$)/.test(voice))
      status = this.worker.set_voice(this.cString(`en${voice.slice('en-gb'.length)}`));
    if (status !== 0) return false;
    this.currentVoice = voice;
    return true;
  }

  /**
   * Synthesises `text` synchronously. `onSamples` receives 16-bit PCM blocks at {@link sampleRate}; returning
   * `false` from `shouldContinue` stops synthesis at the next block.
   */
  synthesize(
    text: string,
    options: EspeakSynthOptions,
    onSamples: (pcm: Int16Array) => void,
    shouldContinue: () => boolean,
  ): void {
    this.reset();
    if (!this.setVoice(options.voice)) throw new Error(`espeak-ng has no voice "${options.voice}"`);
    this.worker.set_rate(Math.round(Math.min(450, Math.max(80, options.wordsPerMinute))));
    this.worker.set_pitch(Math.round(Math.min(99, Math.max(0, options.pitch))));
    const callback = this.module.addFunction((audioPtr, length) => {
      if (length > 0) onSamples(this.module.HEAP16.slice(audioPtr >> 1, (audioPtr >> 1) + length));
      return shouldContinue() ? 0 : 1;
    }, 'iiii');
    try {
      this.worker.synth_(this.cString(text), callback);
    } finally {
      this.module.removeFunction(callback);
    }
  }

  /**
   * IPA phonemes for `text` in the given espeak voice/language. Phonemes inside a word are joined directly,
   * words are separated by spaces and clauses by ` | `.
   */
  textToPhonemes(text: string, voice: string): string {
    this.reset();
    if (!this.setVoice(voice)) throw new Error(`espeak-ng has no voice "${voice}"`);
    const result = this.worker.text_to_phonemes(this.cString(text), 1);
    const ptr = typeof result === 'number' ? result : result.ptr;
    const heap = this.module.HEAPU8;
    let end = ptr;
    while (heap[end] !== 0) end++;
    return this.decoder.decode(heap.subarray(ptr, end)).replaceAll('_', '');
  }
}

/**
 * Bytes of `heap` up to and including its last non-zero 32-bit word: everything after them is zero. A heap
 * that is not word-aligned (never the case for Emscripten's) is taken whole.
 */
export function usedLength(heap: Uint8Array): number {
  if (heap.byteOffset % 4 !== 0 || heap.byteLength % 4 !== 0) return heap.byteLength;
  const words = new Int32Array(heap.buffer, heap.byteOffset, heap.byteLength / 4);
  let last = words.length - 1;
  while (last >= 0 && words[last] === 0) last--;
  return (last + 1) * 4;
}

/** The module's data package, read as it is used (espeak-data-package.ts); undefined: the module reads it whole. */
export function lazyDataPackage(): LazyDataPackage | undefined {
  try {
    const { module, data } = espeakPackagePaths();
    return LazyDataPackage.open(fs.readFileSync(module, 'utf8'), data);
  } catch {
    return undefined;
  }
}

/** Where the espeak-ng build's module and its data package are (beside each other, as Emscripten looks). */
export function espeakPackagePaths(): { module: string; data: string } {
  const module = createRequire(import.meta.url).resolve('@echogarden/espeak-ng-emscripten');
  return { module, data: path.join(path.dirname(module), 'espeak-ng.data') };
}

let shared: Promise<EspeakWasm> | undefined;

/** One espeak instance for describing voices and phonemes. */
export function loadEspeak(): Promise<EspeakWasm> {
  shared ??= EspeakWasm.load();
  return shared;
}
