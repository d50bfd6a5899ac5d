/**
 * Every voice a speaker can be given: the bundled espeak-ng voices, and the voices of each imported
 * Kokoro and Piper pack (with the pack id as `model`).
 */
import { createHash } from 'node:crypto';
import type { VoiceInfo, VoiceRef } from '../../shared/model/voice';
import { ESPEAK_ENGINE_ID } from '../../shared/model/espeak-voices';
import { speedOfModelBytes } from '../../shared/model/voice-speed';
import type { EngineDescription, ModelSpec } from '../../shared/protocol/worker-protocol';
import { kokoroLanguage } from '../worker/engines/kokoro/kokoro-voice-info';
import { PACK_ENGINES } from './engine-ids';
import { HostError } from './host-error';
import type { InstalledPack, ModelPacks } from './models/model-packs';
import type { WorkerHost } from './worker/worker-host';
import type { ServerEngines } from './speech-server/server-engines';

export const ENGINE_LABELS: Record<string, string> = {
  espeak: 'eSpeak NG (bundled)',
  kokoro: 'Kokoro (ONNX)',
  piper: 'Piper (ONNX)',
  'pocket-tts': 'Pocket TTS (ONNX, voices from clips)',
  'chatterbox-turbo': 'Chatterbox Turbo (ONNX, voices from clips)',
  kitten: 'Kitten TTS (ONNX)',
  supertonic: 'Supertonic (ONNX)',
};

/** Each pack engine's usual sample rate before one of its packs is imported. */
const PACK_ENGINE_RATES: Record<(typeof PACK_ENGINES)[number], number> = {
  kokoro: 24_000,
  piper: 22_050,
  'pocket-tts': 24_000,
  'chatterbox-turbo': 24_000,
  kitten: 24_000,
  supertonic: 44_100,
};

const CLONING_ENGINES = new Set<string>(['pocket-tts', 'chatterbox-turbo']);

export interface EngineSummary {
  id: string;
  label: string;
  sampleRate: number;
  device: string;
  available: boolean;
  reason?: string;
  /** A speech server engine whose endpoints are not all on this machine (text leaves it). */
  remote?: boolean;
  /** The engine speaks in a voice from a reference clip (the studio offers "Voice from a clip…"). */
  acceptsReferenceClip?: boolean;
  /** The engine samples; whether it takes a seed, a CFG scale and steps (EngineDescription.sampling). */
  sampling?: { seed: boolean; guidance: boolean };
}

export class VoiceCatalog {
  constructor(
    private readonly worker: WorkerHost,
    private readonly packs: ModelPacks,
    private readonly servers?: ServerEngines,
  ) {}

  async voices(engine?: string): Promise<VoiceInfo[]> {
    const voices: VoiceInfo[] = [];
    const server = engine ? await this.servers?.engine(engine) : undefined;
    if (engine && server)
      return (
        (await this.servers?.voices(engine))?.voices.map((voice) => ({
          ...voice,
          ...(server.remote ? { remote: true } : {}),
          speed: 'server' as const,
        })) ?? []
      );
    if (!engine || engine === ESPEAK_ENGINE_ID) {
      const espeak = await this.worker.call<EngineDescription>({
        type: 'describe',
        engine: ESPEAK_ENGINE_ID,
      });
      voices.push(...espeak.voices.map((voice) => ({ ...voice, speed: 'fastest' as const })));
    }
    if (engine === ESPEAK_ENGINE_ID) return voices;
    const { packs } = await this.packs.listPacks();
    for (const pack of packs) {
      if (engine && pack.manifest.engine !== engine) continue;
      const speed = speedOfModelBytes(
        pack.manifest.files.find((file) => file.role === 'model')?.bytes ??
          pack.manifest.memory.estimateBytes,
      );
      for (const voice of pack.manifest.voices) {
        const unsupported =
          pack.manifest.engine === 'kokoro' ? kokoroLanguage(voice.id).unsupported : undefined;
        voices.push({
          engine: pack.manifest.engine,
          model: pack.manifest.id,
          id: voice.id,
          label: voice.label,
          language: voice.language,
          ...(voice.gender ? { gender: voice.gender } : {}),
          ...(unsupported ? { unsupported } : {}),
          speed,
        });
      }
    }
    if (engine && ![...PACK_ENGINES, ESPEAK_ENGINE_ID].includes(engine)) {
      const names = (await this.servers?.all())?.map((entry) => entry.id) ?? [];
      throw new HostError(
        'unknown-engine',
        `no engine "${engine}"`,
        `engines are espeak, ${PACK_ENGINES.join(', ')}${names.map((name) => `, ${name}`).join('')}; add a speech server with \`roundtable engines add\``,
      );
    }
    if (!engine) {
      // A damaged engines.json hides the server voices here; `roundtable engines list` names the problem.
      for (const entry of (await this.servers?.all().catch(() => [])) ?? []) {
        const listed = await this.servers?.voices(entry.id);
        voices.push(
          ...(listed?.voices ?? []).map((voice) => ({
            ...voice,
            ...(entry.remote ? { remote: true } : {}),
            speed: 'server' as const,
          })),
        );
      }
    }
    return voices;
  }

