/** One voice in the picker: Play, name and character, language, gender, engine, speed, favourite, Use. */
import type { VoiceInfo } from '../../../../shared/model/voice';
import { VOICE_SPEED_LABELS } from '../../../../shared/model/voice-speed';
import type { EngineInfo } from '../../state/catalog-store';
import { Icon } from '../common/Icon';
import { languageName, primaryLanguage, voiceName } from './voice-filter';

interface Props {
  voice: VoiceInfo;
  engines: EngineInfo[];
  inUse: boolean;
  favourite: boolean;
  sample: 'idle' | 'rendering' | 'playing' | 'played';
  /** Times its sample was played in this picker. */
  plays: number;
  onPlay(): void;
  onFavourite(): void;
  onUse(): void;
}

export function VoiceRow(props: Props) {
  const { voice, engines, inUse, favourite, sample, plays, onPlay, onFavourite, onUse } = props;
  const { name, character } = voiceName(voice);
  const engine = engines.find((e) => e.id === voice.engine);
  const speed = voice.speed ? VOICE_SPEED_LABELS[voice.speed] : undefined;
  const where = voice.model ? `${voice.engine}:${voice.model}/${voice.id}` : `${voice.engine}:${voice.id}`;
  return (
    <li
      className={`voice-row ${inUse ? 'voice-row--in-use' : ''}`}
      data-testid="voice-row"
      data-voice={where}
      data-sample={sample}
      data-plays={plays}
      title={voice.unsupported ?? where}
    >
      <button
        type="button"
        className={`btn btn--icon voice-row__play ${sample === 'rendering' || sample === 'playing' ? 'btn--active' : ''}`}
        data-testid="voice-play"
        aria-label={`Play a sample of ${name}`}
        title={sample === 'playing' ? 'Stop' : 'Play a sample (not assigned)'}
        disabled={Boolean(voice.unsupported)}
        onClick={onPlay}
      >
        {sample === 'rendering' ? (
          <span className="spinner" />
        ) : (
          <Icon name={sample === 'playing' ? 'stop' : 'play'} />
        )}
      </button>
      <span className="voice-row__name">
        <span className="voice-row__label">{name}</span>
        <span className="voice-row__character">
          {character || voice.id}
          {voice.unsupported ? ` · cannot render: ${voice.unsupported}` : ''}
        </span>
        {/* Narrow windows show gender and speed here instead of in their own columns. */}
        <span className="voice-row__narrow-meta">
          {[voice.gender, speed?.label.toLowerCase()].filter(Boolean).join(' · ')}
        </span>
      </span>
      <span className="voice-row__language" title={voice.language}>
        {languageName(primaryLanguage(voice.language))}
        <span className="voice-row__tag mono">{voice.language}</span>
      </span>
      <span className="voice-row__gender">{voice.gender ?? '—'}</span>
      <span className="voice-row__engine" title={engine?.label ?? voice.engine}>
        {voice.engine}
        {voice.remote ? ' ↗' : ''}
      </span>
      <span className="voice-row__speed" title={speed?.detail}>
        {speed?.label ?? '—'}
      </span>
      <button
        type="button"
        className={`btn btn--ghost btn--icon voice-row__star ${favourite ? 'voice-row__star--on' : ''}`}
        data-testid="voice-favourite"
        aria-label={favourite ? `Remove ${name} from favourites` : `Add ${name} to favourites`}
        aria-pressed={favourite}
        onClick={onFavourite}
      >
        <Icon name="star" />
      </button>
      {inUse ? (
        <span className="voice-row__in-use" data-testid="voice-in-use">
          In use
        </span>
      ) : (
        <button
          type="button"
          className="btn btn--small voice-row__use"
          data-testid="voice-use"
          aria-label={`Use ${name}`}
          disabled={Boolean(voice.unsupported)}
          onClick={onUse}
        >
          Use
        </button>
      )}
    </li>
  );
}
