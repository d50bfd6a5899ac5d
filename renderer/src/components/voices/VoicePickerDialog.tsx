/**
 * Choosing a voice by ear, per speaker: every voice of every engine the catalog lists (espeak, model packs,
 * speech servers; new engines appear through it), with language, character, engine and speed class;
 * filters, search and favourites (per user, in the data folder). Play renders a short sample in that voice
 * without assigning it; Use assigns it. The footer offers other sources of voices.
 */
import { useEffect, useMemo, useState } from 'react';
import type { FavouriteVoice } from '../../../../shared/api/models-api';
import type { Speaker } from '../../../../shared/model/project';
import { voiceInfoKey, voiceKey, voiceRefOf } from '../../../../shared/model/speaker-defaults';
import { speakerLanguage } from '../../../../shared/model/voice-languages';
import type { VoiceInfo } from '../../../../shared/model/voice';
import { useCatalog, useProject, useStudio, useUi } from '../../app/studio-context';
import { pushError } from '../../state/ui-store';
import { toUserError } from '../../state/user-error';
import { Modal } from '../common/Modal';
import { engineGroupLabel } from '../speakers/voice-groups';
import { useVoiceSample } from './use-voice-sample';
import {
  favouriteKeys,
  filterVoices,
  languageChoices,
  NO_FILTER,
  primaryLanguage,
  type VoiceFilter,
} from './voice-filter';
import { VoiceRow } from './VoiceRow';
import { VoiceSources } from './VoiceSources';
import './voices.css';

export function VoicePickerDialog() {
  const speakerId = useUi((s) => s.voicePickerSpeakerId);
  const speaker = useProject()?.speakers.find((s) => s.id === speakerId);
  const studio = useStudio();
  const close = () => studio.ui.setState({ dialog: null, voicePickerSpeakerId: null });
  if (!speaker) return null;
  return <VoicePicker speaker={speaker} onClose={close} />;
}

function VoicePicker({ speaker, onClose }: { speaker: Speaker; onClose(): void }) {
  const studio = useStudio();
  const voices = useCatalog((s) => s.voices);
  const engines = useCatalog((s) => s.engines);
  const [favourites, setFavourites] = useState<FavouriteVoice[]>([]);
  const sample = useVoiceSample(speaker);
  const [filter, setFilter] = useState<VoiceFilter>(() => {
    // Opens on the speaker's language, when some voice speaks it.
    const language = speakerLanguage(speaker, voices);
    const primary = language ? primaryLanguage(language) : '';
    return {
      ...NO_FILTER,
      language: voices.some((v) => primaryLanguage(v.language) === primary) ? primary : '',
    };
  });
  useEffect(() => {
    studio.api
      .listFavouriteVoices({})
      .then(setFavourites)
      .catch(() => undefined);
  }, [studio.api]);

  const stars = useMemo(() => favouriteKeys(favourites), [favourites]);
  const shown = useMemo(() => filterVoices(voices, filter, stars), [voices, filter, stars]);
  const languages = useMemo(() => languageChoices(voices), [voices]);
  const engineIds = [...new Set(voices.map((v) => v.engine))];
  const current = voiceKey(speaker.voice);
  const set = (patch: Partial<VoiceFilter>) => setFilter((before) => ({ ...before, ...patch }));

  const toggleFavourite = async (voice: VoiceInfo) => {
    const entry = { engine: voice.engine, ...(voice.model ? { model: voice.model } : {}), voice: voice.id };
    try {
      setFavourites(
        await studio.api.setFavouriteVoice({ voice: entry, favourite: !stars.has(voiceKey(entry)) }),
      );
    } catch (error) {
      pushError(studio.ui, toUserError(error));
    }
  };
  const assign = (voice: VoiceInfo) =>
    studio.commands.updateSpeaker(speaker.id, {
      voice: { ...voiceRefOf(voice), params: speaker.voice.params },
    });

  return (
    <Modal
      title={`Voice for ${speaker.name}`}
      onClose={onClose}
      testId="voice-picker"
      width={940}
      footer={
        <>
          <VoiceSources />
          <button
            type="button"
            className="btn btn--primary"
            data-testid="voice-picker-done"
            onClick={onClose}
          >
            Done
          </button>
        </>
      }
    >
      <div className="voice-filters" role="search">
        <input
          className="input voice-filters__search"
          type="search"
          data-autofocus
          data-testid="voice-search"
          aria-label="Search voices"
          placeholder="Search name, language, engine…"
          value={filter.search}
          onChange={(e) => set({ search: e.target.value })}
        />
        <select
          className="input"
          aria-label="Language"
          data-testid="voice-filter-language"
          value={filter.language}
          onChange={(e) => set({ language: e.target.value })}
        >
          <option value="">All languages</option>
          {languages.map((choice) => (
            <option key={choice.tag} value={choice.tag}>
              {choice.name} ({choice.count})
            </option>
          ))}
        </select>
        <select
          className="input"
          aria-label="Engine"
          data-testid="voice-filter-engine"
          value={filter.engine}
          onChange={(e) => set({ engine: e.target.value })}
        >
          <option value="">All engines</option>
          {engineIds.map((id) => (
            <option key={id} value={id}>
              {engineGroupLabel(id, engines)}
            </option>
          ))}
        </select>
        <select
          className="input"
          aria-label="Gender"
          data-testid="voice-filter-gender"
          value={filter.gender}
          onChange={(e) => set({ gender: e.target.value as VoiceFilter['gender'] })}
        >
          <option value="">Any gender</option>
          <option value="female">Female</option>
          <option value="male">Male</option>
          <option value="neutral">Neutral</option>
        </select>
        <label className="voice-filters__check">
          <input
            type="checkbox"
            data-testid="voice-filter-favourites"
            checked={filter.favouritesOnly}
            onChange={(e) => set({ favouritesOnly: e.target.checked })}
          />
          Favourites
        </label>
      </div>
      <p className="voice-picker__count" data-testid="voice-count">
        {shown.length} of {voices.length} voices · Play renders “{speaker.name}”’s introduction in that voice
        without assigning it
      </p>
      {shown.length === 0 ? (
        <p className="voice-picker__empty" data-testid="voice-none">
          No voice matches.{' '}
          <button type="button" className="btn btn--small" onClick={() => setFilter(NO_FILTER)}>
            Show all voices
          </button>
        </p>
      ) : (
        <ul className="voice-list" data-testid="voice-list" aria-label="Voices">
          <li className="voice-row voice-row--head" aria-hidden="true">
            <span />
            <span>Voice</span>
            <span>Language</span>
            <span className="voice-row__gender">Gender</span>
            <span>Engine</span>
            <span className="voice-row__speed">Speed</span>
            <span />
            <span />
          </li>
          {shown.map((voice) => {
            const key = voiceInfoKey(voice);
            return (
              <VoiceRow
                key={key}
                voice={voice}
                engines={engines}
                inUse={key === current}
                favourite={stars.has(key)}
                sample={
                  sample.state?.key === key ? sample.state.phase : sample.played.has(key) ? 'played' : 'idle'
                }
                plays={sample.played.get(key) ?? 0}
                onPlay={() => void sample.play(voice)}
                onFavourite={() => void toggleFavourite(voice)}
                onUse={() => assign(voice)}
              />
            );
          })}
        </ul>
      )}
    </Modal>
  );
}
