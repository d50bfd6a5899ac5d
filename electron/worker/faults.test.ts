import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FaultPlan, parseFaults } from './faults';

describe('fault injection', () => {
  it('parses every trigger, the audio block count included, and names the forms on a typo', () => {
    expect(
      parseFaults('abort@chunk:3, exit@start,hang@load,error@audio:7,abort@step:5').map(
        (fault) => fault.trigger,
      ),
    ).toEqual([
      { at: 'chunk', index: 3 },
      { at: 'start' },
      { at: 'load' },
      { at: 'audio', index: 7 },
      { at: 'step', index: 5 },
    ]);
    expect(() => parseFaults('abort@frame:2')).toThrow(/kind@audio:N or kind@step:N/);
  });

  it('fires an audio fault at the Nth block of the process, once across restarts with a state file', () => {
    const state = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rt-faults-')), 'fired');
    const first = new FaultPlan(parseFaults('error@audio:3'), state);
    expect([first.onAudio(), first.onAudio(), first.onAudio()?.spec]).toEqual([
      undefined,
      undefined,
      'error@audio:3',
    ]);
    const restarted = new FaultPlan(parseFaults('error@audio:3'), state);
    expect([restarted.onAudio(), restarted.onAudio(), restarted.onAudio()]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    fs.rmSync(path.dirname(state), { recursive: true, force: true });
  });

  it('counts the steps of autoregressive loops apart from audio blocks', () => {
    const plan = new FaultPlan(parseFaults('abort@step:2'), undefined);
    expect([plan.onAudio(), plan.onStep(), plan.onAudio(), plan.onStep()?.spec]).toEqual([
      undefined,
      undefined,
      undefined,
      'abort@step:2',
    ]);
  });
});
