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
import { kWeightingHighPass, kWeightingShelf } from './k-weighting';
import { LoudnessMeter } from './loudness-meter';
import { TruePeakDetector, truePeakOversampling } from './true-peak';

const tmp = makeTempDir('loudness');
let speechSource = '';

beforeAll(() => {
  speechSource = espeakSpeech(
    'Welcome back to the roundtable. Today we talk about loudness, true peaks, and why podcasts should not shout. ' +
      'Our guest has measured a thousand episodes.',
    tmp.file('speech-source.wav'),
  );
});
afterAll(() => tmp.remove());

function measure(samples: Float32Array, sampleRate: number, channels: 1 | 2) {
  const meter = new LoudnessMeter(sampleRate, channels);
  meter.push(samples);
  return meter.result();
}

/** Writes a 24-bit file for ffmpeg and returns what the file holds, so both measure the same samples. */
async function asFile(name: string, samples: Float32Array, sampleRate: number, channels: 1 | 2) {
  const path = tmp.file(name);
  const writer = await WavWriter.create(path, { sampleRate, channels, bitDepth: 24 });
  await writer.write(samples);
  await writer.close();
  return { path, samples: (await readWavFile(path)).samples };
}

function stereoFrom(left: Float32Array, right: Float32Array): Float32Array {
  const out = new Float32Array(left.length * 2);
  for (let i = 0; i < left.length; i++) {
    out[2 * i] = left[i] as number;
    out[2 * i + 1] = right[i] as number;
  }
  return out;
}

/** Raised-cosine fade in and out over `frames` frames, as real programme material has no hard edges. */
function faded(samples: Float32Array, channels: number, frames = 2_000): Float32Array {
  const total = samples.length / channels;
  for (let i = 0; i < frames; i++) {
    const gain = 0.5 - 0.5 * Math.cos((Math.PI * i) / frames);
    for (let c = 0; c < channels; c++) {
      samples[i * channels + c]! *= gain;
      samples[(total - 1 - i) * channels + c]! *= gain;
    }
  }
  return samples;
}

/** Noise through a one-pole low-pass (pole 0.7: darker, 0.3: nearly white), deterministic. */
function softNoise(frames: number, channels: number, seed: number, pole = 0.7): Float32Array {
  const white = noise(frames * channels, 1, 0.6, seed);
  const out = new Float32Array(frames * channels);
  const state = new Float64Array(channels);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++) {
      state[c] = pole * (state[c] as number) + (1 - pole) * (white[i * channels + c] as number);
      out[i * channels + c] = state[c] as number;
    }
  }
  return out;
}

describe('K-weighting', () => {
  it('matches the BS.1770-4 coefficients at 48 kHz', () => {
    const shelf = kWeightingShelf(48_000);
    expect(shelf.b0).toBeCloseTo(1.53512485958697, 10);
    expect(shelf.b1).toBeCloseTo(-2.69169618940638, 10);
    expect(shelf.b2).toBeCloseTo(1.19839281085285, 10);
    expect(shelf.a1).toBeCloseTo(-1.69065929318241, 10);
    expect(shelf.a2).toBeCloseTo(0.73248077421585, 10);
    const highPass = kWeightingHighPass(48_000);
    expect(highPass.a1).toBeCloseTo(-1.99004745483398, 10);
    expect(highPass.a2).toBeCloseTo(0.99007225036621, 10);
  });

  it('reads a full-scale 997 Hz sine in one channel as -3.01 LUFS at every rate', () => {
    for (const rate of [22_050, 24_000, 44_100, 48_000, 96_000]) {
      const result = measure(sine(997, rate, rate * 3, 1), rate, 1);
      expect(result.integratedLufs, `${rate} Hz`).toBeCloseTo(-3.01, 1);
    }
  });
});

