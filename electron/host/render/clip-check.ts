/** Whether a turn's reference clip can be rendered by its engine (render-service.ts asks before rendering). */
import type { EngineDescription } from '../../../shared/protocol/worker-protocol';
import type { TakeRequest } from './render-service';

/**
 * A speaker with a clip renders only on an engine that takes one, and only with the stored clip attached
 * (the host resolves it, consent checked, before queueing): never silently without it.
 */
export function checkReference(request: TakeRequest, description: EngineDescription): void {
  const clip = request.voice.clip;
  if (clip === undefined) return;
  if (!description.acceptsReferenceClip) {
    throw new ClipUnsupportedError(
      `${description.label} cannot speak in a voice from a reference clip (only engines that clone a voice do: VibeVoice through audio.cpp, Pocket TTS, Chatterbox)`,
      "remove the clip from this speaker's voice, or pick a voice of an engine that takes clips",
    );
  }
  if (request.reference?.sha256 !== clip) {
    throw new ClipUnsupportedError(
      `the reference clip ${clip.slice(0, 12)} was not found with this render`,
      'import the clip again (Voice from a clip…, or --voice-clip)',
    );
  }
}

/** A clip on an engine that cannot use it (or without its audio): the turn fails, nothing is rendered. */
export class ClipUnsupportedError extends Error {
  readonly code = 'clip-unsupported';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'ClipUnsupportedError';
  }
}
