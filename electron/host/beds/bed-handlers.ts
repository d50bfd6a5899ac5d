/** The StudioApi methods for beds and artwork: uploads stored in the project folder by content hash. */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { StudioApiHandlers } from '../../../shared/api/studio-api';
import { MAX_STUDIO_UPLOAD_BYTES } from '../../../shared/api/studio-api';
import { artworkOf, ArtworkError, storeArtwork } from '../export/episode-tags';
import { HostError } from '../host-error';
import type { ProjectStore } from '../project/project-store';
import { BedImportError, BedStore } from './bed-store';

const BED_HASH = /^[0-9a-f]{64}$/;

/** The stored WAV of a bed in a project folder (absolute); throws when the hash is malformed or absent. */
export async function resolveBedFile(store: ProjectStore, projectDir: string, hash: string): Promise<string> {
  if (!path.isAbsolute(projectDir)) throw new Error(`${projectDir} is not an absolute path`);
  if (!BED_HASH.test(hash)) throw new Error(`"${hash}" is not a bed hash`);
  const file = new BedStore(store.layout(projectDir).bedsDir).wavPath(hash);
  await fs.access(file);
  return file;
}

type BedHandlers = Pick<StudioApiHandlers, 'importBed' | 'getBedPeaks' | 'importArtwork'>;

export function bedHandlers(store: ProjectStore, requireSession: (dir: string) => void): BedHandlers {
  const decode = (dataBase64: string, fileName: string) => {
    const bytes = new Uint8Array(Buffer.from(dataBase64, 'base64'));
    if (bytes.length > MAX_STUDIO_UPLOAD_BYTES) {
      throw new HostError(
        'bad-request',
        `${fileName} is larger than ${MAX_STUDIO_UPLOAD_BYTES / 2 ** 20} MB`,
        'use an MP3 or FLAC of it, or add it with `roundtable render --bed`',
      );
    }
    return bytes;
  };
  return {
    importBed: async ({ dir, fileName, dataBase64 }) => {
      requireSession(dir);
      try {
        return await new BedStore(store.layout(dir).bedsDir).importBytes(
          decode(dataBase64, fileName),
          fileName,
        );
      } catch (error) {
        if (error instanceof BedImportError)
          throw new HostError('bad-request', error.message, 'choose a WAV, MP3 or FLAC file');
        throw error;
      }
    },
    getBedPeaks: async ({ dir, hash }) => {
      requireSession(dir);
      return new BedStore(store.layout(dir).bedsDir).peaks(hash).catch(() => {
        throw new HostError('bad-request', `no bed ${hash} in this project`, 'import the file again');
      });
    },
    importArtwork: async ({ dir, fileName, dataBase64 }) => {
      requireSession(dir);
      try {
        return await storeArtwork(
          store.layout(dir).artworkDir,
          artworkOf(decode(dataBase64, fileName), fileName),
        );
      } catch (error) {
        if (error instanceof ArtworkError)
          throw new HostError('bad-request', error.message, 'choose a PNG or JPEG image');
        throw error;
      }
    },
  };
}
