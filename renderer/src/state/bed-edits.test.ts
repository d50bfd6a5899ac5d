import { describe, expect, it } from 'vitest';
import { ProjectSchema } from '../../../shared/model/project';
import type { Project } from '../../../shared/model/project';
import { addBed, newBed, removeBed, setEpisodeInfo, updateBed } from './bed-edits';

const project = ProjectSchema.parse({
  schemaVersion: 3,
  title: 'Show',
  sampleRate: 24_000,
  speakers: [],
  segments: [],
  chapters: [],
  settings: {},
}) as Project;
const audio = {
  hash: 'a'.repeat(64),
  sampleRate: 44_100,
  channels: 2 as const,
  durationSamples: 441_000,
  fileName: 'm.wav',
};

describe('bed edits', () => {
  it('adds, changes and removes beds, and the project stays valid (optional fields dropped, not undefined)', () => {
    const added = addBed(project, newBed('bed1', audio));
    expect(added.beds).toHaveLength(1);
    const changed = updateBed(added, 'bed1', { offsetMs: 1500, duck: undefined, license: 'CC0' });
    expect(changed.beds?.[0]).toMatchObject({ offsetMs: 1500, license: 'CC0' });
    expect(changed.beds?.[0] && 'duck' in changed.beds[0]).toBe(false);
    expect(ProjectSchema.safeParse(changed).success).toBe(true);
    expect(updateBed(changed, 'nope', { offsetMs: 1 })).toBe(changed);
    const removed = removeBed(changed, 'bed1');
    expect('beds' in removed).toBe(false);
    expect(ProjectSchema.safeParse(removed).success).toBe(true);
  });

  it('keeps episode details only where given', () => {
    const withInfo = setEpisodeInfo(project, { show: 'The Roundtable', episodeNumber: 3 });
    expect(withInfo.settings.episode).toEqual({ show: 'The Roundtable', episodeNumber: 3 });
    expect('episode' in setEpisodeInfo(withInfo, {}).settings).toBe(false);
  });
});
