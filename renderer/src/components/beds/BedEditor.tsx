/** The selected bed's settings: where it starts, length and loop, fades, level, ducking and licence. */
import type { Bed } from '../../../../shared/model/beds';
import { DEFAULT_DUCK, MAX_BED_GAIN_DB, MIN_BED_GAIN_DB } from '../../../../shared/model/beds';
import type { Project } from '../../../../shared/model/project';
import { useStudio } from '../../app/studio-context';

interface NumberFieldProps {
  label: string;
  testId: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  /** Whole numbers only (milliseconds): a typed fraction is rounded, as the project file requires. */
  whole?: boolean;
  onChange: (value: number) => void;
}

function NumberField({
  label,
  testId,
  value,
  min,
  max,
  step = 1,
  whole = false,
  onChange,
}: NumberFieldProps) {
  return (
    <label className="field bed-field">
      <span className="field__label">{label}</span>
      <input
        type="number"
        className="input mono"
        data-testid={testId}
        value={value}
        min={min}
        max={max}
        step={step}
        onChange={(event) => {
          const typed = Number(event.target.value);
          if (event.target.value === '' || !Number.isFinite(typed)) return;
          const next = whole ? Math.round(typed) : typed;
          onChange(Math.min(max, Math.max(min, next)));
        }}
      />
    </label>
  );
}

export function BedEditor({ bed, project }: { bed: Bed; project: Project }) {
  const studio = useStudio();
  const update = (patch: Partial<Bed>, field: string) => studio.commands.updateBed(bed.id, patch, field);
  const anchorValue = bed.anchor.kind === 'turn' ? `turn:${bed.anchor.segmentId}` : bed.anchor.kind;
  const duck = bed.duck;
  return (
    <div className="bed-editor" data-testid="bed-editor">
      <div className="bed-editor__title">
        <strong>{bed.audio.fileName}</strong>
        <span className="mono">
          {(bed.audio.durationSamples / bed.audio.sampleRate).toFixed(1)} s ·{' '}
          {bed.audio.channels === 2 ? 'stereo' : 'mono'}
        </span>
      </div>
      <div className="bed-editor__grid">
        <label className="field bed-field">
          <span className="field__label">Starts at</span>
          <select
            className="input"
            data-testid="bed-anchor"
            value={anchorValue}
            onChange={(event) => {
              const value = event.target.value;
              const anchor: Bed['anchor'] = value.startsWith('turn:')
                ? { kind: 'turn', segmentId: value.slice(5) }
                : value === 'end'
                  ? { kind: 'end' }
                  : { kind: 'start' };
              update({ anchor }, 'anchor');
            }}
          >
            <option value="start">Episode start</option>
            <option value="end">Speech end (outro)</option>
            {project.segments.map((segment, index) => (
              <option key={segment.id} value={`turn:${segment.id}`}>
                Turn {index + 1}: {segment.text.slice(0, 30)}
              </option>
            ))}
          </select>
        </label>
        <NumberField
          label="Offset (ms)"
          testId="bed-offset"
          whole
          value={bed.offsetMs}
          min={-3_600_000}
          max={36_000_000}
          step={100}
          onChange={(offsetMs) => update({ offsetMs }, 'offset')}
        />
        <label className="field bed-field bed-field--check">
          <input
            type="checkbox"
            data-testid="bed-loop"
            checked={bed.loop}
            onChange={(event) => update({ loop: event.target.checked }, 'loop')}
          />
          <span>Loop{bed.loop && bed.durationMs === undefined ? ' to the end of the speech' : ''}</span>
        </label>
        <NumberField
          label="Length (ms, 0 = whole)"
          testId="bed-length"
          whole
          value={bed.durationMs ?? 0}
          min={0}
          max={36_000_000}
          step={1000}
          onChange={(ms) => update({ durationMs: ms > 0 ? ms : undefined }, 'length')}
        />
        <NumberField
          label="Fade in (ms)"
          testId="bed-fade-in"
          whole
          value={bed.fadeInMs}
          min={0}
          max={60_000}
          step={100}
          onChange={(fadeInMs) => update({ fadeInMs }, 'fade-in')}
        />
        <NumberField
          label="Fade out (ms)"
          testId="bed-fade-out"
          whole
          value={bed.fadeOutMs}
          min={0}
          max={60_000}
          step={100}
          onChange={(fadeOutMs) => update({ fadeOutMs }, 'fade-out')}
        />
        <NumberField
          label="Level (dB)"
          testId="bed-gain"
          value={bed.gainDb}
          min={MIN_BED_GAIN_DB}
          max={MAX_BED_GAIN_DB}
          step={0.5}
          onChange={(gainDb) => update({ gainDb }, 'gain')}
        />
        <label className="field bed-field bed-field--check">
          <input
            type="checkbox"
            data-testid="bed-duck"
            checked={duck !== undefined}
            onChange={(event) =>
              update({ duck: event.target.checked ? { ...DEFAULT_DUCK } : undefined }, 'duck')
            }
          />
          <span>Duck under speech</span>
        </label>
        {duck ? (
          <>
            <NumberField
              label="Duck depth (dB)"
              testId="bed-duck-depth"
              value={duck.depthDb}
              min={-60}
              max={0}
              step={1}
              onChange={(depthDb) => update({ duck: { ...duck, depthDb } }, 'duck-depth')}
            />
            <NumberField
              label="Attack (ms)"
              testId="bed-duck-attack"
              whole
              value={duck.attackMs}
              min={0}
              max={10_000}
              step={50}
              onChange={(attackMs) => update({ duck: { ...duck, attackMs } }, 'duck-attack')}
            />
            <NumberField
              label="Release (ms)"
              testId="bed-duck-release"
              whole
              value={duck.releaseMs}
              min={0}
              max={10_000}
              step={50}
              onChange={(releaseMs) => update({ duck: { ...duck, releaseMs } }, 'duck-release')}
            />
          </>
        ) : null}
        <label className="field bed-field bed-field--wide">
          <span className="field__label">Licence (listed in the export report)</span>
          <input
            className="input"
            data-testid="bed-license"
            value={bed.license ?? ''}
            maxLength={500}
            placeholder="e.g. CC BY 4.0, Artist – Title"
            onChange={(event) =>
              update({ license: event.target.value === '' ? undefined : event.target.value }, 'license')
            }
          />
        </label>
      </div>
      <button
        type="button"
        className="btn btn--ghost btn--danger btn--small"
        data-testid="bed-remove"
        onClick={() => studio.commands.removeBed(bed.id)}
      >
        Remove bed
      </button>
    </div>
  );
}
