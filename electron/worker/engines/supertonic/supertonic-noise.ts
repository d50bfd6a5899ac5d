/**
 * The starting noise of Supertonic's denoising loop, reproducible: the reference draws standard normal
 * values (`np.random.randn`, supertone-inc/supertonic `py/helper.py` `sample_noisy_latent`); here they come
 * from a seeded generator (a 32-bit splitmix step, Box–Muller), so one seed gives one take. Without a
 * speaker seed the seed is a hash of voice and text, as the speech-server engine derives its seeds.
 */
import { createHash } from 'node:crypto';

export function supertonicSeed(seed: number | undefined, voice: string, text: string): number {
  if (seed !== undefined) return seed >>> 0;
  return createHash('sha256')
    .update(JSON.stringify([voice, text]))
    .digest()
    .readUInt32BE(0);
}

/** `count` standard normal values from `seed`. */
export function gaussianNoise(seed: number, count: number): Float32Array {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return (z + 0.5) / 4_294_967_296;
  };
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(uniform()));
    const angle = 2 * Math.PI * uniform();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}
