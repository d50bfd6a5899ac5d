/** Turns whose voice names a reference clip get the stored clip attached, consent checked, before queueing. */
import type { TakeRequest } from '../render/render-service';
import type { ClipStore } from './clip-store';

/**
 * The requests with `reference` set from `voice.clip`. Throws (ClipError) on the first clip that is missing
 * or has no consent, so nothing renders with a clip the user has not confirmed.
 */
export async function attachClipReferences<R extends TakeRequest>(
  requests: readonly R[],
  clips: ClipStore,
): Promise<R[]> {
  const resolved = new Map<string, Awaited<ReturnType<ClipStore['reference']>>>();
  const out: R[] = [];
  for (const request of requests) {
    const clip = request.voice.clip;
    if (clip === undefined) {
      out.push(request);
      continue;
    }
    let reference = resolved.get(clip);
    if (!reference) {
      reference = await clips.reference(clip);
      resolved.set(clip, reference);
    }
    out.push({ ...request, reference });
  }
  return out;
}
