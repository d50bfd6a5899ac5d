import { describe, expect, it } from 'vitest';
import type { ExportSummary } from '../api/studio-api';
import { formatDb, summaryPhrases } from './export-summary';

const clean: ExportSummary = {
  durationMs: 60_000,
  targetLufs: -19,
  outputLufs: -19.04,
  truePeakDbtp: -1.23,
  reachedTarget: true,
  checks: { ok: true, turnsChecked: 21, inaudibleTurns: 0, noisyGaps: 0, clippedSamples: 0 },
  reportFile: '/x/episode.report.txt',
};

describe('export summary phrases', () => {
  it('reads a clean export as loudness, peak and passed checks', () => {
    expect(summaryPhrases(clean)).toEqual([
      { text: '−19.0 LUFS', problem: false },
      { text: 'true peak −1.2 dBTP', problem: false },
      { text: '21 of 21 turns audible', problem: false },
      { text: 'gaps silent', problem: false },
      { text: 'nothing clipped', problem: false },
    ]);
  });

  it('flags each problem, and says when the level was left as rendered', () => {
    const phrases = summaryPhrases({
      ...clean,
      targetLufs: null,
      outputLufs: null,
      truePeakDbtp: null,
      checks: { ok: false, turnsChecked: 3, inaudibleTurns: 1, noisyGaps: 2, clippedSamples: 1 },
    });
    expect(phrases).toEqual([
      { text: 'level as rendered (not normalised)', problem: false },
      { text: '2 of 3 turns audible', problem: true },
      { text: '2 gaps not silent', problem: true },
      { text: '1 clipped sample', problem: true },
    ]);
    expect(summaryPhrases({ ...clean, reachedTarget: false, outputLufs: -21.5 })[0]).toEqual({
      text: '−21.5 LUFS (target −19.0 not reached)',
      problem: true,
    });
  });

  it('writes decibels with a true minus and never a negative zero', () => {
    expect(formatDb(-0.04)).toBe('0.0');
    expect(formatDb(-16)).toBe('−16.0');
    expect(formatDb(0.5)).toBe('0.5');
    expect(summaryPhrases(clean, '-')[0]?.text).toBe('-19.0 LUFS');
  });
});
