import { describe, expect, it } from 'vitest';
import { DEFAULT_PAUSE_MS, splitPauseDirectives } from './pause-directive';

function durationOf(directive: string): number | string {
  const pieces = splitPauseDirectives(directive);
  expect(pieces).toHaveLength(1);
  const piece = pieces[0]!;
  if (piece.kind === 'pause') return piece.durationMs;
  if (piece.kind === 'bad-pause') return `bad: ${piece.message}`;
  return `text: ${piece.text}`;
}

describe('pause directives', () => {
  it.each([
    ['[pause]', DEFAULT_PAUSE_MS],
    ['[PAUSE]', 1000],
    ['[ pause ]', 1000],
    ['[pause 1.5s]', 1500],
    ['[pause 800ms]', 800],
    ['[pause 2 s]', 2000],
    ['[Pause 2 S]', 2000],
    ['[pause 2 sec]', 2000],
    ['[pause 2 seconds]', 2000],
    ['[pause 1 second]', 1000],
    ['[pause 250 milliseconds]', 250],
    ['[pause 1 min]', 60_000],
    ['[pause: 2s]', 2000],
    ['[pause=2s]', 2000],
    ['[pause 1,5s]', 1500],
    ['[pause .5s]', 500],
    ['[pause 0s]', 0],
    ['[pause 60s]', 60_000],
    ['[pause 60000ms]', 60_000],
    ['[pause1s]', 1000],
    // Always integer milliseconds.
    ['[pause 1.2345s]', 1235],
    ['[pause 0.0004s]', 0],
    ['[pause 12.6ms]', 13],
  ])('%s is %d ms', (directive, ms) => {
    expect(durationOf(directive)).toBe(ms);
  });

  it.each([
    ['[pause abc]', /is not a pause length/],
    ['[pause for effect]', /is not a pause length/],
    ['[pause 2]', /has no unit/],
    ['[pause 2 parsecs]', /unknown unit/],
    ['[pause -1s]', /negative/],
    ['[pause - 500ms]', /negative/],
    ['[pause 61s]', /60-second limit/],
    ['[pause 60001ms]', /60-second limit/],
    ['[pause 2 min]', /60-second limit/],
    ['[pause 1.2.3s]', /is not a pause length/],
    [`[pause ${'9'.repeat(400)}s]`, /is not a pause length/],
  ])('%s is reported', (directive, message) => {
    const result = durationOf(directive);
    expect(typeof result).toBe('string');
    expect(result).toMatch(message);
  });

  it('gives every problem a fix with an example', () => {
    for (const directive of ['[pause abc]', '[pause 2]', '[pause -1s]', '[pause 61s]']) {
      const [piece] = splitPauseDirectives(directive);
      expect(piece?.kind).toBe('bad-pause');
      if (piece?.kind === 'bad-pause') expect(piece.fix).toMatch(/\[pause/);
    }
  });

  it('leaves other bracketed words alone', () => {
    for (const text of ['[pauses]', '[pausing]', '[laughs]', '(pause)', 'pause 2s', '[long pause]']) {
      expect(splitPauseDirectives(text)).toEqual([{ kind: 'text', text }]);
    }
  });

  it('splits text around inline directives, keeping the text as written', () => {
    expect(splitPauseDirectives('Well [pause 500ms] that is it. [pause] Really.')).toEqual([
      { kind: 'text', text: 'Well ' },
      { kind: 'pause', durationMs: 500 },
      { kind: 'text', text: ' that is it. ' },
      { kind: 'pause', durationMs: 1000 },
      { kind: 'text', text: ' Really.' },
    ]);
  });

  it('stays linear on lines full of unclosed brackets', () => {
    const nasty = '[pause '.repeat(40_000);
    const cpuBefore = process.cpuUsage(); // CPU time: the wall clock measures the neighbours
    expect(splitPauseDirectives(nasty)).toEqual([{ kind: 'text', text: nasty }]);
    const cpu = process.cpuUsage(cpuBefore);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(2000);
  });
});
