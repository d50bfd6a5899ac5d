import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { StopSignal } from './interrupt';
import { InterruptedError, interruptOf, Interrupts } from './interrupt';
import { main } from './main';

function setup(cooperative = true) {
  const source = new EventEmitter();
  const exits: number[] = [];
  const lines: string[] = [];
  let forced = 0;
  const interrupts = new Interrupts(
    {
      on: (name: StopSignal, listener: () => void) => source.on(name, listener),
      off: (name: StopSignal, listener: () => void) => source.off(name, listener),
    },
    {
      onForce: () => (forced += 1),
      exit: (code) => exits.push(code),
      stderr: (text) => lines.push(text),
      cooperative,
    },
  );
  return { source, interrupts, exits, lines, forced: () => forced };
}

describe('Interrupts', () => {
  it('aborts the signal on the first Ctrl+C and forces the exit on the second', () => {
    const { source, interrupts, exits, lines, forced } = setup();
    source.emit('SIGINT');
    expect(interruptOf(interrupts.signal)?.signal).toBe('SIGINT');
    expect(exits).toEqual([]);
    expect(forced()).toBe(0);
    source.emit('SIGINT');
    expect(forced()).toBe(1);
    expect(exits).toEqual([130]);
    expect(lines.join('')).toContain('stopped at once');
  });

  it('exits with the code of the first signal (143 for SIGTERM, 129 for SIGHUP)', () => {
    const term = setup();
    term.source.emit('SIGTERM');
    term.source.emit('SIGINT');
    expect(term.exits).toEqual([143]);
    expect(new InterruptedError('SIGHUP').exitCode).toBe(129);
  });

  it('ends at once on the first signal when the command does not stop on it', () => {
    const { source, exits, forced } = setup(false);
    source.emit('SIGHUP');
    expect(forced()).toBe(1);
    expect(exits).toEqual([129]);
  });

  it('removes its listeners on dispose', () => {
    const { source, interrupts } = setup();
    interrupts.dispose();
    for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) expect(source.listenerCount(name)).toBe(0);
  });
});

describe('main when stopped', () => {
  it('prints one line and returns 130 for a command stopped by Ctrl+C (no TypeError from its abort error)', async () => {
    const controller = new AbortController();
    controller.abort(new InterruptedError('SIGINT'));
    const err: string[] = [];
    const code = await main(
      ['render', 'nope.txt', '-o', 'x.wav'],
      { stdout: () => {}, stderr: (t) => err.push(t) },
      {
        signal: controller.signal,
      },
    );
    expect(code).toBe(130);
    expect(err).toEqual(['roundtable: stopped; finished turns are kept in the take cache\n']);
  });

  it('reports an error whose code is not a string (an AbortError) as an error, not a TypeError', async () => {
    const err: string[] = [];
    const code = await main(['render', '--help'], {
      stdout: () => {
        throw new DOMException('This operation was aborted', 'AbortError');
      },
      stderr: (t) => err.push(t),
    });
    expect(code).toBe(1);
    expect(err.join('')).toBe('roundtable: This operation was aborted\n');
  });
});
