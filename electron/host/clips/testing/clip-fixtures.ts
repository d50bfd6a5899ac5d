/** Test support: a stored reference clip made from seeded speech-like audio (tests only). */
import { speechLike } from '../../export/loudness/testing/seeded-signals';
import { encodeWav16 } from '../clip-import';
import { CLIP_SAMPLE_RATE } from '../../../../shared/model/reference-clip';

/** A mono 16-bit 24 kHz WAV of `seconds` of speech-like audio (a valid clip source). */
export function speechWav(seconds = 5, seed = 7): Buffer {
  return encodeWav16(speechLike(CLIP_SAMPLE_RATE, Math.round(seconds * CLIP_SAMPLE_RATE), 1, seed, 0.4));
}
