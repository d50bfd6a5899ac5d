/** Edits of the project's beds and episode details (shared/model/beds.ts); each is one undo step. */
import type { Bed, BedAudio, EpisodeInfo } from '../../../shared/model/beds';
import { DEFAULT_DUCK } from '../../../shared/model/beds';
import type { Project } from '../../../shared/model/project';

export type BedPatch = Partial<Omit<Bed, 'id' | 'audio'>>;

/** A new bed from the start of the episode, played once and ducked under speech by default. */
export function newBed(id: string, audio: BedAudio): Bed {
  return {
    id,
    audio,
    anchor: { kind: 'start' },
    offsetMs: 0,
    loop: false,
    fadeInMs: 0,
    fadeOutMs: 1000,
    gainDb: 0,
    duck: { ...DEFAULT_DUCK },
  };
}

export function addBed(project: Project, bed: Bed): Project {
  return { ...project, beds: [...(project.beds ?? []), bed] };
}

export function updateBed(project: Project, bedId: string, patch: BedPatch): Project {
  const beds = project.beds ?? [];
  if (!beds.some((bed) => bed.id === bedId)) return project;
  return {
    ...project,
    beds: beds.map((bed) => {
      if (bed.id !== bedId) return bed;
      const next: Bed = { ...bed, ...patch };
      // Absent optional fields are removed, not kept as undefined (the project file stays clean).
      for (const key of ['duck', 'durationMs', 'license'] as const)
        if (key in patch && patch[key] === undefined) delete next[key];
      return next;
    }),
  };
}

export function removeBed(project: Project, bedId: string): Project {
  const beds = (project.beds ?? []).filter((bed) => bed.id !== bedId);
  if (beds.length === (project.beds ?? []).length) return project;
  const { beds: _removed, ...rest } = project;
  return beds.length > 0 ? { ...rest, beds } : rest;
}

export function setEpisodeInfo(project: Project, info: EpisodeInfo): Project {
  const clean: EpisodeInfo = {
    ...(info.title ? { title: info.title } : {}),
    ...(info.show ? { show: info.show } : {}),
    ...(info.episodeNumber !== undefined ? { episodeNumber: info.episodeNumber } : {}),
    ...(info.artwork ? { artwork: info.artwork } : {}),
  };
  const { episode: _old, ...settings } = project.settings;
  return {
    ...project,
    settings: Object.keys(clean).length > 0 ? { ...settings, episode: clean } : settings,
  };
}
