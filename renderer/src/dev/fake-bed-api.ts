/** The fake StudioApi's beds and artwork: a made-up bed per file name, a waveform of gentle waves. */
import type { StudioApi } from '../../../shared/api/studio-api';

export function fakeBedMethods(
  call: (method: keyof StudioApi, input: unknown) => void,
): Pick<StudioApi, 'importBed' | 'getBedPeaks' | 'importArtwork'> {
  return {
    async importBed(input) {
      call('importBed', input);
      const hash = Array.from(input.fileName, (c) => c.charCodeAt(0).toString(16).padStart(2, '0'))
        .join('')
        .padEnd(64, '0')
        .slice(0, 64);
      return {
        hash,
        sampleRate: 44_100,
        channels: 2 as const,
        durationSamples: 44_100 * 20,
        fileName: input.fileName,
      };
    },
    async getBedPeaks(input) {
      call('getBedPeaks', input);
      const peaks = Array.from({ length: 1722 }, (_, i) => [
        -0.3 - 0.2 * Math.sin(i / 9),
        0.3 + 0.2 * Math.sin(i / 9),
      ]).flat();
      return { samplesPerPeak: 1024, peaks };
    },
    async importArtwork(input) {
      call('importArtwork', input);
      return { hash: 'a'.repeat(64), mimeType: 'image/png' as const };
    },
  };
}
