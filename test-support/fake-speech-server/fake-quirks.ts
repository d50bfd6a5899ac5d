/** What the fake speech server does as real servers do: read audio.cpp's voice samples, answer with music. */
import fs from 'node:fs/promises';
import path from 'node:path';

/** Why a `voice_samples` list would not load (paths on this machine, up to four, each a RIFF/WAVE file). */
export async function voiceSampleProblem(list: string): Promise<string | undefined> {
  const paths = list.split(',').map((entry) => entry.trim());
  if (paths.length > 4) return `voice_samples takes at most 4 paths, got ${paths.length}`;
  for (const file of paths) {
    if (!path.isAbsolute(file)) return `voice sample '${file}' is not an absolute path`;
    const head = await fs
      .open(file, 'r')
      .then(async (handle) => {
        try {
          const buffer = Buffer.alloc(12);
          await handle.read(buffer, 0, 12, 0);
          return buffer;
        } finally {
          await handle.close();
        }
      })
      .catch(() => undefined);
    if (!head) return `failed to load voice sample '${file}': no such file`;
    if (head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE')
      return `failed to load voice sample '${file}': not a WAV file`;
  }
  return undefined;
}

/** Speech followed by 4.5 s of sustained chords (a chord a second), as a sampling model sometimes answers. */
export function withMusic(speech: Float32Array, rate: number): Float32Array {
  const chords = [
    [220, 277, 330],
    [196, 247, 294],
    [175, 220, 262],
  ];
  const out = new Float32Array(speech.length + Math.round(4.5 * rate));
  out.set(speech);
  for (let i = speech.length; i < out.length; i++) {
    const t = (i - speech.length) / rate;
    const chord = chords[Math.floor(t) % chords.length] ?? [];
    out[i] = 0.08 * chord.reduce((sum, f) => sum + Math.sin(2 * Math.PI * f * t), 0);
  }
  return out;
}
