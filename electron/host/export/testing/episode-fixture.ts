/** A small episode for export tests: five turns of speech-like bursts at mixed rates, stored as takes. */
import type { ExportOptions } from '../../../../shared/api/studio-api';
import type { Project, Take } from '../../../../shared/model/project';
import { seededRandom } from '../../../../test-support/seeded-random';
import type { TakeStore } from '../../render/take-store';

/** Speech-like bursts (a few harmonics under an envelope) with a hot peak, so the limiter has work. */
export function burst(seconds: number, sampleRate: number, seed: number, peak: number): Float32Array {
  const random = seededRandom(seed);
  const out = new Float32Array(Math.round(seconds * sampleRate));
  const f0 = 90 + random() * 120;
  for (let i = 0; i < out.length; i++) {
    const t = i / sampleRate;
    const envelope = Math.sin((Math.PI * i) / out.length) ** 2 * (0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t));
    let v = 0;
    for (let h = 1; h <= 6; h++) v += Math.sin(2 * Math.PI * f0 * h * t + h) / h;
    out[i] = (v / 2.5) * envelope * peak + (random() - 0.5) * 0.01;
  }
  return out;
}

/**
 * Stores the turns' takes and returns the project. `takes` replaces the audio of chosen turns (by index;
 * at the turn's rate).
 */
export async function projectWithTakes(
  store: TakeStore,
  takes: Record<number, Float32Array> = {},
): Promise<Project> {
  const rates = [22_050, 24_000, 22_050, 44_100, 24_000];
  const segments = [];
  for (const [index, rate] of rates.entries()) {
    const hash = `${index}`.padStart(16, 'a');
    const meta = await store.put(
      hash,
      takes[index] ?? burst(0.6 + index * 0.17, rate, index + 1, index === 2 ? 1 : 0.5),
      rate,
      {
        engine: 'test',
        voice: 'v',
        text: `turn ${index}`,
      },
    );
    const take: Take = {
      hash: meta.hash,
      durationSamples: meta.durationSamples,
      sampleRate: meta.sampleRate,
      createdAtMs: meta.createdAtMs,
    };
    segments.push({
      id: `s${index}`,
      speakerId: index % 2 === 0 ? 'a' : 'b',
      text: `turn ${index}`,
      gapBeforeMs: index === 0 ? 0 : 150 + index * 40,
      take,
      takeHistory: [],
      locked: false,
    });
  }
  const voice = { engine: 'test', voice: 'v', params: { ratePercent: 100, pitchSemitones: 0 } };
  return {
    schemaVersion: 3,
    title: 'Recorder',
    sampleRate: 44_100,
    speakers: [
      { id: 'a', name: 'A', color: '#112233', voice, gainDb: 0 },
      { id: 'b', name: 'B', color: '#445566', voice, gainDb: 0 },
    ],
    segments,
    chapters: [{ id: 'c1', title: 'Middle', startSegmentId: 's2' }],
    settings: { defaultGapMs: 350, loudnessTargetLufs: -16, pronunciations: [] },
  };
}

/** A 16-bit mono 44.1 kHz WAV export in one file, at `loudnessLufs` (null: not normalised). */
export function wavExportOptions(loudnessLufs: number | null): ExportOptions {
  return {
    format: 'wav',
    sampleRate: 44_100,
    channels: 1,
    bitDepth: 16,
    mp3BitrateKbps: 128,
    splitByChapter: false,
    loudnessLufs,
  };
}
