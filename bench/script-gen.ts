/** Generates long podcast scripts of a given spoken length for benchmarks (unique text per turn). */
const SPEAKERS = ['Host', 'Maya', 'Dr. Okafor', 'Sam'];
const SENTENCES = [
  'That is a fair point, and I think the data backs it up.',
  'Let me push back on that a little, because the history is more complicated.',
  'When we tried this in the studio last spring, the results surprised everyone.',
  'Listeners keep writing in about exactly this question.',
  'The short answer is yes, but the long answer is far more interesting.',
  'I would not have believed it either until I heard the recordings myself.',
];

/**
 * Characters of turn text per second of the rendered episode: espeak-ng at its normal rate with the
 * default voices, the pauses between sentences and the gaps between turns (measured: 7870 characters
 * rendered to 471.5 s).
 */
export const CHARS_PER_EPISODE_SECOND = 16.7;

/** A script that renders to about `targetMinutes` of episode with the default espeak voices. */
export function generateScript(targetMinutes: number): string {
  const targetChars = targetMinutes * 60 * CHARS_PER_EPISODE_SECOND;
  const lines: string[] = [];
  let chars = 0;
  let turn = 0;
  while (chars < targetChars) {
    if (turn % 40 === 0) lines.push(`# Part ${turn / 40 + 1}`);
    const speaker = SPEAKERS[turn % SPEAKERS.length];
    const a = SENTENCES[turn % SENTENCES.length];
    const b = SENTENCES[(turn * 7 + 3) % SENTENCES.length];
    const text = `This is turn ${turn + 1}. ${a} ${b}`;
    lines.push(`${speaker}: ${text}`);
    chars += text.length;
    turn += 1;
  }
  return `${lines.join('\n')}\n`;
}
