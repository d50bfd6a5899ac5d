import { describe, expect, it } from 'vitest';
import type { Project } from '../../../shared/model/project';
import { encoderLevel } from './encoders/encoder-level';
import { speakerVoiceSummaries } from '../../../shared/model/speaker-voices';
import { exportSummary, formatReport } from './export-report';
import type { ExportResult } from './export-result';

const espeak = (voice: string, ratePercent = 100) => ({
  engine: 'espeak',
  voice,
  params: { ratePercent, pitchSemitones: 0 },
});
const project = {
  title: 'Show',
  segments: [{}, {}],
  speakers: [{ id: 'a', name: 'Host', voice: espeak('en-gb-x-rp+f3', 110), gainDb: 0 }],
} as unknown as Project;

function unnormalised(format: 'wav' | 'mp3'): ExportResult {
  return {
    audioFiles: [
      {
        path: `/x/show.${format}`,
        format,
        sampleRate: 44_100,
        channels: 1,
        durationSamples: 44_100,
        bytes: 1,
      },
    ],
    transcriptFiles: [],
    beds: [],
    reportFile: '/x/show.report.txt',
    loudness: {
      targetLufs: null,
      plan: null,
      measuredLufs: null,
      encoder: encoderLevel({ format, mp3BitrateKbps: 128 }),
    },
    checks: { turnsChecked: 2, inaudibleTurns: [], noisyGaps: [], clippedSamples: 0, ok: true },
    durationMs: 1_000,
  };
}

describe('export report', () => {
  it('says when the MP3 encoder lowers an unnormalised level, and only then', () => {
    const mp3 = formatReport(project, unnormalised('mp3'));
    expect(mp3).toContain('Loudness: not normalised (--loudness off)');
    expect(mp3).toContain('MP3: LAME lowers the level by 0.45 dB as it encodes');
    expect(mp3).toContain('Duration: 1.0 s, 2 turns, 1 speaker');
    expect(formatReport(project, unnormalised('wav'))).not.toContain('MP3');
  });

  it("lists each speaker's voice as --voice takes it", () => {
    expect(formatReport(project, unnormalised('wav'))).toContain(
      'Voices: Host=en-gb-x-rp+f3;rate=110 (en-GB-x-rp)\n',
    );
  });

  it('summarises an unnormalised export without a loudness figure', () => {
    expect(exportSummary(unnormalised('wav'))).toMatchObject({
      targetLufs: null,
      outputLufs: null,
      truePeakDbtp: null,
      reachedTarget: true,
      checks: { ok: true, turnsChecked: 2, inaudibleTurns: 0, noisyGaps: 0, clippedSamples: 0 },
    });
  });

  it('names problem turns by their place and speaker, not by internal ids', () => {
    const named = {
      title: 'Show',
      speakers: [
        { id: 'a', name: 'Host', voice: espeak('en-us'), gainDb: 0 },
        {
          id: 'b',
          name: 'Guest',
          voice: { engine: 'kokoro', model: 'Kokoro-82M', voice: 'af_heart', params: espeak('').params },
          gainDb: 0,
        },
      ],
      segments: [
        { id: 's1', speakerId: 'a', sourceLine: 1 },
        { id: 's2', speakerId: 'b', sourceLine: 4 },
        { id: 's3', speakerId: 'a' },
      ],
    } as unknown as Project;
    const result = unnormalised('wav');
    result.checks = {
      turnsChecked: 3,
      inaudibleTurns: ['s2'],
      noisyGaps: ['s3'],
      clippedSamples: 0,
      ok: false,
    };
    const report = formatReport(named, result);
    expect(report).toContain('Turns present and audible: 2 of 3 (inaudible: turn 2 (Guest, script line 4))');
    expect(report).toContain('Gaps silent: no (before turn 3 (Host))');
    expect(report).not.toContain('s2');
    // Without the catalog only espeak's language is known (from its id); with it, every voice's.
    expect(report).toContain('Voices: Host=en-us (en-US), Guest=kokoro:Kokoro-82M/af_heart\n');
    const catalog = [
      { engine: 'kokoro', model: 'Kokoro-82M', id: 'af_heart', label: 'Heart', language: 'en-US' },
    ];
    expect(formatReport(named, result, speakerVoiceSummaries(named, catalog))).toContain(
      'Voices: Host=en-us (en-US), Guest=kokoro:Kokoro-82M/af_heart (en-US)\n',
    );
  });
});
