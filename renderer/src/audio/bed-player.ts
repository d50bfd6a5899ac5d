/**
 * The beds under the preview: one media element per bed, started, kept in step with and stopped by the
 * timeline's position (the speech player's), at the gain the bed's curve gives there (bed-plan.ts). A bed
 * element that drifts from the position (a seek, a loop range starting over, the speech waiting for audio)
 * is put back in place. Knows the DOM only through MediaLike and GainControl, so it runs in Node with fakes.
 */
import { curveGainAt } from '../../../shared/model/bed-preview';
import type { PlannedBed } from './bed-plan';
import type { GainControl } from './gain-output';
import type { MediaLike } from './sequential-player';

/** How far a bed element may be from where the timeline says before it is moved there. */
export const BED_RESYNC_MS = 250;

export interface BedVoice {
  media: MediaLike & { loop: boolean };
  output: GainControl;
  dispose(): void;
}

/** One bed as the preview plays it now (for the UI and tests). */
export interface BedVoiceState {
  bedId: string;
  status: 'idle' | 'starting' | 'playing';
  gain: number;
}

interface Voice {
  bed: PlannedBed;
  voice: BedVoice;
  status: BedVoiceState['status'];
  gain: number | null;
  /** Bumped when the voice is stopped, so a late play() of an earlier start does nothing. */
  token: number;
}

export class BedPlayer {
  private plan: PlannedBed[] = [];
  private readonly voices = new Map<string, Voice>();

  constructor(
    private readonly createVoice: (bed: PlannedBed) => BedVoice,
    private readonly urlOf: (hash: string) => string | null,
    private readonly onError: (message: string) => void,
  ) {}

  /** Beds to play from now on; voices of beds that are gone are released, the others take their new plan. */
  setPlan(plan: PlannedBed[]): void {
    this.plan = plan;
    const ids = new Set(plan.map((bed) => bed.bedId));
    for (const [id, voice] of this.voices) {
      if (!ids.has(id) || voice.bed.hash !== plan.find((bed) => bed.bedId === id)?.hash) this.release(id);
    }
    for (const bed of plan) {
      const voice = this.voices.get(bed.bedId);
      if (voice) voice.bed = bed;
    }
  }

  /** The timeline plays at `positionMs`: beds there sound, at their gain there; the others are silent. */
  update(positionMs: number): void {
    for (const bed of this.plan) {
      const within = positionMs - bed.startMs;
      const inside = within >= 0 && positionMs < bed.endMs && (bed.loop || within < bed.fileMs);
      const existing = this.voices.get(bed.bedId);
      if (!inside) {
        if (existing && existing.status !== 'idle') this.silence(existing);
        continue;
      }
      const voice = existing ?? this.open(bed);
      if (!voice) continue;
      const fileMs = bed.loop && bed.fileMs > 0 ? within % bed.fileMs : within;
      this.setGain(voice, curveGainAt(bed.curve, positionMs));
      if (voice.status === 'idle') this.start(voice, fileMs);
      else if (voice.status === 'playing' && drift(voice, fileMs, bed) > BED_RESYNC_MS) {
        voice.voice.media.currentTime = fileMs / 1000;
      }
    }
  }

  /** Playback stopped: every bed is silent (their elements stay for the next play). */
  stop(): void {
    for (const voice of this.voices.values()) if (voice.status !== 'idle') this.silence(voice);
  }

  states(): BedVoiceState[] {
    return [...this.voices.values()].map((voice) => ({
      bedId: voice.bed.bedId,
      status: voice.status,
      gain: voice.gain ?? 0,
    }));
  }

  dispose(): void {
    for (const id of [...this.voices.keys()]) this.release(id);
    this.plan = [];
  }

  private open(bed: PlannedBed): Voice | null {
    const url = this.urlOf(bed.hash);
    if (url === null) return null;
    const voice: Voice = { bed, voice: this.createVoice(bed), status: 'idle', gain: null, token: 0 };
    voice.voice.media.src = url;
    this.voices.set(bed.bedId, voice);
    return voice;
  }

  private start(voice: Voice, fileMs: number): void {
    const token = ++voice.token;
    const media = voice.voice.media;
    voice.status = 'starting';
    media.loop = voice.bed.loop;
    media.currentTime = fileMs / 1000;
    media.play().then(
      () => {
        if (token === voice.token) voice.status = 'playing';
      },
      (error: unknown) => {
        if (token !== voice.token) return;
        voice.status = 'idle';
        if ((error as { name?: string } | null)?.name === 'AbortError') return;
        this.onError(`The bed “${voice.bed.fileName}” could not be played: import it again.`);
      },
    );
  }

  private silence(voice: Voice): void {
    voice.token++;
    voice.status = 'idle';
    voice.voice.media.pause();
  }

  private setGain(voice: Voice, gain: number): void {
    if (voice.gain === gain) return;
    voice.gain = gain;
    voice.voice.output.setGain(gain);
  }

  private release(id: string): void {
    const voice = this.voices.get(id);
    if (!voice) return;
    this.silence(voice);
    voice.voice.dispose();
    this.voices.delete(id);
  }
}

/** How far (ms) the element is from `fileMs`, around the loop's seam for a looping bed. */
function drift(voice: Voice, fileMs: number, bed: PlannedBed): number {
  const diff = Math.abs(voice.voice.media.currentTime * 1000 - fileMs);
  return bed.loop && bed.fileMs > 0 ? Math.min(diff, bed.fileMs - diff) : diff;
}
