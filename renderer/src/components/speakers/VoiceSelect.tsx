/**
 * Voice picker across every engine, grouped by engine (speech servers too, those off this machine marked
 * remote), with the current voice kept even when unavailable. Closed, it shows the voice's name on one line
 * and what it is on the next (a native select would cut "Beatrice — British RP, female" in a narrow column);
 * the transparent select on top opens the list.
 */
import type { VoiceInfo, VoiceRef } from '../../../../shared/model/voice';
import type { EngineInfo } from '../../state/catalog-store';
import { voiceInfoKey, voiceKey, voiceRefOf } from '../../../../shared/model/speaker-defaults';
import { clipVoiceName, engineGroupLabel, voiceOptionTitle } from './voice-groups';

interface Props {
  value: VoiceRef;
  voices: VoiceInfo[];
  engines: EngineInfo[];
  onChange(voice: VoiceRef): void;
  id?: string;
  /** The label of the speaker's reference clip when it speaks in one (the clip replaces the voice). */
  clipLabel?: string;
}

/** The label, with the language added when the label does not already say it. */
function optionLabel(v: VoiceInfo): string {
  return v.label.includes('—') || v.label.toLowerCase().includes(v.language.toLowerCase())
    ? v.label
    : `${v.label} (${v.language})`;
}

export function VoiceSelect({ value, voices, engines, onChange, id, clipLabel }: Props) {
  const current = voiceKey(value);
  const groups = new Map<string, VoiceInfo[]>();
  for (const v of voices) {
    const list = groups.get(v.engine) ?? [];
    list.push(v);
    groups.set(v.engine, list);
  }
  const known = voices.some((v) => voiceInfoKey(v) === current);
  const selected = voices.find((v) => voiceInfoKey(v) === current);
  const label =
    value.clip !== undefined
      ? clipVoiceName(clipLabel, value.engine, engines)
      : selected
        ? optionLabel(selected)
        : `${value.voice} (${value.engine}) — not available`;
  const [name = label, ...details] = label.split(' — ');
  return (
    <div className="voice-select">
      <div className="voice-select__face" aria-hidden="true" data-testid="voice-select-face">
        <span className="voice-select__name">{name}</span>
        {details.length > 0 ? <span className="voice-select__detail">{details.join(' — ')}</span> : null}
      </div>
      <select
        id={id}
        className="voice-select__control"
        data-testid="voice-select"
        value={current}
        onChange={(e) => {
          const info = voices.find((v) => voiceInfoKey(v) === e.target.value);
          // A reference clip stays with a voice of an engine that can use it.
          const keepsClip =
            value.clip !== undefined &&
            engines.find((engine) => engine.id === info?.engine)?.acceptsReferenceClip === true;
          if (info)
            onChange({
              ...voiceRefOf(info),
              params: value.params,
              ...(keepsClip ? { clip: value.clip } : {}),
            });
        }}
      >
        {!known ? (
          <option value={current}>
            {value.voice} ({value.engine}) — not available
          </option>
        ) : null}
        {[...groups].map(([engine, list]) => (
          <optgroup key={engine} label={engineGroupLabel(engine, engines)}>
            {list.map((v) => (
              <option key={voiceInfoKey(v)} value={voiceInfoKey(v)} title={voiceOptionTitle(v)}>
                {optionLabel(v)}
                {v.remote ? ' ↗' : ''}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
