/**
 * Speakers: name, colour, voice (across engines) with an audition, rate, pitch and level; "Match levels"
 * evens out the levels.
 */
import { memo, useEffect, useRef, useState } from 'react';
import {
  MAX_SPEAKER_GAIN_DB,
  MIN_SPEAKER_GAIN_DB,
  SPEAKER_GAIN_STEP_DB,
  type Speaker,
} from '../../../../shared/model/project';
import { findSpeakerTypos } from '../../../../shared/script/speaker-typos';
import { dbToFactor, formatGainDb } from '../../../../shared/model/speaker-levels';
import { counted } from '../../../../shared/text/plural';
import { useCatalog, useProject, useStudio } from '../../app/studio-context';
import type { GainOutput } from '../../audio/gain-output';
import { selectProject } from '../../state/document-store';
import { pushError } from '../../state/ui-store';
import { toUserError } from '../../state/user-error';
import { EmptyState } from '../common/EmptyState';
import { Icon } from '../common/Icon';
import { auditionSentence } from './audition-sentence';
import { MatchLevelsButton } from './MatchLevelsButton';
import { SpeakerClip } from './SpeakerClip';
import { VoiceSelect } from './VoiceSelect';
import { GuidanceParams, type GuidancePatch } from './GuidanceParams';
import './speakers.css';

type AuditionState = 'idle' | 'rendering' | 'playing';

function useAudition(speaker: Speaker) {
  const studio = useStudio();
  const [state, setState] = useState<AuditionState>('idle');
  const audio = useRef<{ element: HTMLAudioElement; output: GainOutput } | null>(null);
  useEffect(
    () => () => {
      if (!audio.current) return;
      audio.current.element.pause();
      audio.current.element.onended = null;
      audio.current.output.dispose();
      audio.current = null;
    },
    [],
  );
  // The audition plays at the speaker's level, also when it changes while it plays.
  const gain = dbToFactor(speaker.gainDb);
  useEffect(() => audio.current?.output.setGain(gain), [gain]);
  const stop = () => {
    audio.current?.element.pause();
    setState('idle');
  };
  const play = async () => {
    if (state !== 'idle') return stop();
    const dir = studio.documents.getState().dir;
    if (!dir) return;
    setState('rendering');
    studio.playback.stop();
    try {
      const pronunciations = selectProject(studio.documents.getState())?.settings.pronunciations ?? [];
      const sentence = auditionSentence(speaker.name, pronunciations);
      const take = await studio.renderer.renderOnce(`audition-${speaker.id}`, sentence, speaker.voice);
      const url = await studio.urls.get(dir, take.hash);
      if (!audio.current) {
        const element = new Audio();
        audio.current = { element, output: studio.outputs.attach(element) };
      }
      const { element, output } = audio.current;
      element.onended = () => setState('idle');
      output.setGain(gain);
      element.src = url;
      await element.play();
      setState('playing');
    } catch (error) {
      setState('idle');
      pushError(studio.ui, toUserError(error, 'Pick another voice, or check that its engine is available.'));
    }
  };
  return { state, play };
}

