/**
 * A speaker's reference clip on its card: label, duration, Play and Remove; or, for a voice whose engine
 * clones voices, "Voice from a clip…" (engines that cannot use a clip are never offered one).
 */
import { useEffect, useRef, useState } from 'react';
import { CLIP_CONSENT_STATEMENT, formatClipDuration } from '../../../../shared/model/reference-clip';
import type { Speaker } from '../../../../shared/model/project';
import { useCatalog, useProject, useStudio } from '../../app/studio-context';
import { pushError } from '../../state/ui-store';
import { toUserError } from '../../state/user-error';
import { Icon } from '../common/Icon';
import { ClipDialog } from './ClipDialog';

export function SpeakerClip({ speaker }: { speaker: Speaker }) {
  const studio = useStudio();
  const project = useProject();
  const engines = useCatalog((s) => s.engines);
  const [dialog, setDialog] = useState(false);
  const [playing, setPlaying] = useState(false);
  const audio = useRef<HTMLAudioElement | null>(null);
  useEffect(() => () => audio.current?.pause(), []);
  const accepts = engines.find((engine) => engine.id === speaker.voice.engine)?.acceptsReferenceClip === true;
  const sha = speaker.voice.clip;
  const clip = sha ? project?.clips?.find((entry) => entry.sha256 === sha) : undefined;
  const dir = studio.documents.getState().dir;

  const play = async () => {
    if (!sha || !dir) return;
    if (playing) {
      audio.current?.pause();
      setPlaying(false);
      return;
    }
    try {
      const { url } = await studio.api.getClipUrl({ dir, sha256: sha });
      const element = audio.current ?? new Audio();
      audio.current = element;
      element.onended = () => setPlaying(false);
      element.onpause = () => setPlaying(false);
      element.src = url;
      await element.play();
      setPlaying(true);
    } catch (error) {
      pushError(studio.ui, toUserError(error, 'Import the clip again (Voice from a clip…).'));
    }
  };

  const confirm = async () => {
    if (!sha || !dir) return;
    try {
      const confirmed = await studio.api.confirmConsentForClip({
        dir,
        sha256: sha,
        statement: CLIP_CONSENT_STATEMENT,
      });
      studio.commands.setSpeakerClip(speaker.id, confirmed, speaker.voice);
    } catch (error) {
      pushError(studio.ui, toUserError(error));
    }
  };

  const remove = () => {
    const { clip: _removed, ...voice } = speaker.voice;
    studio.commands.updateSpeaker(speaker.id, { voice });
  };

  if (!sha) {
    if (!accepts) return null;
    return (
      <>
        <button
          type="button"
          className="btn btn--small btn--ghost speaker__clip-add"
          data-testid="speaker-clip-add"
          title="Speak this speaker's turns in the voice of a recording (3 to 30 s)"
          onClick={() => setDialog(true)}
        >
          <Icon name="plus" size={13} /> Voice from a clip…
        </button>
        {dialog ? <ClipDialog speaker={speaker} onClose={() => setDialog(false)} /> : null}
      </>
    );
  }
  return (
    <div className="speaker__clip" data-testid="speaker-clip">
      <button
        type="button"
        className={`btn btn--icon btn--small ${playing ? 'btn--active' : ''}`}
        data-testid="speaker-clip-play"
        data-state={playing ? 'playing' : 'stopped'}
        aria-label={`${playing ? 'Stop' : 'Play'} the clip of ${speaker.name}`}
        title={playing ? 'Stop the clip' : 'Play the clip'}
        onClick={() => void play()}
      >
        <Icon name={playing ? 'stop' : 'play'} size={13} />
      </button>
      <span className="speaker__clip-kind">clip</span>
      <span
        className="speaker__clip-label"
        data-testid="speaker-clip-label"
        title={`${speaker.name} speaks in the voice of this clip`}
      >
        {clip?.label ?? `clip ${sha.slice(0, 12)}`}
      </span>
      <span className="speaker__clip-duration mono" data-testid="speaker-clip-duration">
        {clip ? formatClipDuration(clip.durationSamples) : ''}
      </span>
      {clip && !clip.consent ? (
        <button
          type="button"
          className="btn btn--small"
          data-testid="speaker-clip-consent"
          title={`Confirm: ${CLIP_CONSENT_STATEMENT}`}
          onClick={() => void confirm()}
        >
          Confirm consent
        </button>
      ) : null}
      {!accepts ? (
        <span
          className="speaker__clip-warn"
          title="Pick a voice of an engine that clones a voice, or remove the clip"
        >
          not used by this engine
        </span>
      ) : null}
      <button
        type="button"
        className="btn btn--icon btn--small btn--ghost"
        data-testid="speaker-clip-remove"
        aria-label={`Remove the clip from ${speaker.name}'s voice`}
        title="Remove the clip from this voice (undoable)"
        onClick={remove}
      >
        <Icon name="close" size={13} />
      </button>
    </div>
  );
}
