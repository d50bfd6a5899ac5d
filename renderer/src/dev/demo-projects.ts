/** Projects for previews and performance checks: a small rendered demo and a generated long episode. */
import type { Project, Segment } from '../../../shared/model/project';
import { emptyProject } from '../../../shared/model/script-content';
import { speakerColor } from '../../../shared/model/speaker-defaults';

const LINES = [
  'Welcome back to the show. Today we are talking about the strange economics of long-form audio.',
  'Thanks for having me. I have been looking forward to this one for weeks.',
  'Let us start with the basics: why does an hour of speech cost so much to produce?',
  'Mostly because every mistake means recording the whole passage again.',
  'And with synthetic voices you only regenerate the line that changed.',
  'Right, which changes how producers think about editing.',
  'Is there a catch?',
  'The catch is memory. The large models want a lot of it, and they fail in the middle of the night.',
  'So the studio has to watch the machine as closely as the script.',
  'Exactly. Nobody wants to come back in the morning to half an episode.',
  'Let us take a short break and come back to the listener questions.',
  'Our first question comes from a producer in Lisbon who edits a weekly news podcast.',
];

/** A project of `count` turns by `speakerCount` speakers, with a chapter every 50 turns. */
export function generatedProject(
  count: number,
  speakerCount = 3,
  title = `Generated episode (${count} turns)`,
): Project {
  const base = emptyProject(title);
  const names = ['Host', 'Guest', 'Producer', 'Caller', 'Narrator', 'Expert'];
  const speakers = Array.from({ length: speakerCount }, (_, i) => ({
    id: `spk-${i + 1}`,
    name: names[i] ?? `Speaker ${i + 1}`,
    color: speakerColor(i),
    voice: {
      engine: 'espeak',
      voice: ['en-us+m3', 'en-gb-x-rp+f3', 'en-us+f2', 'en-gb-scotland+m1'][i % 4]!,
      params: { ratePercent: 100, pitchSemitones: 0 },
    },
    gainDb: 0,
  }));
  const segments: Segment[] = Array.from({ length: count }, (_, i) => ({
    id: `turn-${i + 1}`,
    speakerId: speakers[i % speakerCount]!.id,
    text: `${LINES[i % LINES.length]} (${i + 1})`,
    gapBeforeMs: i === 0 ? 0 : 350,
    takeHistory: [],
    locked: false,
    sourceLine: i + 1,
  }));
  const chapters = segments
    .filter((_, i) => i % 50 === 0)
    .map((s, i) => ({ id: `ch-${i + 1}`, title: `Part ${i + 1}`, startSegmentId: s.id }));
  return { ...base, speakers, segments, chapters };
}
