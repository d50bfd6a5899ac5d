import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  espeakSpeech,
  ffmpegEbur128,
  makeTempDir,
  noise,
  randomSplits,
  runTool,
  sine,
} from '../../audio/testing/oracle';
import { readWavFile } from '../../audio/wav-reader';
import { WavWriter } from '../../audio/wav-writer';
import { gainForTarget } from './gain';
import { TruePeakLimiter } from './limiter';
import type { LimiterOptions } from './limiter';
import { LoudnessMeter } from './loudness-meter';
import { planLoudness } from './loudness-plan';

const tmp = makeTempDir('limiter');
let speechSource = '';

beforeAll(() => {
  speechSource = espeakSpeech(
    'Loudness normalisation should make every episode sound equally loud. ' +
      'The limiter keeps the true peak under minus one decibel while the level rises.',
    tmp.file('speech.wav'),
  );
});
afterAll(() => tmp.remove());

function runLimiter(options: LimiterOptions, input: Float32Array, splits?: number[]) {
  const limiter = new TruePeakLimiter(options);
  const parts: Float32Array[] = [];
  if (splits === undefined) parts.push(limiter.process(input));
  else {
    let offset = 0;
    for (const frames of splits) {
      parts.push(
        limiter.process(input.subarray(offset * options.channels, (offset + frames) * options.channels)),
      );
      offset += frames;
    }
  }
  parts.push(limiter.flush());
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return { out, limiter };
}

function measure(samples: Float32Array, sampleRate: number, channels: 1 | 2) {
  const meter = new LoudnessMeter(sampleRate, channels);
  meter.push(samples);
  return meter.result();
}

async function speechAt(sampleRate: number, channels: 1 | 2): Promise<Float32Array> {
  const path = tmp.file(`speech-${sampleRate}-${channels}.wav`);
  runTool(
    'ffmpeg',
    ['-v', 'error', '-i', speechSource, '-ar', String(sampleRate), '-ac', String(channels)].concat([
      '-c:a',
      'pcm_f32le',
      '-y',
      path,
    ]),
  );
  return (await readWavFile(path)).samples;
}

describe('gainForTarget', () => {
  it('returns the plain gain when the true peak stays under the ceiling', () => {
    const decision = gainForTarget(-23, -16, -9);
    expect(decision.status).toBe('ok');
    expect(decision.gainDb).toBeCloseTo(7, 10);
    expect(decision.gain).toBeCloseTo(10 ** (7 / 20), 10);
    expect(decision.predictedTruePeakDbtp).toBeCloseTo(-2, 10);
    expect(decision.ceilingGain).toBe(decision.gain);
  });

  it('asks for the limiter, and offers the ceiling-bound gain, when the peak would pass the ceiling', () => {
    const decision = gainForTarget(-23, -16, -4, -1);
    expect(decision.status).toBe('needs-limiter');
    expect(decision.gainDb).toBeCloseTo(7, 10);
    expect(decision.predictedTruePeakDbtp).toBeCloseTo(3, 10);
    expect(decision.ceilingGainDb).toBeCloseTo(3, 10);
    expect(decision.loudnessAtCeilingGainLufs).toBeCloseTo(-20, 10);
    expect(gainForTarget(-14, -16, 0.5, -2).gainDb).toBeCloseTo(-2, 10);
    expect(gainForTarget(-14, -16, 0.5, -2).status).toBe('needs-limiter');
    expect(gainForTarget(-14, -16, -0.5, -2).status).toBe('ok');
  });

  it('leaves silence alone', () => {
    expect(gainForTarget(null, -16, -Infinity)).toMatchObject({ status: 'silent', gain: 1, gainDb: 0 });
  });
});

