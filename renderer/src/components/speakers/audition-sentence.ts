/** What a speaker's audition says: an introduction in their voice, with the project's pronunciations. */
import { spokenText, type Pronunciation } from '../../../../shared/text/pronunciations';

/** A name in the pronunciation list is heard as the episode will say it. */
export function auditionSentence(name: string, pronunciations: readonly Pronunciation[]): string {
  return spokenText(`Hi, I'm ${name}. This is how I will sound in this episode.`, pronunciations);
}
