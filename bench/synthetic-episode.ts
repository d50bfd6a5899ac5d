/**
 * Episodes of any length without rendering them: a pool of real espeak-ng takes (the first turns of a
 * generated script, each rendered once in this process) is written into a TakeStore again and again under
 * fresh hashes, one per turn, so an export reads as many distinct take files as a real episode of that
 * length would. Chapters every 40 turns, the default 350 ms gaps, as a script of that length would give.
 */
import { createHash } from 'node:crypto';
import { TakeStore } from '../electron/host/render/take-store';
import { ESPEAK_DEFAULT_WPM, loadEspeak } from '../electron/worker/espeak/espeak-wasm';
import { scriptToProject } from '../shared/model/from-script';
import type { Chapter, Project, Segment } from '../shared/model/project';
import { DEFAULT_GAP_MS, ProjectSchema } from '../shared/model/project';
import { buildTimeline } from '../shared/model/timeline';
import { parseScript } from '../shared/script/parser';
import { generateScript } from './script-gen';

const POOL_TURNS = 16;
const TURNS_PER_CHAPTER = 40;

interface PoolTake {
  source: Segment;
  pcm: Float32Array;
  sampleRate: number;
  voice: string;
}

export interface SyntheticEpisodes {
  store: TakeStore;
  /** One project per requested length, in the order asked; each is a prefix of the longest. */
  projects: Project[];
  /** Distinct real renders the takes were copied from. */
  poolTakes: number;
  setupMs: number;
}

/** Renders the pool with espeak-ng, writes takes for the longest episode, returns a project per length. */
export async function buildSyntheticEpisodes(
  storeDir: string,
  minutes: readonly number[],
  projectSampleRate: number,
): Promise<SyntheticEpisodes> {
  const started = performance.now();
  const template = scriptToProject(parseScript(generateScript(3)), {
    title: 'bench',
    sampleRate: projectSampleRate,
  });
  const pool = await renderPool(template.project);
  const store = new TakeStore(storeDir);
  const longestMs = Math.max(...minutes) * 60_000;

  const segments: Segment[] = [];
  const chapters: Chapter[] = [];
  const ends: number[] = [];
  let episodeMs = 0;
  for (let i = 0; episodeMs < longestMs; i++) {
    const take = pool[i % pool.length]!;
    const hash = createHash('sha256').update(`bench-take-${i}`).digest('hex').slice(0, 32);
    const meta = await store.put(hash, take.pcm, take.sampleRate, {
      engine: 'espeak',
      voice: take.voice,
      text: take.source.text,
    });
    const id = `t${i + 1}`;
    if (i % TURNS_PER_CHAPTER === 0)
      chapters.push({
        id: `c${chapters.length + 1}`,
        title: `Part ${chapters.length + 1}`,
        startSegmentId: id,
      });
    segments.push({
      ...take.source,
      id,
      gapBeforeMs: i === 0 ? 0 : DEFAULT_GAP_MS,
      take: {
        hash,
        durationSamples: meta.durationSamples,
        sampleRate: meta.sampleRate,
        createdAtMs: meta.createdAtMs,
      },
      takeHistory: [],
    });
    episodeMs += (i === 0 ? 0 : DEFAULT_GAP_MS) + (meta.durationSamples * 1000) / meta.sampleRate;
    ends.push(episodeMs);
  }

  const projects = minutes.map((length) => {
    const count = ends.findIndex((end) => end >= length * 60_000) + 1;
    const prefix = segments.slice(0, count);
    const ids = new Set(prefix.map((segment) => segment.id));
    return ProjectSchema.parse({
      ...template.project,
      title: `bench ${length} min`,
      segments: prefix,
      chapters: chapters.filter((chapter) => ids.has(chapter.startSegmentId)),
    });
  });
  return { store, projects, poolTakes: pool.length, setupMs: performance.now() - started };
}

export function episodeSeconds(project: Project): number {
  const timeline = buildTimeline(project);
  return timeline.totalSamples / timeline.sampleRate;
}

/** The project's first turns, each rendered by espeak-ng in one call, as float PCM. */
async function renderPool(project: Project): Promise<PoolTake[]> {
  const espeak = await loadEspeak();
  const voices = new Map(project.speakers.map((speaker) => [speaker.id, speaker.voice.voice]));
  return project.segments.slice(0, POOL_TURNS).map((source) => {
    const voice = voices.get(source.speakerId) ?? 'en-us';
    const blocks: Int16Array[] = [];
    espeak.synthesize(
      source.text,
      { voice, wordsPerMinute: ESPEAK_DEFAULT_WPM, pitch: 50 },
      (pcm) => blocks.push(pcm),
      () => true,
    );
    const pcm = new Float32Array(blocks.reduce((sum, block) => sum + block.length, 0));
    let at = 0;
    for (const block of blocks) for (const value of block) pcm[at++] = value / 32768;
    return { source, pcm, sampleRate: espeak.sampleRate, voice };
  });
}