describe('LoudnessMeter against ffmpeg ebur128', () => {
  const rates = [24_000, 44_100, 48_000] as const;

  it('agrees on sine and noise within 0.2 LU and 0.3 dB true peak, mono and stereo', async () => {
    for (const rate of rates) {
      const frames = rate * 3;
      const signals: [string, Float32Array, 1 | 2][] = [
        ['sine', faded(sine(997, rate, frames, 0.25), 1), 1],
        ['sine-hf', faded(sine(rate * 0.23, rate, frames, 0.5, 2), 2), 2],
        ['noise', softNoise(frames, 1, 4, 0.3), 1],
        ['noise', softNoise(frames, 2, 5), 2],
      ];
      for (const [name, signal, channels] of signals) {
        const { path, samples } = await asFile(`${name}-${rate}-${channels}.wav`, signal, rate, channels);
        const ours = measure(samples, rate, channels);
        const theirs = ffmpegEbur128(path);
        const label = `${name} ${rate} Hz ${channels} ch`;
        expect(Math.abs((ours.integratedLufs as number) - theirs.integratedLufs), label).toBeLessThanOrEqual(
          0.2,
        );
        expect(Math.abs(ours.truePeakDbtp - theirs.truePeakDbtp), label).toBeLessThanOrEqual(0.3);
        expect(Math.abs(ours.samplePeakDbfs - theirs.samplePeakDbfs), label).toBeLessThanOrEqual(0.1);
        expect(ours.truePeakDbtp).toBeGreaterThanOrEqual(ours.samplePeakDbfs);
      }
    }
  });

  it('agrees on espeak-ng speech (gated pauses) within 0.2 LU and 0.3 dB, mono and stereo', async () => {
    for (const rate of rates) {
      for (const channels of [1, 2] as const) {
        const path = tmp.file(`speech-${rate}-${channels}.wav`);
        runTool(
          'ffmpeg',
          ['-v', 'error', '-i', speechSource, '-ar', String(rate), '-ac', String(channels)].concat([
            '-af',
            'volume=0.8',
            '-c:a',
            'pcm_f32le',
            '-y',
            path,
          ]),
        );
        const { samples } = await readWavFile(path);
        const ours = measure(samples, rate, channels);
        const theirs = ffmpegEbur128(path);
        const label = `speech ${rate} Hz ${channels} ch`;
        expect(Math.abs((ours.integratedLufs as number) - theirs.integratedLufs), label).toBeLessThanOrEqual(
          0.2,
        );
        expect(Math.abs(ours.truePeakDbtp - theirs.truePeakDbtp), label).toBeLessThanOrEqual(0.3);
        expect(ours.gatedBlockCount).toBeLessThan(ours.blockCount);
      }
    }
  });

  it('applies the relative gate like ffmpeg on loud and quiet passages', async () => {
    const rate = 48_000;
    const loud = sine(500, rate, rate * 2, 0.5);
    const quiet = sine(500, rate, rate * 3, 0.5 * 10 ** (-25 / 20));
    const signal = new Float32Array(loud.length + quiet.length + rate);
    signal.set(loud);
    signal.set(quiet, loud.length + rate);
    const { path, samples } = await asFile('gate.wav', signal, rate, 1);
    const ours = measure(samples, rate, 1);
    const theirs = ffmpegEbur128(path);
    expect(Math.abs((ours.integratedLufs as number) - theirs.integratedLufs)).toBeLessThanOrEqual(0.2);
    // Only the relative gate keeps the quiet three seconds out: with it the result stays near the loud part.
    const loudOnly = measure(loud, rate, 1).integratedLufs as number;
    expect(ours.relativeGateLufs as number).toBeLessThan(loudOnly - 10);
    expect(ours.relativeGateLufs as number).toBeGreaterThan(loudOnly - 25);
    expect(loudOnly - (ours.integratedLufs as number)).toBeLessThan(0.6);
    expect(ours.gatedBlockCount).toBeLessThan(ours.blockCount / 2);
  });
});

describe('LoudnessMeter streaming', () => {
  it('gives the same answer for any block split', () => {
    const rate = 44_100;
    const signal = stereoFrom(softNoise(rate * 2, 1, 8), sine(300, rate, rate * 2, 0.3));
    const whole = measure(signal, rate, 2);
    const meter = new LoudnessMeter(rate, 2);
    let offset = 0;
    for (const frames of randomSplits(signal.length / 2, 5_000, 3)) {
      meter.push(signal.subarray(offset * 2, (offset + frames) * 2));
      offset += frames;
    }
    const split = meter.result();
    expect(split.integratedLufs).toBeCloseTo(whole.integratedLufs as number, 9);
    expect(split.truePeak).toBe(whole.truePeak);
    expect(split.samplePeak).toBe(whole.samplePeak);
    expect(split.blockCount).toBe(whole.blockCount);
    expect(split.durationSamples).toBe(rate * 2);
  });

  it('reports silence as null loudness, and only complete 400 ms blocks', () => {
    const silent = measure(new Float32Array(48_000), 48_000, 1);
    expect(silent.integratedLufs).toBeNull();
    expect(silent.truePeakDbtp).toBe(-Infinity);
    expect(silent.blockCount).toBe(7);
    const short = measure(sine(997, 48_000, 19_000, 0.5), 48_000, 1);
    expect(short.blockCount).toBe(0);
    expect(short.integratedLufs).toBeNull();
  });

  it('refuses unsupported layouts with a message', () => {
    expect(() => new LoudnessMeter(48_000, 6 as 2)).toThrow(/mono or stereo/);
    expect(() => new LoudnessMeter(48_000, 2).push(new Float32Array(3))).toThrow(/whole frames/);
  });
});

describe('TruePeakDetector', () => {
  it('finds the inter-sample peak of a quarter-rate sine sampled 45 degrees off its crest', () => {
    // The crest falls on the oversampled grid at 24 and 48 kHz (8x, 4x); at 44.1 kHz (5x) the nearest grid
    // point is 0.1 sample away, which costs 0.11 dB at this frequency.
    for (const [rate, toleranceDb] of [
      [24_000, 0.02],
      [44_100, 0.12],
      [48_000, 0.02],
    ] as const) {
      const frames = 4_000;
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i++) samples[i] = 0.9 * Math.sin((Math.PI / 2) * i + Math.PI / 4);
      const result = measure(faded(samples, 1), rate, 1);
      expect(result.samplePeak).toBeCloseTo(0.9 * Math.SQRT1_2, 5);
      expect(Math.abs(20 * Math.log10(result.truePeak / 0.9)), `${rate} Hz`).toBeLessThan(toleranceDb);
      expect(truePeakOversampling(rate)).toBeGreaterThanOrEqual(4);
    }
  });

  it('reports exact values above the threshold and never more than the truth below it', () => {
    const rate = 48_000;
    const signal = softNoise(10_000, 1, 11);
    for (let i = 0; i < 5_000; i++) signal[i]! *= 0.02;
    const exact = new Float64Array(signal.length);
    const cheap = new Float64Array(signal.length);
    new TruePeakDetector(rate).process(signal, 0, 1, signal.length, exact, 0, 0);
    const threshold = 0.2;
    new TruePeakDetector(rate).process(signal, 0, 1, signal.length, cheap, 0, threshold);
    let skipped = 0;
    for (let i = 0; i < signal.length; i++) {
      if ((exact[i] as number) > threshold) expect(cheap[i]).toBe(exact[i]);
      else expect(cheap[i] as number).toBeLessThanOrEqual(threshold);
      if (cheap[i] !== exact[i]) skipped++;
    }
    expect(skipped).toBeGreaterThan(0);
  });
});