const SpeakerRow = memo(function SpeakerRow({
  speaker,
  turnCount,
  meant,
}: {
  speaker: Speaker;
  turnCount: number;
  /** The speaker this one's name looks like a typo of, if any. */
  meant: Speaker | undefined;
}) {
  const studio = useStudio();
  const voices = useCatalog((s) => s.voices);
  const engines = useCatalog((s) => s.engines);
  const [name, setName] = useState(speaker.name);
  useEffect(() => setName(speaker.name), [speaker.name]);
  const audition = useAudition(speaker);
  const clipLabel = useProject()?.clips?.find((clip) => clip.sha256 === speaker.voice.clip)?.label;
  const params = speaker.voice.params ?? { ratePercent: 100, pitchSemitones: 0 };
  const setParams = (patch: Partial<typeof params>) =>
    studio.commands.updateSpeaker(speaker.id, {
      voice: { ...speaker.voice, params: { ...params, ...patch } },
    });
  const setGain = (gainDb: number) => studio.commands.updateSpeaker(speaker.id, { gainDb });
  const takesGuidance = engines.find((e) => e.id === speaker.voice.engine)?.sampling?.guidance === true;
  const setGuidance = (patch: GuidancePatch) => {
    const next = { ...params };
    if (patch.cfgScale === null) delete next.cfgScale;
    else if (patch.cfgScale !== undefined) next.cfgScale = patch.cfgScale;
    if (patch.diffusionSteps === null) delete next.diffusionSteps;
    else if (patch.diffusionSteps !== undefined) next.diffusionSteps = patch.diffusionSteps;
    studio.commands.updateSpeaker(speaker.id, { voice: { ...speaker.voice, params: next } });
  };

  return (
    <div
      className="speaker"
      data-testid="speaker-row"
      data-speaker-id={speaker.id}
      style={{ '--speaker': speaker.color } as React.CSSProperties}
    >
      <div className="speaker__head">
        <label className="speaker__swatch" title="Change colour">
          <input
            type="color"
            className="visually-hidden"
            aria-label={`Colour of ${speaker.name}`}
            value={speaker.color}
            onChange={(e) => studio.commands.updateSpeaker(speaker.id, { color: e.target.value })}
          />
        </label>
        <input
          className="speaker__name"
          aria-label="Speaker name"
          data-testid="speaker-name"
          value={name}
          maxLength={80}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => {
            if (!studio.commands.updateSpeaker(speaker.id, { name })) setName(speaker.name);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.currentTarget.blur();
          }}
        />
        <span className="speaker__count">{counted(turnCount, 'turn')}</span>
      </div>
      {meant ? (
        <div className="hint hint--warn speaker__typo" data-testid="speaker-typo">
          <Icon name="alert" size={13} />
          <span className="hint__text">
            {turnCount === 1 ? 'Only one turn' : `Only ${turnCount} turns`}: did you mean {meant.name}?
          </span>
          <button
            type="button"
            className="btn btn--small hint__action"
            data-testid="speaker-typo-fix"
            title={`Give ${turnCount === 1 ? 'its turn' : 'its turns'} to ${meant.name} and remove ${speaker.name} (undoable)`}
            onClick={() => studio.commands.mergeSpeaker(speaker.id, meant.id)}
          >
            Move to {meant.name}
          </button>
        </div>
      ) : null}
      <div className="speaker__voice">
        <VoiceSelect
          value={speaker.voice}
          voices={voices}
          engines={engines}
          clipLabel={clipLabel}
          onChange={(voice) => studio.commands.updateSpeaker(speaker.id, { voice })}
        />
        <button
          type="button"
          className={`btn btn--icon ${audition.state !== 'idle' ? 'btn--active' : ''}`}
          data-testid="speaker-audition"
          data-state={audition.state}
          title="Audition this voice"
          aria-label={`Audition the voice of ${speaker.name}`}
          onClick={() => void audition.play()}
        >
          {audition.state === 'rendering' ? (
            <span className="spinner" />
          ) : (
            <Icon name={audition.state === 'playing' ? 'stop' : 'speaker'} />
          )}
        </button>
        <button
          type="button"
          className="btn btn--icon"
          data-testid="speaker-voice-picker"
          title="Choose a voice by ear: every voice, with filters, samples and favourites"
          aria-label={`Choose a voice for ${speaker.name}`}
          onClick={() => studio.ui.setState({ dialog: 'voices', voicePickerSpeakerId: speaker.id })}
        >
          <Icon name="search" />
        </button>
      </div>
      <SpeakerClip speaker={speaker} />
      <div className="speaker__params">
        <label className="param">
          <span className="param__label">Rate</span>
          <input
            type="range"
            min={50}
            max={200}
            step={5}
            value={params.ratePercent}
            data-testid="speaker-rate"
            onChange={(e) => setParams({ ratePercent: Number(e.target.value) })}
            onDoubleClick={() => setParams({ ratePercent: 100 })}
          />
          <span className="param__value mono">{params.ratePercent}%</span>
        </label>
        <label className="param">
          <span className="param__label">Pitch</span>
          <input
            type="range"
            min={-12}
            max={12}
            step={1}
            value={params.pitchSemitones}
            data-testid="speaker-pitch"
            onChange={(e) => setParams({ pitchSemitones: Number(e.target.value) })}
            onDoubleClick={() => setParams({ pitchSemitones: 0 })}
          />
          <span className="param__value mono">
            {params.pitchSemitones > 0 ? '+' : ''}
            {params.pitchSemitones} st
          </span>
        </label>
        <label
          className="param"
          title="How loud this speaker's turns play and export. Double-click for 0 dB. Nothing is rendered again."
        >
          <span className="param__label">Level</span>
          <input
            type="range"
            min={MIN_SPEAKER_GAIN_DB}
            max={MAX_SPEAKER_GAIN_DB}
            step={SPEAKER_GAIN_STEP_DB}
            value={speaker.gainDb}
            data-testid="speaker-level"
            onChange={(e) => setGain(Number(e.target.value))}
            onDoubleClick={() => setGain(0)}
          />
          <span className="param__value mono" data-testid="speaker-level-value">
            {formatGainDb(speaker.gainDb)}
          </span>
        </label>
        {takesGuidance ? (
          <GuidanceParams
            cfgScale={params.cfgScale}
            diffusionSteps={params.diffusionSteps}
            inherited={{ cfgScale: 'default', diffusionSteps: 'default' }}
            onChange={setGuidance}
            testIdPrefix="speaker"
          />
        ) : null}
      </div>
    </div>
  );
});

