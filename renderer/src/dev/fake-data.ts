/** What the in-memory StudioApi shows: its voices, a machine whose memory drifts, project folder names. */
import type { ResourceSnapshot } from '../../../shared/api/studio-api';
import { ESPEAK_VOICES } from '../../../shared/model/espeak-voices';
import type { VoiceInfo } from '../../../shared/model/voice';

export const FAKE_VOICES: VoiceInfo[] = [
  {
    engine: 'kokoro',
    model: 'kokoro-v1',
    id: 'af_heart',
    label: 'Heart',
    language: 'en-US',
    gender: 'female',
  },
  {
    engine: 'kokoro',
    model: 'kokoro-v1',
    id: 'am_michael',
    label: 'Michael',
    language: 'en-US',
    gender: 'male',
  },
  { engine: 'kokoro', model: 'kokoro-v1', id: 'bf_emma', label: 'Emma', language: 'en-GB', gender: 'female' },
  {
    engine: 'kokoro',
    model: 'kokoro-v1',
    id: 'bm_george',
    label: 'George',
    language: 'en-GB',
    gender: 'male',
  },
  ...ESPEAK_VOICES,
];

/** A resource snapshot of a 16 GB machine with an 8 GB GPU, its free memory drifting slowly. */
export function fakeSnapshot(): ResourceSnapshot {
  const t = Date.now() / 1000;
  const total = 16 * 1024 ** 3;
  const gpuTotal = 8 * 1024 ** 3;
  return {
    atMs: Date.now(),
    ram: { totalBytes: total, freeBytes: total * (0.45 + 0.1 * Math.sin(t / 7)) },
    gpus: [
      {
        index: 0,
        name: 'NVIDIA GeForce RTX 3060',
        totalBytes: gpuTotal,
        freeBytes: gpuTotal * (0.3 + 0.15 * Math.sin(t / 5)),
      },
    ],
    workerRssBytes: 1.2 * 1024 ** 3,
    pressure: 'normal',
  };
}

export function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'project'
  );
}
