/** The engines this worker hosts, by id. */
import type { Engine } from './engine';
import { EspeakEngine } from './espeak/espeak-engine';

export function createEngines(): Map<string, Engine> {
  const engines: Engine[] = [new EspeakEngine()];
  return new Map(engines.map((engine) => [engine.id, engine]));
}
