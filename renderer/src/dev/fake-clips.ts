/** The fake StudioApi's reference clips (fake-api.ts): records in memory, consent and use checked like the host. */
import type { clipApiMethods } from '../../../shared/api/clips-api';
import type { StudioApi } from '../../../shared/api/studio-api';
import {
  CLIP_CONSENT_STATEMENT,
  CLIP_SAMPLE_RATE,
  type ReferenceClip,
} from '../../../shared/model/reference-clip';
import { fakeHash } from './fake-audio';

type ClipMethods = Pick<StudioApi, keyof typeof clipApiMethods>;

export function fakeClipMethods(call: (method: keyof StudioApi, input: unknown) => void): ClipMethods {
  const clips = new Map<string, ReferenceClip>();
  const fail = (code: string, message: string) => Object.assign(new Error(message), { code });
  return {
    async importClip(input) {
      call('importClip', input);
      const name = 'fileName' in input.source ? input.source.fileName : input.source.path;
      const sha256 = (fakeHash(name) + fakeHash(`${name}|2`)).repeat(2);
      const durationMs = (input.trimEndMs ?? 10_000) - (input.trimStartMs ?? 0);
      if (durationMs < 3_000 || durationMs > 30_000) throw fail('clip-too-short', 'a clip is 3 to 30 s long');
      const clip: ReferenceClip = {
        sha256,
        label: input.label || name.replace(/\.[^.]+$/, ''),
        sourceName: name,
        durationSamples: Math.round((durationMs * CLIP_SAMPLE_RATE) / 1000),
        sampleRate: CLIP_SAMPLE_RATE,
        ...(input.consentStatement === CLIP_CONSENT_STATEMENT
          ? { consent: { confirmedAtMs: Date.now(), statement: CLIP_CONSENT_STATEMENT } }
          : {}),
      };
      clips.set(sha256, clip);
      return { clip, loudnessLufs: -20 };
    },
    async listClips(input) {
      call('listClips', input);
      return [...clips.values()];
    },
    async confirmConsentForClip(input) {
      call('confirmConsentForClip', input);
      const clip = clips.get(input.sha256);
      if (!clip) throw fail('clip-not-found', 'no such clip');
      const confirmed = { ...clip, consent: { confirmedAtMs: Date.now(), statement: input.statement } };
      clips.set(clip.sha256, confirmed);
      return confirmed;
    },
    async assignClip(input) {
      call('assignClip', input);
      if (input.voice.engine === 'espeak') throw fail('clip-unsupported', 'eSpeak NG cannot use clips');
      if (!clips.get(input.sha256)?.consent) throw fail('clip-consent-missing', 'confirm consent first');
      const params = { ratePercent: 100, pitchSemitones: 0, ...input.voice.params };
      return { voice: { ...input.voice, params, clip: input.sha256 } };
    },
    async removeClip(input) {
      call('removeClip', input);
      clips.delete(input.sha256);
      return { ok: true as const };
    },
    async getClipUrl(input) {
      call('getClipUrl', input);
      return { url: `fake://clip/${input.sha256}` };
    },
  };
}
