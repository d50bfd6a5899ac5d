/**
 * What an export says about itself: the report file beside it (export checks, loudness, files) and the
 * summary the UI and the CLI show when it is done.
 */
import path from 'node:path';
import { formatGainDb } from '../../../shared/model/speaker-levels';
import type { ExportSummary } from '../../../shared/api/studio-api';
import type { Project } from '../../../shared/model/project';
import type { SpeakerVoiceSummary } from '../../../shared/model/speaker-voices';
import { formatSpeakerVoice, speakerVoiceSummaries } from '../../../shared/model/speaker-voices';
import { counted } from '../../../shared/text/plural';
import type { ExportResult } from './export-result';
import { CLIP_GUARD_DBTP } from './loudness/gain';

/** The result in the contract's terms, for the UI. */
export function exportSummary(result: ExportResult): ExportSummary {
  const plan = result.loudness.plan;
  const { checks } = result;
  return {
    durationMs: result.durationMs,
    targetLufs: result.loudness.targetLufs,
    outputLufs: plan?.expectedLufs ?? null,
    truePeakDbtp: plan ? plan.expectedTruePeakDbtp : null,
    reachedTarget: plan?.reachedTarget ?? true,
    checks: {
      ok: checks.ok,
      turnsChecked: checks.turnsChecked,
      inaudibleTurns: checks.inaudibleTurns.length,
      noisyGaps: checks.noisyGaps.length,
      clippedSamples: checks.clippedSamples,
    },
    reportFile: result.reportFile,
  };
}

export function formatReport(
  project: Project,
  result: ExportResult,
  voices: readonly SpeakerVoiceSummary[] = speakerVoiceSummaries(project),
): string {
  const lines = [
    `Roundtable Studio export report — ${project.title}`,
    `Duration: ${(result.durationMs / 1000).toFixed(1)} s, ${counted(project.segments.length, 'turn')}, ${counted(project.speakers.length, 'speaker')}`,
    `Files: ${result.audioFiles.map((file) => path.basename(file.path)).join(', ')}`,
    `Voices: ${voices.map(formatSpeakerVoice).join(', ')}`,
  ];
  if (project.speakers.some((speaker) => speaker.gainDb !== 0)) {
    lines.push(
      `Speaker levels: ${project.speakers.map((speaker) => `${speaker.name} ${formatGainDb(speaker.gainDb)}`).join(', ')}`,
    );
  }
  for (const bed of result.beds) {
    const duck = bed.duckDb === null ? 'not ducked' : `ducked ${bed.duckDb} dB under speech`;
    lines.push(
      `Bed: ${bed.fileName} ${(bed.startMs / 1000).toFixed(1)}–${(bed.endMs / 1000).toFixed(1)} s, ${duck}; licence: ${bed.license ?? 'not given'}`,
    );
  }
  const plan = result.loudness.plan;
  if (plan) {
    lines.push(
      `Loudness${result.beds.length > 0 ? ' (measured on the mix of speech and beds)' : ''}: source ${fmt(plan.source.integratedLufs)} LUFS, target ${result.loudness.targetLufs} LUFS, gain ${plan.inputGainDb.toFixed(2)} dB${plan.useLimiter ? ', true-peak limiter on' : ''}`,
      `Expected output: ${fmt(plan.expectedLufs)} LUFS, true peak ${plan.expectedTruePeakDbtp.toFixed(2)} dBTP (ceiling ${plan.ceilingDbtp} dBTP)${plan.reachedTarget ? '' : ' — target NOT reached'}`,
      ...(result.loudness.encoder.peakMarginDb > 0
        ? [
            `MP3: ${result.loudness.encoder.gainDb < 0 ? `the encoder's input was planned ${(-result.loudness.encoder.gainDb).toFixed(2)} dB louder (LAME scales it down), with ` : ''}${result.loudness.encoder.peakMarginDb} dB more true-peak headroom kept for the overshoot of decoding`,
          ]
        : []),
    );
  } else {
    lines.push(
      `Loudness: not normalised (--loudness off); true peaks held under ${CLIP_GUARD_DBTP} dBTP so nothing clips`,
      ...(result.loudness.encoder.gainDb < 0
        ? [`MP3: LAME lowers the level by ${(-result.loudness.encoder.gainDb).toFixed(2)} dB as it encodes`]
        : []),
    );
  }
  const checks = result.checks;
  const where = turnPlace(project);
  lines.push(
    `Turns present and audible: ${checks.turnsChecked - checks.inaudibleTurns.length} of ${checks.turnsChecked}${checks.inaudibleTurns.length ? ` (inaudible: ${checks.inaudibleTurns.map(where).join(', ')})` : ''}`,
    `Gaps silent: ${checks.noisyGaps.length === 0 ? 'yes' : `no (before ${checks.noisyGaps.map(where).join(', ')})`}${result.beds.length > 0 ? ' (gaps under a bed are not checked)' : ''}`,
    `Clipped samples: ${checks.clippedSamples}`,
    `Result: ${checks.ok ? 'OK' : 'PROBLEMS FOUND'}`,
  );
  return `${lines.join('\n')}\n`;
}

/** A turn as the producer knows it: `turn 5 (Host, script line 7)`, not its internal id. */
function turnPlace(project: Project): (segmentId: string) => string {
  const speakers = new Map(project.speakers.map((speaker) => [speaker.id, speaker.name]));
  const places = new Map(
    project.segments.map((segment, index) => {
      const line = segment.sourceLine === undefined ? '' : `, script line ${segment.sourceLine}`;
      return [segment.id, `turn ${index + 1} (${speakers.get(segment.speakerId) ?? '?'}${line})`];
    }),
  );
  return (segmentId) => places.get(segmentId) ?? segmentId;
}

function fmt(value: number | null): string {
  return value === null ? 'silence' : value.toFixed(2);
}
