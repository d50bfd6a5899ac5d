/**
 * A turn's clip in numbers: the gap before it (negative: it overlaps the turn before, cross-talk), what is
 * trimmed from its take's start and end, and its fades. Each typed value is one undo step per field; the
 * timeline shows the same (drag a clip to change its gap).
 */
import type { Segment } from '../../../../shared/model/project';
import { MAX_FADE_MS, MAX_OVERLAP_MS, MAX_TRIM_MS } from '../../../../shared/model/project';
import { signedGapMs } from '../../../../shared/model/clip';
import { useStudio } from '../../app/studio-context';
import type { ClipPatch } from '../../state/clip-edits';
import { MAX_GAP_MS } from '../../state/document-edits';

interface NumberFieldProps {
  label: string;
  /** The accessible name, with the unit. */
  name: string;
  testId: string;
  value: number;
  min: number;
  max: number;
  step: number;
  title: string;
  onChange: (value: number) => void;
}

function NumberField({ label, name, testId, value, min, max, step, title, onChange }: NumberFieldProps) {
  return (
    <label className="field clip-fields__field" title={title}>
      <span className="field__label">{label}</span>
      <input
        aria-label={name}
        className="input input--num"
        type="number"
        min={min}
        max={max}
        step={step}
        data-testid={testId}
        value={value}
        onChange={(e) => {
          const next = Number(e.target.value);
          if (e.target.value !== '' && Number.isFinite(next)) onChange(next);
        }}
      />
    </label>
  );
}

/** The gap before a turn, signed (beside the speaker). */
export function GapField({ segment }: { segment: Segment }) {
  const studio = useStudio();
  const gap = signedGapMs(segment);
  return (
    <NumberField
      label={gap < 0 ? 'Overlap (ms, < 0)' : 'Gap before (ms)'}
      name={gap < 0 ? 'Overlap with the turn before (negative gap, ms)' : 'Gap before (ms)'}
      testId="turn-gap"
      value={gap}
      min={-MAX_OVERLAP_MS}
      max={MAX_GAP_MS}
      step={50}
      title="Silence before this turn; a negative value overlaps the turn before it (cross-talk)"
      onChange={(value) => studio.commands.setGap(segment.id, value)}
    />
  );
}

/** Trims and fades in one row, in ms. */
export function ClipFields({ segment }: { segment: Segment }) {
  const studio = useStudio();
  const clip = (patch: ClipPatch) => studio.commands.setClip(segment.id, patch);
  return (
    <div className="clip-fields-box">
      <div className="clip-fields" data-testid="clip-fields" role="group" aria-label="Trims and fades (ms)">
        <NumberField
          label="Trim in"
          name="Trim start (ms)"
          testId="turn-trim-start"
          value={segment.trimStartMs ?? 0}
          min={0}
          max={MAX_TRIM_MS}
          step={10}
          title="Cut this much from the start of the take (ms)"
          onChange={(value) => clip({ trimStartMs: value })}
        />
        <NumberField
          label="Trim out"
          name="Trim end (ms)"
          testId="turn-trim-end"
          value={segment.trimEndMs ?? 0}
          min={0}
          max={MAX_TRIM_MS}
          step={10}
          title="Cut this much from the end of the take (ms)"
          onChange={(value) => clip({ trimEndMs: value })}
        />
        <NumberField
          label="Fade in"
          name="Fade in (ms)"
          testId="turn-fade-in"
          value={segment.fadeInMs ?? 0}
          min={0}
          max={MAX_FADE_MS}
          step={10}
          title="Fade the turn in over this long (ms)"
          onChange={(value) => clip({ fadeInMs: value })}
        />
        <NumberField
          label="Fade out"
          name="Fade out (ms)"
          testId="turn-fade-out"
          value={segment.fadeOutMs ?? 0}
          min={0}
          max={MAX_FADE_MS}
          step={10}
          title="Fade the turn out over this long (ms)"
          onChange={(value) => clip({ fadeOutMs: value })}
        />
      </div>
    </div>
  );
}
