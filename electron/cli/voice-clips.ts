/**
 * `--voice-clip "<Speaker>=<file>[;start=<s>;end=<s>]"` with `--consent`: a speaker's voice from a reference
 * clip. The file (WAV, MP3 or FLAC) is imported like the studio imports it (trimmed to start..end, 3-30 s,
 * normalised) into the clips folder beside the take cache, with the consent the user gave by --consent,
 * and the speaker's voice (from --voice: an engine that clones, e.g. audio.cpp's VibeVoice) gets the clip.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { CLIP_CONSENT_STATEMENT, MAX_CLIP_SOURCE_BYTES } from '../../shared/model/reference-clip';
import type { Speaker } from '../../shared/model/project';
import { ClipError } from '../host/clips/clip-errors';
import type { ClipStore } from '../host/clips/clip-store';
import type { EngineDescription } from '../../shared/protocol/worker-protocol';
import type { VoiceRef } from '../../shared/model/voice';
import { UserError } from './cli-io';

export interface VoiceClipOption {
  file: string;
  trimStartMs?: number;
  trimEndMs?: number;
}

export const VOICE_CLIP_HELP = `  --voice-clip "<Speaker>=<file>[;start=<s>;end=<s>]"
                             the speaker speaks in the voice of a recording (WAV, MP3 or FLAC; 3 to 30 s,
                             trimmed to start..end in seconds); needs --consent and a --voice of an engine
                             that clones a voice (an audio.cpp VibeVoice server on this machine)
  --consent                  confirms for every --voice-clip: "${CLIP_CONSENT_STATEMENT}"
`;

export function parseVoiceClipOptions(values: string[]): Map<string, VoiceClipOption> {
  const clips = new Map<string, VoiceClipOption>();
  for (const value of values) {
    const equals = value.indexOf('=');
    if (equals <= 0 || equals === value.length - 1) {
      throw new UserError(
        `--voice-clip "${value}" is not of the form "Speaker=file"`,
        'e.g. --voice-clip "Guest=guest.wav;start=2;end=14" --consent',
      );
    }
    const [file = '', ...options] = value.slice(equals + 1).split(';');
    const clip: VoiceClipOption = { file: file.trim() };
    for (const option of options) {
      const [key, raw] = option.split('=').map((part) => part.trim());
      const seconds = Number(raw);
      if (
        (key !== 'start' && key !== 'end') ||
        raw === undefined ||
        raw === '' ||
        !Number.isFinite(seconds) ||
        seconds < 0
      )
        throw new UserError(
          `--voice-clip option "${option}" is not start=<seconds> or end=<seconds>`,
          'e.g. ;start=2.5;end=14',
        );
      if (key === 'start') clip.trimStartMs = Math.round(seconds * 1000);
      else clip.trimEndMs = Math.round(seconds * 1000);
    }
    clips.set(value.slice(0, equals).trim(), clip);
  }
  return clips;
}

/**
 * Imports each speaker's clip and returns the speakers with `voice.clip` set. Refused without --consent, for a
 * speaker whose engine cannot use a clip, and for a file that is not a usable clip (with what to fix).
 */
export async function applyVoiceClips(
  speakers: Speaker[],
  clips: Map<string, VoiceClipOption>,
  consent: boolean,
  store: ClipStore,
  describe: (voice: VoiceRef) => Promise<EngineDescription>,
): Promise<Speaker[]> {
  if (clips.size === 0) return speakers;
  if (!consent) {
    throw new UserError(
      '--voice-clip needs --consent: a voice from a recording is used only after you confirm the right to use it',
      `add --consent to confirm "${CLIP_CONSENT_STATEMENT}" for ${[...clips.keys()].join(', ')}`,
    );
  }
  const out: Speaker[] = [];
  for (const speaker of speakers) {
    const option = clips.get(speaker.name);
    if (!option) {
      out.push(speaker);
      continue;
    }
    const description = await describe(speaker.voice);
    if (!description.acceptsReferenceClip) {
      throw new UserError(
        `--voice-clip: ${speaker.name}'s voice (${description.label}) cannot speak in a voice from a clip`,
        `give ${speaker.name} a voice of an engine that clones a voice, e.g. --voice "${speaker.name}=chatterbox-turbo:<pack>/clip" or "pocket-tts:<pack>/<voice>" with its pack imported (\`roundtable models import <folder>\`), or "<engine>:<model>/<voice>" with an audio.cpp engine on this machine (\`roundtable engines add <engine> --url http://127.0.0.1:<port> --dialect audiocpp\`)`,
      );
    }
    const stat = await fs.stat(option.file).catch(() => null);
    if (!stat?.isFile())
      throw new UserError(
        `--voice-clip: ${option.file} is not a file`,
        'give the path of a WAV, MP3 or FLAC recording',
      );
    if (stat.size > MAX_CLIP_SOURCE_BYTES)
      throw new UserError(
        `--voice-clip: ${option.file} is ${(stat.size / 1048576).toFixed(1)} MB; a clip's source file is at most ${MAX_CLIP_SOURCE_BYTES / 1048576} MB`,
        'cut the part with the voice out first (3 to 30 seconds are used)',
      );
    try {
      const { clip } = await store.import({
        bytes: await fs.readFile(option.file),
        sourceName: path.basename(option.file),
        ...(option.trimStartMs !== undefined ? { trimStartMs: option.trimStartMs } : {}),
        ...(option.trimEndMs !== undefined ? { trimEndMs: option.trimEndMs } : {}),
        consentStatement: CLIP_CONSENT_STATEMENT,
      });
      out.push({ ...speaker, voice: { ...speaker.voice, clip: clip.sha256 } });
    } catch (error) {
      if (error instanceof ClipError) {
        throw new UserError(`--voice-clip "${speaker.name}=${option.file}": ${error.message}`, error.hint);
      }
      throw error;
    }
  }
  return out;
}
