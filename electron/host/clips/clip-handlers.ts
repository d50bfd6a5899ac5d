/** The StudioApi handlers of reference clips (shared/api/clips-api.ts), on top of ClipStore. */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { clipApiMethods } from '../../../shared/api/clips-api';
import type { StudioApiHandlers } from '../../../shared/api/studio-api';
import { MAX_CLIP_SOURCE_BYTES, shortClipHash } from '../../../shared/model/reference-clip';
import type { EngineDescription } from '../../../shared/protocol/worker-protocol';
import type { VoiceRef } from '../../../shared/model/voice';
import { requireAbsoluteDir } from '../project/project-sessions';
import { ClipError } from './clip-errors';
import { ClipStore, CLIPS_DIR } from './clip-store';

type ClipHandlers = Pick<StudioApiHandlers, keyof typeof clipApiMethods>;

export interface ClipHandlerDeps {
  /** Throws unless the folder is a project opened or created in this session. */
  requireSession(dir: string): void;
  describeVoice(voice: VoiceRef): Promise<EngineDescription>;
  clipUrl(projectDir: string, sha256: string): string;
}

export function clipStoreFor(projectDir: string): ClipStore {
  return new ClipStore(path.join(path.resolve(projectDir), CLIPS_DIR));
}

export function createClipHandlers(deps: ClipHandlerDeps): ClipHandlers {
  return {
    importClip: async ({ dir, source, trimStartMs, trimEndMs, label, consentStatement }) => {
      deps.requireSession(dir);
      const { bytes, sourceName } = await readSource(source);
      const { clip, prepared } = await clipStoreFor(dir).import({
        bytes,
        sourceName,
        ...(trimStartMs !== undefined ? { trimStartMs } : {}),
        ...(trimEndMs !== undefined ? { trimEndMs } : {}),
        ...(label !== undefined ? { label } : {}),
        ...(consentStatement !== undefined ? { consentStatement } : {}),
      });
      return { clip, loudnessLufs: Math.round(prepared.loudnessLufs * 10) / 10 };
    },
    listClips: async ({ dir }) => clipStoreFor(requireAbsoluteDir(dir)).list(),
    confirmConsentForClip: async ({ dir, sha256, statement }) => {
      deps.requireSession(dir);
      return clipStoreFor(dir).confirmConsent(sha256, statement);
    },
    assignClip: async ({ dir, sha256, voice }) => {
      requireAbsoluteDir(dir);
      const description = await deps.describeVoice(voice);
      if (!description.acceptsReferenceClip) {
        throw new ClipError(
          'clip-unsupported',
          `${description.label} cannot speak in a voice from a reference clip`,
          'pick a voice of an engine that clones a voice (VibeVoice through audio.cpp, Pocket TTS, Chatterbox Turbo)',
        );
      }
      await clipStoreFor(dir).reference(sha256);
      return { voice: { ...voice, clip: sha256 } };
    },
    removeClip: async ({ dir, sha256, project }) => {
      deps.requireSession(dir);
      const users = project.speakers.filter((speaker) => speaker.voice.clip === sha256);
      if (users.length > 0) {
        throw new ClipError(
          'clip-in-use',
          `the clip ${shortClipHash(sha256)} is the voice of ${users.map((speaker) => speaker.name).join(', ')}`,
          'give those speakers another voice first, then remove the clip',
        );
      }
      await clipStoreFor(dir).remove(sha256);
      return { ok: true as const };
    },
    getClipUrl: async ({ dir, sha256 }) => {
      requireAbsoluteDir(dir);
      await clipStoreFor(dir).get(sha256);
      return { url: deps.clipUrl(path.resolve(dir), sha256) };
    },
  };
}

async function readSource(
  source: { path: string } | { fileName: string; dataBase64: string },
): Promise<{ bytes: Uint8Array; sourceName: string }> {
  if ('dataBase64' in source) {
    return { bytes: Buffer.from(source.dataBase64, 'base64'), sourceName: path.basename(source.fileName) };
  }
  if (!path.isAbsolute(source.path)) {
    throw new ClipError(
      'clip-unreadable',
      `"${source.path}" is not a full path`,
      'give the full path of the file',
    );
  }
  const file = path.resolve(source.path);
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) {
    throw new ClipError('clip-unreadable', `${file} is not a file`, 'choose a WAV, MP3 or FLAC file');
  }
  if (stat.size > MAX_CLIP_SOURCE_BYTES) {
    throw new ClipError(
      'clip-too-large',
      `${path.basename(file)} is ${(stat.size / 1048576).toFixed(1)} MB; a clip's source file is at most ${MAX_CLIP_SOURCE_BYTES / 1048576} MB`,
      'cut the part with the voice out first (3 to 30 seconds are used) and import that',
    );
  }
  return { bytes: await fs.readFile(file), sourceName: path.basename(file) };
}
