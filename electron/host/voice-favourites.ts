/**
 * The user's favourite voices, in `<data folder>/voice-favourites.json` (atomic writes): a person's ear,
 * not a project's setting, so every project's voice picker shows the same stars. A damaged file reads as
 * empty and is replaced on the next change.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import type { FavouriteVoice } from '../../shared/api/models-api';
import { FavouriteVoiceSchema } from '../../shared/api/models-api';
import { voiceKey } from '../../shared/model/speaker-defaults';
import { writeFileAtomic } from './files/atomic-write';
import { KeyedQueue } from './project/keyed-queue';

const FavouritesFileSchema = z.object({ version: z.literal(1), voices: z.array(FavouriteVoiceSchema) });

/** More than anyone stars by hand; keeps the file small whatever a client sends. */
export const MAX_FAVOURITE_VOICES = 500;

export class VoiceFavourites {
  private readonly queue = new KeyedQueue();

  constructor(private readonly file: string) {}

  async list(): Promise<FavouriteVoice[]> {
    try {
      const parsed = FavouritesFileSchema.safeParse(JSON.parse(await fs.readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data.voices : [];
    } catch {
      return [];
    }
  }

  /** Stars or unstars a voice; resolves with the whole list after the change. */
  set(voice: FavouriteVoice, favourite: boolean): Promise<FavouriteVoice[]> {
    return this.queue.run(this.file, async () => {
      const key = voiceKey(voice);
      const others = (await this.list()).filter((entry) => voiceKey(entry) !== key);
      const voices = (favourite ? [...others, normalise(voice)] : others).slice(-MAX_FAVOURITE_VOICES);
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, voices }, null, 2)}\n`);
      return voices;
    });
  }
}

function normalise(voice: FavouriteVoice): FavouriteVoice {
  return { engine: voice.engine, ...(voice.model ? { model: voice.model } : {}), voice: voice.voice };
}
