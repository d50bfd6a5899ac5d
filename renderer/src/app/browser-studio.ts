/**
 * The studio for a browser window: one hidden audio element for playback, its gain stage for speaker levels
 * (Web Audio when a level is raised), animation-frame clock.
 */
import type { StudioApi } from '../../../shared/api/studio-api';
import { WebAudioGainOutputs } from '../audio/gain-output';
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
 * Creates the studio and its audio element (in the DOM so tests can watch it); dispose removes the element
 * and closes the audio graph.
 */
export function createBrowserStudio(api: StudioApi): Studio {
  const media = document.createElement('audio');
  media.preload = 'auto';
  media.dataset.testid = 'audio-player';
  media.hidden = true;
  document.body.appendChild(media);
  const outputs = new WebAudioGainOutputs();
  const studio = createStudio(api, { media, mediaGain: outputs.attach(media), outputs, clock: browserClock });
  const dispose = studio.dispose;
  return {
    ...studio,
    dispose() {
      dispose();
      media.pause();
      outputs.dispose();
      media.remove();
    },
  };
}
