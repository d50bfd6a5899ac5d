/**
 * Sums turns placed at sample positions into one stream of blocks: a turn that overlaps the one before it
 * (cross-talk) is added to it, gaps are digital silence. Turns arrive in order of their start (the timeline
 * guarantees it); a block is emitted once no later turn can reach into it, so memory holds only the turns
 * still sounding, never the episode.
 */
export const MIX_BLOCK_SAMPLES = 16_384;

interface Sounding {
  start: number;
  pcm: Float32Array;
}

export class EpisodeMixer {
  private position = 0;
  private sounding: Sounding[] = [];
  private readonly silence = new Float32Array(MIX_BLOCK_SAMPLES);

  /** Samples emitted so far. */
  get emitted(): number {
    return this.position;
  }

  /** Adds a turn starting at `startSample` (at or after every earlier start); emits what is now final. */
  *add(startSample: number, pcm: Float32Array): Generator<Float32Array> {
    if (startSample < this.position) {
      throw new Error(
        `a turn starts at sample ${startSample}, before the mix (${this.position}): turns go in order`,
      );
    }
    yield* this.emitTo(startSample);
    if (pcm.length > 0) this.sounding.push({ start: startSample, pcm });
  }

  /** Emits the rest: up to `totalSamples`, or to the end of the last turn still sounding. */
  *finish(totalSamples?: number): Generator<Float32Array> {
    const reach = this.sounding.reduce(
      (end, turn) => Math.max(end, turn.start + turn.pcm.length),
      this.position,
    );
    yield* this.emitTo(totalSamples ?? reach);
  }

  private *emitTo(target: number): Generator<Float32Array> {
    while (this.position < target) {
      const from = this.position;
      const count = Math.min(MIX_BLOCK_SAMPLES, target - from);
      const to = from + count;
      const heard = this.sounding.filter((turn) => turn.start < to && turn.start + turn.pcm.length > from);
      const only = heard.length === 1 ? heard[0] : undefined;
      if (heard.length === 0) {
        // A view of the shared silent block: consumers never write into blocks they are given.
        yield this.silence.subarray(0, count);
      } else if (only && only.start <= from && only.start + only.pcm.length >= to) {
        yield only.pcm.subarray(from - only.start, to - only.start);
      } else {
        const out = new Float32Array(count);
        for (const turn of heard) {
          const first = Math.max(from, turn.start);
          const end = Math.min(to, turn.start + turn.pcm.length);
          for (let i = first; i < end; i++)
            out[i - from] = (out[i - from] as number) + (turn.pcm[i - turn.start] as number);
        }
        yield out;
      }
      this.position = to;
      this.sounding = this.sounding.filter((turn) => turn.start + turn.pcm.length > to);
    }
  }
}
