/** The finished export's measurements and checks as short phrases for the export dialog. */
import type { ExportSummary } from '../../../../shared/api/studio-api';
import { counted } from '../../../../shared/text/plural';

/** `-19.04` → `−19.0` (a true minus sign, one decimal). */
export function formatDb(value: number): string {
  const fixed = Math.abs(value).toFixed(1);
  return value < 0 && fixed !== '0.0' ? `−${fixed}` : fixed;
}

export interface SummaryPhrase {
  text: string;
  /** A phrase that reports a problem. */
  problem: boolean;
}

export function summaryPhrases(summary: ExportSummary): SummaryPhrase[] {
  const { checks } = summary;
  const phrases: SummaryPhrase[] = [];
  if (summary.targetLufs === null) {
    phrases.push({ text: 'level as rendered (not normalised)', problem: false });
  } else if (summary.outputLufs !== null) {
    phrases.push({
      text: `${formatDb(summary.outputLufs)} LUFS${summary.reachedTarget ? '' : ` (target ${formatDb(summary.targetLufs)} not reached)`}`,
      problem: !summary.reachedTarget,
    });
  }
  if (summary.truePeakDbtp !== null)
    phrases.push({ text: `true peak ${formatDb(summary.truePeakDbtp)} dBTP`, problem: false });
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
