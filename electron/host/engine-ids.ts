/** The app's own engines by id: espeak (bundled) and the engines whose voices come from imported model packs. */
import { ESPEAK_ENGINE_ID } from '../../shared/model/espeak-voices';

/** Engines whose voices come from imported model packs. */
export const PACK_ENGINES = [
  'kokoro',
  'piper',
  'pocket-tts',
  'chatterbox-turbo',
  'kitten',
  'supertonic',
] as const;

/** Every engine id the app itself uses: a speech server added by the user may not take one of these. */
export const BUILT_IN_ENGINE_IDS: readonly string[] = [ESPEAK_ENGINE_ID, ...PACK_ENGINES];