  async engines(): Promise<EngineSummary[]> {
    const espeak = await this.worker.call<EngineDescription>({ type: 'describe', engine: ESPEAK_ENGINE_ID });
    const { packs } = await this.packs.listPacks();
    const summaries: EngineSummary[] = [
      {
        id: espeak.id,
        label: espeak.label,
        sampleRate: espeak.sampleRate,
        device: espeak.device,
        available: true,
      },
    ];
    for (const id of PACK_ENGINES) {
      const installed = packs.filter((pack) => pack.manifest.engine === id);
      summaries.push({
        id,
        label: ENGINE_LABELS[id] ?? id,
        sampleRate: installed[0]?.manifest.sampleRate ?? PACK_ENGINE_RATES[id],
        device: 'cpu',
        available: installed.length > 0,
        // Pocket TTS and Chatterbox Turbo clone a voice from a reference clip (the studio offers "Voice from
        // a clip…"), and draw with a seed, as they describe themselves (pocket-engine.ts, chatterbox-engine.ts).
        ...(CLONING_ENGINES.has(id)
          ? { acceptsReferenceClip: true, sampling: { seed: true, guidance: false } }
          : {}),
        ...(installed.length === 0
          ? { reason: `no ${id} model pack imported: run \`roundtable models import <folder>\`` }
          : {}),
      });
    }
    for (const server of (await this.servers?.all().catch(() => [])) ?? []) {
      const description = server.describe();
      summaries.push({
        id: server.id,
        label: description.label,
        sampleRate: description.sampleRate,
        device: server.remote ? 'remote' : 'local server',
        available: true,
        ...(server.remote ? { remote: true } : {}),
        // A clip is sent as a path on the server's disk: only servers on this machine can take one.
        ...(description.acceptsReferenceClip && !server.remote ? { acceptsReferenceClip: true } : {}),
        ...(description.sampling ? { sampling: description.sampling } : {}),
      });
    }
    return summaries;
  }

  /** The worker's view of a voice's model pack, or undefined for engines without packs. */
  async resolveModel(voice: VoiceRef): Promise<ModelSpec | undefined> {
    if (voice.engine === ESPEAK_ENGINE_ID) return undefined;
    // A speech server holds its own model: nothing to load here.
    if (await this.servers?.engine(voice.engine)) return undefined;
    if (!voice.model) {
      throw new HostError(
        'model-missing',
        `a ${voice.engine} voice needs a model pack`,
        'pick a voice from an imported pack (`roundtable voices`)',
      );
    }
    const pack = await this.packs.getPack(voice.model);
    if (pack.manifest.engine !== voice.engine) {
      throw new HostError(
        'model-mismatch',
        `model pack "${voice.model}" is a ${pack.manifest.engine} pack, not ${voice.engine}`,
        'pick a voice from the right pack',
      );
    }
    return { ...this.packs.toModelSpec(pack), contentHash: packContentHash(pack) };
  }
}

/** One hash over the pack's file hashes: changes whenever any weight, voice or config file changes. */
export function packContentHash(pack: InstalledPack): string {
  const hash = createHash('sha256');
  for (const file of [...pack.manifest.files].sort((a, b) => a.path.localeCompare(b.path)))
    hash.update(`${file.path}:${file.sha256}\n`);
  return hash.digest('hex').slice(0, 32);
}
