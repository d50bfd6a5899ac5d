/**
 * How fast a voice renders, as a class the voice picker can show and filter by. It is a coarse guide from
 * what the voice is (espeak is a formant synthesiser; an ONNX model's cost grows with its size; a speech
 * server's speed is that of its hardware), not a measurement on this machine.
 */
import * as z from 'zod';

export const VoiceSpeedSchema = z.enum(['fastest', 'fast', 'moderate', 'slow', 'server']);
export type VoiceSpeed = z.infer<typeof VoiceSpeedSchema>;

const MIB = 1024 * 1024;

/** A model pack's class from the size of its model file (Piper medium ~63 MB, Kokoro fp32 ~310 MB). */
export function speedOfModelBytes(modelBytes: number): VoiceSpeed {
  if (modelBytes <= 120 * MIB) return 'fast';
  if (modelBytes <= 400 * MIB) return 'moderate';
  return 'slow';
}

export const VOICE_SPEED_LABELS: Readonly<Record<VoiceSpeed, { label: string; detail: string }>> = {
  fastest: { label: 'Instant', detail: 'formant synthesis: hundreds of times real time on any CPU' },
  fast: { label: 'Fast', detail: 'a small neural model: faster than real time on a CPU' },
  moderate: {
    label: 'Moderate',
    detail: 'a mid-size neural model: around real time on a CPU, fast on a GPU',
  },
  slow: { label: 'Slow', detail: 'a large neural model: slower than real time without a GPU' },
  server: { label: 'Server', detail: "rendered by a speech server: as fast as the server's hardware" },
};