describe('TruePeakLimiter', () => {
  it('passes audio under the ceiling through untouched, with the delay compensated', () => {
    const input = noise(10_000, 2, 0.5, 3);
    const { out, limiter } = runLimiter({ sampleRate: 48_000, channels: 2 }, input);
    expect(limiter.latencyFrames).toBeGreaterThan(0);
    expect(out.length).toBe(input.length);
    expect(Buffer.from(out.buffer).equals(Buffer.from(input.buffer))).toBe(true);
    expect(limiter.stats).toEqual({ maxReductionDb: 0, limitedFrames: 0 });
  });

  it('brings speech to the loudness target with the true peak at or under -1 dBTP (checked by ffmpeg)', async () => {
    for (const [sampleRate, channels, target] of [
      [48_000, 2, -16],
      [24_000, 1, -19],
      [44_100, 1, -16],
    ] as const) {
      const input = await speechAt(sampleRate, channels);
      const source = async function* () {
        for (let offset = 0; offset < input.length; offset += 10_000 * channels) {
          yield input.subarray(offset, offset + 10_000 * channels);
        }
      };
      const plan = await planLoudness(source, { sampleRate, channels, targetLufs: target, ceilingDbtp: -1 });
      const label = `${sampleRate} Hz ${channels} ch`;
      expect(plan.decision.status, label).toBe('needs-limiter');
      expect(plan.useLimiter).toBe(true);
      expect(plan.reachedTarget, label).toBe(true);
      expect(plan.passes).toBeGreaterThanOrEqual(2);
      expect(plan.inputGainDb).toBeGreaterThanOrEqual(plan.decision.gainDb);

      const { out, limiter } = runLimiter(
        { sampleRate, channels, inputGain: plan.inputGain, ceilingDbtp: plan.ceilingDbtp },
        input,
        randomSplits(input.length / channels, 7_000, 2),
      );
      expect(out.length).toBe(input.length);
      const after = measure(out, sampleRate, channels);
      expect(after.integratedLufs).toBeCloseTo(plan.expectedLufs as number, 6);
      expect(after.truePeakDbtp, label).toBeLessThanOrEqual(-1);
      expect(Math.abs((after.integratedLufs as number) - target), label).toBeLessThanOrEqual(0.1);
      expect(limiter.stats.maxReductionDb).toBeGreaterThan(0);

      const path = tmp.file(`limited-${sampleRate}-${channels}.wav`);
      const writer = await WavWriter.create(path, { sampleRate, channels, bitDepth: 24 });
      await writer.write(out);
      await writer.close();
      const ffmpeg = ffmpegEbur128(path);
      expect(ffmpeg.truePeakDbtp, label).toBeLessThanOrEqual(-0.95);
      expect(Math.abs(ffmpeg.integratedLufs - target), label).toBeLessThanOrEqual(0.2);
    }
  });

  it('plans a plain gain when no limiting is needed, and nothing for silence', async () => {
    const quiet = sine(997, 48_000, 48_000 * 2, 0.05);
    const plan = await planLoudness(
      async function* () {
        yield quiet;
      },
      { sampleRate: 48_000, channels: 1, targetLufs: -19 },
    );
    expect(plan).toMatchObject({ useLimiter: false, passes: 1, reachedTarget: true, expectedLufs: -19 });
    expect(plan.inputGainDb).toBeCloseTo(-19 - (plan.source.integratedLufs as number), 10);
    const silent = await planLoudness(
      async function* () {
        yield new Float32Array(48_000);
      },
      { sampleRate: 48_000, channels: 1, targetLufs: -19 },
    );
    expect(silent).toMatchObject({
      useLimiter: false,
      inputGain: 1,
      reachedTarget: false,
      expectedLufs: null,
    });
  });

  it('holds a burst far over the ceiling down and recovers afterwards, touching nothing long before it', () => {
    const rate = 48_000;
    const quiet = 0.1;
    const input = sine(440, rate, rate * 2, quiet);
    const burstStart = rate / 2;
    const burstFrames = rate / 10;
    for (let i = burstStart; i < burstStart + burstFrames; i++) input[i] = 8 * (input[i] as number); // +18 dB
    const { out, limiter } = runLimiter(
      { sampleRate: rate, channels: 1, ceilingDbtp: -1, releaseMs: 50 },
      input,
    );
    expect(measure(out, rate, 1).truePeakDbtp).toBeLessThanOrEqual(-1);
    expect(limiter.stats.maxReductionDb).toBeGreaterThan(0.8 * 20 * Math.log10(0.8 / 10 ** (-1 / 20)));
    // More than the look-ahead (5 ms) plus the interpolator's reach before the burst: untouched.
    for (let i = 0; i < burstStart - rate / 100; i++) expect(out[i]).toBe(input[i]);
    // Half a second after the burst the gain is back to unity.
    for (let i = burstStart + burstFrames + rate / 2; i < input.length; i++) {
      expect(Math.abs((out[i] as number) - (input[i] as number))).toBeLessThan(1e-4);
    }
  });

  it('gives bit-identical output for any block split', () => {
    const input = noise(20_000, 2, 0.9, 6);
    const options = { sampleRate: 44_100, channels: 2 as const, inputGain: 1.5, ceilingDbtp: -2 };
    const whole = runLimiter(options, input).out;
    const split = runLimiter(options, input, randomSplits(20_000, 1_500, 4)).out;
    expect(split.length).toBe(input.length);
    expect(Buffer.from(split.buffer).equals(Buffer.from(whole.buffer))).toBe(true);
    const tiny = runLimiter(options, input, randomSplits(20_000, 20, 5)).out;
    expect(Buffer.from(tiny.buffer).equals(Buffer.from(whole.buffer))).toBe(true);
  });

  it('keeps short streams whole and refuses misuse', () => {
    for (const frames of [0, 1, 17, 300]) {
      expect(runLimiter({ sampleRate: 24_000, channels: 1 }, noise(frames, 1, 0.5, frames)).out.length).toBe(
        frames,
      );
    }
    const limiter = new TruePeakLimiter({ sampleRate: 24_000, channels: 2 });
    expect(() => limiter.process(new Float32Array(3))).toThrow(/whole frames/);
    limiter.flush();
    expect(() => limiter.process(new Float32Array(2))).toThrow(/closed/);
    expect(() => new TruePeakLimiter({ sampleRate: 48_000, channels: 1, inputGain: Number.NaN })).toThrow(
      /gain/,
    );
  });
});
