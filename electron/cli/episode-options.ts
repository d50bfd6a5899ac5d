/** `--show`, `--episode-number` and `--artwork` for `roundtable render`: the episode's tags. */
import type { Project } from '../../shared/model/project';
import type { EpisodeTags } from '../host/export/episode-tags';
import { ArtworkError, readArtworkFile } from '../host/export/episode-tags';
import { UserError } from './cli-io';

export const EPISODE_OPTIONS_HELP = `  --show <name>              the show's name, for the tags (MP3 album/artist, FLAC ALBUM/ARTIST) and chapters JSON
  --episode-number <n>       the episode's number (MP3 TRCK, FLAC TRACKNUMBER)
  --artwork <png|jpg>        cover art (MP3 APIC, FLAC PICTURE), at most 8 MB
`;

export const EPISODE_OPTION_SPECS = {
  show: { type: 'string' },
  'episode-number': { type: 'string' },
  artwork: { type: 'string' },
} as const;

export async function episodeTagsFromFlags(
  project: Project,
  values: { show?: string; 'episode-number'?: string; artwork?: string },
): Promise<EpisodeTags> {
  const number = values['episode-number'];
  if (number !== undefined && !/^\d{1,7}$/.test(number))
    throw new UserError(`--episode-number ${number} is not a whole number`, 'e.g. --episode-number 12');
  const artwork = values.artwork
    ? await readArtworkFile(values.artwork).catch((error: unknown) => {
        if (error instanceof ArtworkError) throw new UserError(`--artwork: ${error.message}`);
        throw error;
      })
    : undefined;
  return {
    title: project.title,
    ...(values.show ? { show: values.show } : {}),
    ...(number !== undefined ? { episodeNumber: Number(number) } : {}),
    ...(artwork ? { artwork } : {}),
  };
}
