import { cfgScaleHundredths, type VoiceRef } from '../../../shared/model/voice';

/**
 * Text as the take cache sees it: NFC, surrounding space trimmed and runs of white space collapsed. NFC
 * matters because a pronunciation list hands the engine NFC text (shared/text/pronunciations.ts): a turn
 * that no entry changes must keep its signature whether or not the list is empty.
 */
export function normaliseTurnText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * What a take was made from: engine, model, voice, params and normalised text. Two segments with the same
 * signature sound the same, so a take made for one signature is fresh for any segment that still has it.
 */
export function takeSignature(text: string, voice: VoiceRef): string {
  const params = voice.params ?? { ratePercent: 100, pitchSemitones: 0 };
  return JSON.stringify([
    voice.engine,
    voice.model ?? '',
    voice.voice,
    params.ratePercent,
    params.pitchSemitones,
    normaliseTurnText(text),
    // A reference clip (only where set, so signatures without one stay as they were).
    ...(voice.clip !== undefined ? [`clip:${voice.clip}`] : []),
    // Seed, CFG scale and steps only where set (a speaker's or a turn's), so older signatures stand.
    ...(params.seed !== undefined ? [`seed${params.seed}`] : []),
    ...(params.cfgScale !== undefined ? [`cfg${cfgScaleHundredths(params.cfgScale)}`] : []),
    ...(params.diffusionSteps !== undefined ? [`steps${params.diffusionSteps}`] : []),
  ]);
}
