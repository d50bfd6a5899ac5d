/** The bundled espeak-ng engine: every machine has it, nothing to download. Draft quality, very fast. */
import { ESPEAK_ENGINE_ID, ESPEAK_VOICES } from '../../../../shared/model/espeak-voices';
import type {
  EngineDescription,
  LoadResult,
  SynthesizeRequest,
} from '../../../../shared/protocol/worker-protocol';
import { ESPEAK_DEFAULT_WPM, loadEspeak } from '../../espeak/espeak-wasm';
import type { Engine } from '../engine';
import { EngineError, throwIfCancelled } from '../engine';

/** espeak pitch units per semitone, measured on this build (pitch 50→90 raised f0 from 82 to 136 Hz). */
const PITCH_UNITS_PER_SEMITONE = 4.5;
const MAX_CHUNK_CHARS = 600;
/** Voice ids are `<language>[+<variant>]`. */
const VOICE_ID = /^[a-z]{2,3}(-[a-z0-9]+)*(\+[A-Za-z0-9]+)?$/;

export class EspeakEngine implements Engine {
  readonly id = ESPEAK_ENGINE_ID;

  async describe(): Promise<EngineDescription> {
    const espeak = await loadEspeak();
    return {
      id: this.id,
      label: 'eSpeak NG (bundled)',
      sampleRate: espeak.sampleRate,
      voices: [...ESPEAK_VOICES],
      maxChunkChars: MAX_CHUNK_CHARS,
      packsSentences: true,
      device: 'wasm',
      memoryEstimateBytes: 64 * 1024 * 1024,
    };
  }

  async load(): Promise<LoadResult> {
    const started = Date.now();
    await loadEspeak();
    return { modelId: this.id, provider: 'wasm', loadMs: Date.now() - started };
  }

  async unload(): Promise<void> {}

  async synthesize(
    request: SynthesizeRequest,
    signal: AbortSignal,
    onAudio: (pcm: Float32Array) => void,
  ): Promise<{ sampleRate: number }> {
    if (!VOICE_ID.test(request.voice)) {
      throw new EngineError('unknown-voice', `"${request.voice}" is not an espeak voice id (e.g. en-us+f3)`);
    }
    const espeak = await loadEspeak();
    if (!espeak.setVoice(request.voice)) {
      throw new EngineError(
        'unknown-voice',
        `espeak-ng has no voice "${request.voice}"; run \`roundtable voices\``,
      );
    }
    const options = {
      voice: request.voice,
      wordsPerMinute: (ESPEAK_DEFAULT_WPM * request.params.ratePercent) / 100,
      pitch: 50 + request.params.pitchSemitones * PITCH_UNITS_PER_SEMITONE,
    };
    espeak.synthesize(
      request.text,
      options,
      (block) => {
        const pcm = new Float32Array(block.length);
        for (let i = 0; i < block.length; i++) pcm[i] = (block[i] ?? 0) / 32768;
        onAudio(pcm);
      },
      () => !signal.aborted,
    );
    throwIfCancelled(signal);
    return { sampleRate: espeak.sampleRate };
  }

  async dispose(): Promise<void> {}
}
