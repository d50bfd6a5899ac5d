/**
 * What the inspector shows of how a turn samples: the current take's seed (and whether the turn has its
 * own), the take QA note for non-speech with a Regenerate action, and the turn's own CFG scale and steps
 * where its engine takes them.
 */
import type { Segment, Speaker, Take } from '../../../../shared/model/project';
import { samplesToMs } from '../../../../shared/model/time';
import { useCatalog, useStudio } from '../../app/studio-context';
import { formatSeconds } from '../../util/format';
import { Icon } from '../common/Icon';
import { GuidanceParams } from '../speakers/GuidanceParams';

export function useTurnSampling(speaker: Speaker | undefined) {
  return useCatalog((s) => s.engines.find((e) => e.id === speaker?.voice.engine)?.sampling);
}

/** "Take QA: 4.2 s from 1.0 s sounds like music or noise, not speech." */
export function nonSpeechText(take: Take): string | null {
  if (!take.nonSpeech) return null;
  return `${formatSeconds(take.nonSpeech.durationMs)} from ${formatSeconds(take.nonSpeech.startMs)} sounds like music, a held tone or noise, not speech`;
}

export function NonSpeechNote({ segment, onRegenerate }: { segment: Segment; onRegenerate: () => void }) {
  const text = segment.take ? nonSpeechText(segment.take) : null;
  if (!text) return null;
  return (
    <div className="hint hint--warn" data-testid="take-qa-note">
      <Icon name="alert" size={13} />
      <span className="hint__text">
        Take QA: {text}. Listen, and regenerate it if it is not what you want.
      </span>
      <button
        type="button"
        className="btn btn--small hint__action"
        data-testid="take-qa-regenerate"
        disabled={segment.locked}
        onClick={onRegenerate}
      >
        Regenerate
      </button>
    </div>
  );
}

/** The seed line under the waveform, for engines that take a seed. */
export function SeedLine({ segment, speaker }: { segment: Segment; speaker: Speaker | undefined }) {
  const sampling = useTurnSampling(speaker);
  if (!sampling?.seed) return null;
  const takeSeed = segment.take?.seed;
  const own = segment.seed !== undefined;
  return (
    <div
      className="turn-editor__seed mono"
      data-testid="turn-seed"
      data-seed={takeSeed ?? ''}
      data-hash={segment.take?.hash ?? ''}
    >
      {takeSeed !== undefined ? `Seed ${takeSeed}` : 'Seed derived from the text'}
      {own ? ' · this turn’s own' : speaker?.voice.params.seed !== undefined ? ' · the speaker’s' : ''}
      {' · Regenerate draws a new one'}
    </div>
  );
}

/** The turn's own CFG scale and steps, over its speaker's, where the engine takes them. */
export function TurnGuidance({ segment, speaker }: { segment: Segment; speaker: Speaker | undefined }) {
  const studio = useStudio();
  const sampling = useTurnSampling(speaker);
  if (!sampling?.guidance || !speaker) return null;
  const { cfgScale, diffusionSteps } = speaker.voice.params;
  return (
    <div className="field">
      <span className="field__label">This turn&apos;s CFG and steps (double-click: the speaker&apos;s)</span>
      <div className="speaker__params">
        <GuidanceParams
          cfgScale={segment.cfgScale}
          diffusionSteps={segment.diffusionSteps}
          inherited={{
            cfgScale: cfgScale !== undefined ? `${cfgScale.toFixed(2)} (speaker)` : 'speaker',
            diffusionSteps: diffusionSteps !== undefined ? `${diffusionSteps} (speaker)` : 'speaker',
          }}
          onChange={(patch) => studio.commands.setTurnSampling(segment.id, patch, true)}
          testIdPrefix="turn"
        />
      </div>
    </div>
  );
}

export function takeSeedLabel(take: Take): string {
  return take.seed !== undefined ? `seed ${take.seed}` : '';
}

export function takeLengthLabel(take: Take): string {
  return formatSeconds(samplesToMs(take.durationSamples, take.sampleRate));
}