export function SpeakersPanel() {
  const project = useProject();
  const studio = useStudio();
  const speakers = project?.speakers ?? [];
  const counts = new Map<string, number>();
  for (const s of project?.segments ?? []) counts.set(s.speakerId, (counts.get(s.speakerId) ?? 0) + 1);
  // A rare name a small edit from another ("Hots" beside Host) gets a one-click fix.
  const meantBy = new Map<string, Speaker>();
  const byName = new Map(speakers.map((s) => [s.name, s]));
  const typos = findSpeakerTypos(
    speakers.map((s) => ({
      name: s.name,
      lines: Array.from({ length: counts.get(s.id) ?? 0 }, (_, i) => i + 1),
    })),
  );
  for (const typo of typos) {
    const from = byName.get(typo.name);
    const into = byName.get(typo.suggestion);
    if (from && into) meantBy.set(from.id, into);
  }
  return (
    <section className="panel speakers" data-testid="speakers-panel">
      <div className="panel__head">
        <span className="panel__title">Speakers</span>
        <span className="panel__count">{speakers.length || ''}</span>
        <span className="panel__spacer" />
        {speakers.length > 0 ? <MatchLevelsButton speakerCount={speakers.length} /> : null}
      </div>
      <div className="panel__body">
        {speakers.length === 0 ? (
          <EmptyState
            icon="speaker"
            title="No speakers yet"
            action={
              <button
                type="button"
                className="btn btn--small"
                onClick={() => studio.ui.setState({ dialog: 'script' })}
              >
                Add a script
              </button>
            }
          >
            Speakers appear when you add a script with lines like “Host: Hello”.
          </EmptyState>
        ) : (
          speakers.map((speaker) => (
            <SpeakerRow
              key={speaker.id}
              speaker={speaker}
              turnCount={counts.get(speaker.id) ?? 0}
              meant={meantBy.get(speaker.id)}
            />
          ))
        )}
      </div>
    </section>
  );
}
