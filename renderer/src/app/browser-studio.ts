/**
 * The studio for a browser window: two hidden audio elements for playback (the second for cross-talk) and
 * one per bed under the preview, their gain stages for speaker and bed levels (Web Audio when a level is
 * raised), animation-frame clock.
 */
import type { StudioApi } from '../../../shared/api/studio-api';
import { WebAudioGainOutputs } from '../audio/gain-output';
import type { PlannedBed } from '../audio/bed-plan';
import type { BedVoice } from '../audio/bed-player';
import type { PlayerClock } from '../audio/sequential-player';
import { createStudio, type Studio } from '../state/studio';

export const browserClock: PlayerClock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => window.setTimeout(run, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
  frame: (run) => window.requestAnimationFrame(run),
  cancelFrame: (handle) => window.cancelAnimationFrame(handle as number),
};

/**
 * A bed's element under the preview, in the DOM (hidden) so tests can watch it: `data-bed-id` names the bed
 * and `data-gain` is the gain the player set (through Web Audio when above 1, else the element's volume).
 */
function bedVoice(bed: PlannedBed, outputs: WebAudioGainOutputs): BedVoice {
  const element = document.createElement('audio');
  element.preload = 'auto';
  element.hidden = true;
  element.dataset.testid = 'audio-bed';
  element.dataset.bedId = bed.bedId;
  document.body.appendChild(element);
  const output = outputs.attach(element);
  return {
    media: element,
    output: {
      setGain(factor) {
        element.dataset.gain = factor.toFixed(4);
        output.setGain(factor);
      },
    },
    dispose() {
      element.pause();
      output.dispose();
      element.remove();
    },
  };
}

/**
 * Creates the studio and its audio element (in the DOM so tests can watch it); dispose removes the element
 * and closes the audio graph.
 */
export function createBrowserStudio(api: StudioApi): Studio {
  const media = document.createElement('audio');
  media.preload = 'auto';
  media.dataset.testid = 'audio-player';
  media.hidden = true;
  document.body.appendChild(media);
  // Cross-talk: a turn that overlaps the one before it plays on a second element at the same time.
  const overlay = document.createElement('audio');
  overlay.preload = 'auto';
  overlay.dataset.testid = 'audio-overlay';
  overlay.hidden = true;
  document.body.appendChild(overlay);
  const outputs = new WebAudioGainOutputs();
  const studio = createStudio(api, {
    media,
    mediaGain: outputs.attach(media),
    overlay: { media: overlay, output: outputs.attach(overlay) },
    outputs,
    clock: browserClock,
    bedVoice: (bed) => bedVoice(bed, outputs),
  });
  const dispose = studio.dispose;
  return {
    ...studio,
    dispose() {
      dispose();
      media.pause();
      overlay.pause();
      outputs.dispose();
      media.remove();
      overlay.remove();
    },
  };
}
