/**
 * The worker's ONNX engines (Kokoro, Piper, Pocket TTS, Chatterbox Turbo, Kitten TTS, Supertonic) on one shared onnxruntime thread and one model cache. The
 * worker registers `engines`; the cache's budget can be changed later (`cache.setBudget`).
 */
import { ChatterboxEngine } from '../chatterbox/chatterbox-engine';
import type { Engine } from '../engine';
import { KittenEngine } from '../kitten/kitten-engine';
import { KokoroEngine } from '../kokoro/kokoro-engine';
import { PiperEngine } from '../piper/piper-engine';
import { PocketEngine } from '../pocket/pocket-engine';
import { SupertonicEngine } from '../supertonic/supertonic-engine';
import type { EngineLog } from './engine-log';
import type { ModelCache } from './model-cache';
import type { OnnxModel, OnnxRuntimeOptions } from './onnx-runtime';
import { OnnxRuntime } from './onnx-runtime';
import type { Phonemizer } from './phonemizer';

export interface OnnxEnginesOptions extends OnnxRuntimeOptions {
  phonemizer?: Phonemizer;
  log?: EngineLog;
}

export interface OnnxEngines {
  engines: Engine[];
  kokoro: KokoroEngine;
  piper: PiperEngine;
  pocket: PocketEngine;
  chatterbox: ChatterboxEngine;
  kitten: KittenEngine;
  supertonic: SupertonicEngine;
  cache: ModelCache<OnnxModel>;
}

export function createOnnxEngines(options: OnnxEnginesOptions = {}): OnnxEngines {
  const runtime = new OnnxRuntime(options);
  const shared = {
    runtime,
    ...(options.phonemizer ? { phonemizer: options.phonemizer } : {}),
    ...(options.log ? { log: options.log } : {}),
  };
  const kokoro = new KokoroEngine(shared);
  const piper = new PiperEngine(shared);
  const pocket = new PocketEngine(shared);
  const chatterbox = new ChatterboxEngine(shared);
  const kitten = new KittenEngine(shared);
  const supertonic = new SupertonicEngine(shared);
  return {
    engines: [kokoro, piper, pocket, chatterbox, kitten, supertonic],
    kokoro,
    piper,
    pocket,
    chatterbox,
    kitten,
    supertonic,
    cache: runtime.cache,
  };
}
