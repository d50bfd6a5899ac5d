/**
 * One placed bed as the mix hears it, frame by frame from its first audible frame: its stored WAV streamed
 * (looped when the bed loops), at the export rate (BedStore.openAtRate resamples once; a reader at another
 * rate is resampled here, the resampler running on across a loop's seam), turned
 * into the export's channels, at its level, with raised-cosine fades in and out. Holds one block at a time.
 */
import { bedFadeGain } from '../../../shared/model/bed-envelope';
import type { PlacedBed } from '../../../shared/model/bed-placement';
import { msToSamples } from '../../../shared/model/time';
import { Resampler } from '../audio/resampler';
import type { WavReader } from '../audio/wav-reader';

const BLOCK_FRAMES = 1 << 14;

export class BedStream {
  private readonly resampler: Resampler | null;
  private readonly fileChannels: number;
  private readonly gain: number;
  private readonly fadeIn: number;
  private readonly fadeOut: number;
  private blocks: AsyncGenerator<Float32Array> | null = null;
  private fileDone = false;
  /** Resampled frames not yet used (file channels), from `bufferedFrom`. */
  private buffer = new Float32Array(0);
  private bufferedFrom = 0;
  /** Frames of the bed produced so far (from its start, the skipped part included). */
  private position = 0;

  constructor(
    private readonly reader: WavReader,
    private readonly placed: PlacedBed,
    private readonly sampleRate: number,
    private readonly channels: 1 | 2,
  ) {
    const info = reader.info;
    this.fileChannels = info.channels;
    this.resampler =
      info.sampleRate === sampleRate ? null : new Resampler(info.sampleRate, sampleRate, info.channels);
    this.gain = 10 ** (placed.bed.gainDb / 20);
    this.fadeIn = Math.min(msToSamples(placed.bed.fadeInMs, sampleRate), placed.frames);
    this.fadeOut = Math.min(msToSamples(placed.bed.fadeOutMs, sampleRate), placed.frames);
  }

  /** Frames of the bed still to come. */
  get remaining(): number {
    return this.placed.frames - this.position;
  }

  /** Skips `frames` (the part of a bed that starts before the episode). */
  async skip(frames: number): Promise<void> {
    for (let left = frames; left > 0;) {
      const step = Math.min(left, BLOCK_FRAMES);
      await this.read(step);
      left -= step;
    }
  }

  /** The next `frames` frames (at most `remaining`), interleaved in the export's channels. */
  async read(frames: number): Promise<Float32Array> {
    const count = Math.min(frames, this.remaining);
    const source = await this.take(count);
    const channels = this.channels;
    const fileChannels = this.fileChannels;
    const out = new Float32Array(count * channels);
    const total = this.placed.frames;
    for (let i = 0; i < count; i++) {
      const k = this.position + i;
      const g = this.gain * bedFadeGain(k, total, this.fadeIn, this.fadeOut);
      if (fileChannels === channels) {
        for (let c = 0; c < channels; c++) out[i * channels + c] = (source[i * channels + c] as number) * g;
      } else if (channels === 2) {
        const v = (source[i] as number) * g;
        out[2 * i] = v;
        out[2 * i + 1] = v;
      } else {
        out[i] = (((source[2 * i] as number) + (source[2 * i + 1] as number)) / 2) * g;
      }
    }
    this.position += count;
    return out;
  }

  async close(): Promise<void> {
    await this.blocks?.return(undefined);
    await this.reader.close();
  }

  /** `count` frames of the resampled file (file channels); zeros after the end of a bed that does not loop. */
  private async take(count: number): Promise<Float32Array> {
    const ch = this.fileChannels;
    while (this.buffer.length / ch - this.bufferedFrom < count && !this.fileDone) await this.pull();
    const available = this.buffer.length / ch - this.bufferedFrom;
    const out = new Float32Array(count * ch);
    const used = Math.min(count, available);
    out.set(this.buffer.subarray(this.bufferedFrom * ch, (this.bufferedFrom + used) * ch));
    this.bufferedFrom += used;
    return out;
  }

  private async pull(): Promise<void> {
    this.blocks ??= this.reader.blocks(BLOCK_FRAMES);
    const next = await this.blocks.next();
    let produced: Float32Array;
    if (next.done) {
      if (this.placed.bed.loop) {
        this.blocks = this.reader.blocks(BLOCK_FRAMES);
        return;
      }
      this.fileDone = true;
      produced = this.resampler ? this.resampler.flush() : new Float32Array(0);
    } else {
      produced = this.resampler ? this.resampler.process(next.value) : next.value;
    }
    const ch = this.fileChannels;
    const rest = this.buffer.subarray(this.bufferedFrom * ch);
    const merged = new Float32Array(rest.length + produced.length);
    merged.set(rest);
    merged.set(produced, rest.length);
    this.buffer = merged;
    this.bufferedFrom = 0;
  }
}
