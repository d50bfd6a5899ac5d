/**
 * What the engine is given for a turn: its written text with the project's pronunciations applied. The
 * script, the turn editor and the transcripts keep the written text; takes, their signatures and render
 * requests follow the spoken one.
 */
import type { Project, Segment } from '../../../shared/model/project';
import type { VoiceRef } from '../../../shared/model/voice';
import { spokenText, type Pronunciation } from '../../../shared/text/pronunciations';
import { takeSignature } from './take-signature';

export function spokenTextOf(project: Project, segment: Segment): string {
  return spokenText(segment.text, project.settings.pronunciations);
}

/** The signature of written `text` said with `voice` under a pronunciation list. */
export function spokenSignature(
  text: string,
  voice: VoiceRef,
  pronunciations: readonly Pronunciation[],
): string {
  return takeSignature(spokenText(text, pronunciations), voice);
}
