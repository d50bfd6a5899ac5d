/** The generated script of the 1000-turn project (e2e/large-project.spec.ts, bench/ui-frames.bench.ts). */
const SENTENCES = [
  'Welcome back to the show, where we take one idea and look at it from every side.',
  'Thanks for having me; I have been looking forward to this conversation for weeks.',
  'Let us start with the basics and work our way up to the harder questions.',
  'The short answer is that nobody planned it, it simply grew out of habit.',
  'That is surprising, given how much money is spent on it every single year.',
  'Money is rarely the problem; attention and time are much scarcer.',
];

/** `turns` lines of four speakers, a heading every 100; each turn ends with its number in brackets. */
export function largeScript(turns: number): string {
  const speakers = ['Host', 'Guest', 'Producer', 'Caller'];
  const lines: string[] = [];
  for (let i = 0; i < turns; i++) {
    if (i % 100 === 0) lines.push(`# Part ${i / 100 + 1}`);
    lines.push(`${speakers[i % speakers.length]}: ${SENTENCES[i % SENTENCES.length]} (${i + 1})`);
  }
  return lines.join('\n');
}
