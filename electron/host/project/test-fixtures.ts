/** Projects and temp folders for the project store's tests (and the kill-during-save child). */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_SCHEMA_VERSION, type Project } from '../../../shared/model/project';

/**
 * A valid project that is a pure function of its arguments, so a test can rebuild exactly what a writer
 * saved and tell one state from another (every segment's text names `label` and `step`).
 */
export function makeProject(label: string, step = 0, segmentCount = 3): Project {
  const speakers = [
    {
      id: 'host',
      name: 'Host',
      color: '#336699',
      voice: { engine: 'espeak', voice: 'en-us', params: { ratePercent: 100, pitchSemitones: 0 } },
      gainDb: 0,
    },
    {
      id: 'guest',
      name: 'Guest',
      color: '#993366',
      voice: { engine: 'espeak', voice: 'en-gb', params: { ratePercent: 110, pitchSemitones: -2 } },
      gainDb: -1.5,
    },
  ];
  const segments = Array.from({ length: segmentCount }, (_, index) => ({
    id: `seg-${index}`,
    speakerId: index % 2 === 0 ? 'host' : 'guest',
    text: `${label} step ${step}: line ${index} of the conversation, with a little more text to give it weight.`,
    gapBeforeMs: (step * 7 + index * 13) % 2000,
    takeHistory: [],
    locked: (step + index) % 5 === 0,
  }));
  return {
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: `${label} #${step}`,
    sampleRate: 24_000,
    speakers,
    segments,
    chapters: segmentCount > 0 ? [{ id: 'ch-1', title: 'Opening', startSegmentId: 'seg-0' }] : [],
    settings: { defaultGapMs: 350, loudnessTargetLufs: -16, pronunciations: [] },
  };
}

/** A fresh folder under the OS temp folder; remove it with `removeTempDir`. */
export async function makeTempDir(prefix = 'rt-project-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeTempDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 5 });
}
