/**
 * Episode metadata for the exported files' tags: title, show, episode number and cover art (the project's
 * `settings.episode`, shared/model/beds.ts). Artwork is a PNG or JPEG of at most MAX_ARTWORK_BYTES, stored in
 * the project as `artwork/<sha256>.<png|jpg>`.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { EpisodeInfo } from '../../../shared/model/beds';
import type { Project } from '../../../shared/model/project';
import { writeFileAtomic } from '../files/atomic-write';

export const MAX_ARTWORK_BYTES = 8 * 1024 * 1024;

export interface Artwork {
  mimeType: 'image/png' | 'image/jpeg';
  data: Uint8Array;
}

export interface EpisodeTags {
  title: string;
  show?: string;
  episodeNumber?: number;
  artwork?: Artwork;
}

export class ArtworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArtworkError';
  }
}

/** PNG or JPEG by its first bytes; anything else is refused with what to use instead. */
export function artworkOf(data: Uint8Array, name: string): Artwork {
  if (data.length > MAX_ARTWORK_BYTES)
    throw new ArtworkError(`${name} is larger than ${MAX_ARTWORK_BYTES / 2 ** 20} MB: use a smaller image`);
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, i) => data[i] === byte);
  if (png) return { mimeType: 'image/png', data };
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return { mimeType: 'image/jpeg', data };
  throw new ArtworkError(`${name} is not a PNG or JPEG image: artwork must be one of the two`);
}

export async function readArtworkFile(file: string): Promise<Artwork> {
  const data = await fs.readFile(file).catch(() => {
    throw new ArtworkError(`${file} cannot be read: choose a PNG or JPEG image`);
  });
  return artworkOf(new Uint8Array(data), path.basename(file));
}

export function artworkFileName(info: NonNullable<EpisodeInfo['artwork']>): string {
  return `${info.hash}.${info.mimeType === 'image/png' ? 'png' : 'jpg'}`;
}

/** Stores artwork in a project's artwork folder under its content hash; returns what the project keeps. */
export async function storeArtwork(
  dir: string,
  artwork: Artwork,
): Promise<NonNullable<EpisodeInfo['artwork']>> {
  const info = { hash: createHash('sha256').update(artwork.data).digest('hex'), mimeType: artwork.mimeType };
  await fs.mkdir(dir, { recursive: true });
  await writeFileAtomic(path.join(dir, artworkFileName(info)), artwork.data);
  return info;
}

/** The tags of a project's export; its artwork is read from `artworkDir`. */
export async function episodeTagsOf(project: Project, artworkDir?: string): Promise<EpisodeTags> {
  const info = project.settings.episode;
  const stored = info?.artwork;
  const artwork =
    stored && artworkDir ? await readArtworkFile(path.join(artworkDir, artworkFileName(stored))) : undefined;
  return {
    title: info?.title ?? project.title,
    ...(info?.show ? { show: info.show } : {}),
    ...(info?.episodeNumber !== undefined ? { episodeNumber: info.episodeNumber } : {}),
    ...(artwork ? { artwork } : {}),
  };
}
