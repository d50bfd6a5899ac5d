/**
 * CFG scale and diffusion steps (engines that take them: a speech server in audio.cpp's dialect), for a
 * speaker or, as an override, for one turn. Unset, the engine's value applies (engines.json, else the
 * server's own: VibeVoice's 1.3 and 10); double-click a slider to go back to it.
 */
import {
  CFG_SCALE_STEP,
  MAX_CFG_SCALE,
  MAX_DIFFUSION_STEPS,
  MIN_CFG_SCALE,
} from '../../../../shared/model/voice';

/** VibeVoice's defaults as audio.cpp documents them: where a slider rests while nothing is set. */
const RESTING_CFG_SCALE = 1.3;
const RESTING_STEPS = 10;

export interface GuidancePatch {
  cfgScale?: number | null;
  diffusionSteps?: number | null;
}

export function GuidanceParams({
  cfgScale,
  diffusionSteps,
  inherited,
  onChange,
  testIdPrefix,
}: {
  cfgScale: number | undefined;
  diffusionSteps: number | undefined;
  /** What applies while unset, in words ("server default", "speaker's"). */
  inherited: { cfgScale: string; diffusionSteps: string };
  onChange: (patch: GuidancePatch) => void;
  testIdPrefix: string;
}) {
  return (
    <>
      <label
        className="param"
        title="Classifier-free guidance: higher follows the voice and text more strictly. Double-click to unset."
      >
        <span className="param__label">CFG</span>
        <input
          type="range"
          min={MIN_CFG_SCALE}
          max={MAX_CFG_SCALE}
          step={CFG_SCALE_STEP}
          value={cfgScale ?? RESTING_CFG_SCALE}
          data-testid={`${testIdPrefix}-cfg`}
          onChange={(e) => onChange({ cfgScale: Math.round(Number(e.target.value) * 20) / 20 })}
          onDoubleClick={() => onChange({ cfgScale: null })}
        />
        <span className="param__value mono" data-testid={`${testIdPrefix}-cfg-value`}>
          {cfgScale !== undefined ? cfgScale.toFixed(2) : inherited.cfgScale}
        </span>
      </label>
      <label
        className="param"
        title="Diffusion steps: more is slower and may be cleaner. Double-click to unset."
      >
        <span className="param__label">Steps</span>
        <input
          type="range"
          min={1}
          max={MAX_DIFFUSION_STEPS}
          step={1}
          value={diffusionSteps ?? RESTING_STEPS}
          data-testid={`${testIdPrefix}-steps`}
          onChange={(e) => onChange({ diffusionSteps: Number(e.target.value) })}
          onDoubleClick={() => onChange({ diffusionSteps: null })}
        />
        <span className="param__value mono" data-testid={`${testIdPrefix}-steps-value`}>
          {diffusionSteps !== undefined ? diffusionSteps : inherited.diffusionSteps}
        </span>
      </label>
    </>
  );
}
