/** The finished export's measurements and checks as short phrases, for the export dialog and the CLI. */
import type { ExportSummary } from '../api/studio-api';
import { counted } from './plural';

/** `-19.04` → `−19.0`: one decimal, a true minus sign (or `minus`, e.g. `-` for a terminal), no `−0.0`. */
export function formatDb(value: number, minus = '−'): string {
  const fixed = Math.abs(value).toFixed(1);
  return value < 0 && fixed !== '0.0' ? `${minus}${fixed}` : fixed;
}

export interface SummaryPhrase {
  text: string;
  /** A phrase that reports a problem. */
  problem: boolean;
}

export function summaryPhrases(summary: ExportSummary, minus = '−'): SummaryPhrase[] {
  const db = (value: number) => formatDb(value, minus);
  const { checks } = summary;
  const phrases: SummaryPhrase[] = [];
  if (summary.targetLufs === null) {
    phrases.push({ text: 'level as rendered (not normalised)', problem: false });
  } else if (summary.outputLufs !== null) {
    phrases.push({
      text: `${db(summary.outputLufs)} LUFS${summary.reachedTarget ? '' : ` (target ${db(summary.targetLufs)} not reached)`}`,
      problem: !summary.reachedTarget,
    });
  }
  if (summary.truePeakDbtp !== null)
    phrases.push({ text: `true peak ${db(summary.truePeakDbtp)} dBTP`, problem: false });
  const audible = checks.turnsChecked - checks.inaudibleTurns;
  phrases.push({
    text: `${audible} of ${counted(checks.turnsChecked, 'turn')} audible`,
    problem: checks.inaudibleTurns > 0,
  });
  phrases.push(
    checks.noisyGaps > 0
      ? { text: `${counted(checks.noisyGaps, 'gap')} not silent`, problem: true }
      : { text: 'gaps silent', problem: false },
  );
  phrases.push(
    checks.clippedSamples > 0
      ? { text: `${counted(checks.clippedSamples, 'clipped sample')}`, problem: true }
      : { text: 'nothing clipped', problem: false },
  );
  return phrases;
}
