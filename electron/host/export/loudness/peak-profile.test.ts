import { afterAll, describe, expect, it } from 'vitest';
import { espeakSpeech, makeTempDir, runTool } from '../../audio/testing/oracle';
import { dbToLinear } from './gain';
import { TruePeakLimiter } from './limiter';
import { LoudnessMeter } from './loudness-meter';
import { gainAllowingForLimiter } from './loudness-plan';
import { predictedLimiterLossDb } from './peak-profile';
import { speechLike } from './testing/seeded-signals';

const RATE = 44_100;
const tmp = makeTempDir('peak-profile');
afterAll(() => tmp.remove());

let espeakMono: Float32Array | null = null;

/** espeak-ng speech resampled by ffmpeg to 44.1 kHz, the same on every channel. */
function espeakEpisode(channels: 1 | 2): Float32Array {
  espeakMono ??= renderEspeak();
  const mono = espeakMono;
  const out = new Float32Array(mono.length * channels);
  for (let i = 0; i < mono.length; i++)
    for (let c = 0; c < channels; c++) out[i * channels + c] = mono[i] as number;
  return out;
}

function renderEspeak(): Float32Array {
  const text =
    'Welcome back to the roundtable. Today we talk about loudness, true peaks and why an episode ' +
    'should sound the same on every player. Is that really so hard? It is, when the peaks are hot!';
  const wav = espeakSpeech(text, tmp.file('speech.wav'));
  const { stdout } = runTool('ffmpeg', ['-v', 'error', '-i', wav, '-ar', String(RATE), '-f', 'f32le', '-']);
  return new Float32Array(stdout.buffer, stdout.byteOffset, stdout.length / 4);
}

function measure(pcm: Float32Array, channels: 1 | 2) {
  const meter = new LoudnessMeter(RATE, channels);
  meter.push(pcm);
  return meter.result();
}

function limitedLufs(pcm: Float32Array, channels: 1 | 2, gainDb: number, ceilingDbtp: number): number {
  const limiter = new TruePeakLimiter({
    sampleRate: RATE,
    channels,
    inputGain: dbToLinear(gainDb),
    ceilingDbtp,
  });
  const meter = new LoudnessMeter(RATE, channels, { peakProfile: false });
  meter.push(limiter.process(pcm));
  meter.push(limiter.flush());
  return meter.result().integratedLufs as number;
}

const programmes = [
  // The model is fitted on espeak-ng speech; other material is predicted less closely (a limited export
  // that misses by more than 0.1 LU encodes once more, and says so).
  { name: 'espeak-ng speech, mono', channels: 1 as const, pcm: () => espeakEpisode(1), toleranceDb: 0.1 },
  { name: 'espeak-ng speech, stereo', channels: 2 as const, pcm: () => espeakEpisode(2), toleranceDb: 0.1 },
  {
    name: 'seeded speech-like syllables, stereo',
    channels: 2 as const,
    pcm: () => speechLike(RATE, RATE * 15, 2, 7, 0.9),
    toleranceDb: 0.25,
  },
];

describe('the peak profile predicts what the true-peak limiter takes', () => {
  for (const programme of programmes) {
    it(`within ${programme.toleranceDb} dB of the limiter itself, up to 2 dB of loss (${programme.name})`, () => {
      const pcm = programme.pcm();
      const source = measure(pcm, programme.channels);
      const profile = source.peakProfile!;
      const lufs = source.integratedLufs as number;
      for (const gainDb of [-3, 2, 5]) {
        const actual = limitedLufs(pcm, programme.channels, gainDb, -1.95) - lufs - gainDb;
        if (actual < -2) continue;
        const predicted = predictedLimiterLossDb(profile, gainDb, -1.95);
        expect(Math.abs(predicted - actual), `gain ${gainDb} dB: ${predicted} vs ${actual}`).toBeLessThan(
          programme.toleranceDb,
        );
      }
      // Below the ceiling nothing is taken.
      expect(predictedLimiterLossDb(profile, -10 - source.truePeakDbtp, -1)).toBe(0);
    });
  }

  it('aims the gain so that the limited programme lands on target (the first guess of a limited export)', () => {
    const pcm = espeakEpisode(1);
    const source = measure(pcm, 1);
    const target = -16;
    const plainGainDb = target - (source.integratedLufs as number);
    const ceiling = -1.95;
    expect(source.truePeakDbtp + plainGainDb).toBeGreaterThan(ceiling); // the limiter has work
    const missWithoutPrediction = limitedLufs(pcm, 1, plainGainDb, ceiling) - target;
    expect(missWithoutPrediction).toBeLessThan(-0.1);
    const aimed = gainAllowingForLimiter(source.peakProfile!, plainGainDb, ceiling, 6);
    expect(aimed).toBeGreaterThan(plainGainDb);
    expect(Math.abs(limitedLufs(pcm, 1, aimed, ceiling) - target)).toBeLessThan(0.1);
  });
});
