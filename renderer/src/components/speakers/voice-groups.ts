/** How the voice picker names its groups and options: speech servers off this machine are marked remote. */
import type { VoiceInfo } from '../../../../shared/model/voice';
import type { EngineInfo } from '../../state/catalog-store';

export function engineGroupLabel(engineId: string, engines: EngineInfo[]): string {
  const engine = engines.find((e) => e.id === engineId);
  if (!engine) return engineId;
  if (engine.remote) return `${engine.label} · remote: sends text off this machine`;
  return `${engine.label} · ${engine.device.toUpperCase()}`;
}

/** An option's tooltip: its id and language, and where the text goes for a remote voice. */
export function voiceOptionTitle(voice: VoiceInfo): string {
  const parts = [voice.model ? `${voice.engine}:${voice.model}/${voice.id}` : voice.id];
  if (voice.language) parts.push(voice.language);
  if (voice.remote) parts.push('remote: the text is sent to a server off this machine');
  return parts.join(' · ');
}

/**
 * What a speaker speaking in a reference clip is called where a voice's name would be: the clip replaces the
 * engine's own voice (a pack's `reference_sample`), so the clip's label is the name and the engine the detail.
 */
export function clipVoiceName(
  clipLabel: string | undefined,
  engineId: string,
  engines: EngineInfo[],
): string {
  const engine = engines.find((e) => e.id === engineId)?.label ?? engineId;
  return `Clip “${clipLabel ?? 'missing clip'}” — ${engine}, voice from a recording`;
}
