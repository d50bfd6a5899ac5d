/**
 * The timeline's lane headers: one per speaker, with the voice's name as the speakers panel shows it, and
 * one per bed row under them.
 */
import type { Speaker } from '../../../../shared/model/project';
import { voiceInfoKey, voiceKey } from '../../../../shared/model/speaker-defaults';
import { useCatalog, useProject } from '../../app/studio-context';
import { BED_ROW_PX } from '../../timeline/draw-beds';
import { LANE_HEIGHT_PX, RULER_HEIGHT_PX } from '../../timeline/timeline-geometry';

interface Props {
  speakers: readonly Speaker[];
  /** The file names of the beds drawn under the lanes, in order. */
  beds: readonly string[];
  widthPx: number;
  heightPx: number;
}

export function LaneHeads({ speakers, beds, widthPx, heightPx }: Props) {
  const voices = useCatalog((s) => s.voices);
  const labels = new Map(voices.map((voice) => [voiceInfoKey(voice), voice.label]));
  const clips = useProject()?.clips ?? [];
  return (
    <div className="timeline__lanes" style={{ width: widthPx, height: heightPx }}>
      <div className="timeline__corner" style={{ height: RULER_HEIGHT_PX }}>
        {speakers.length === 1 ? '1 lane' : `${speakers.length} lanes`}
      </div>
      {speakers.map((speaker) => {
        const id = `${speaker.voice.engine}:${speaker.voice.model ? `${speaker.voice.model}/` : ''}${speaker.voice.voice}`;
        const clip = speaker.voice.clip;
        // A reference clip replaces the engine's own voice: name the clip.
        const label = clip
          ? `clip “${clips.find((entry) => entry.sha256 === clip)?.label ?? 'missing'}”`
          : labels.get(voiceKey(speaker.voice));
        return (
          <div
            key={speaker.id}
            className="lane-head"
            style={{ height: LANE_HEIGHT_PX, '--speaker': speaker.color } as React.CSSProperties}
          >
            <span className="lane-head__bar" />
            <span className="lane-head__name">{speaker.name}</span>
            <span className="lane-head__voice" title={label ? `${label} (${id})` : id}>
              {label ?? speaker.voice.voice}
            </span>
          </div>
        );
      })}
      {beds.map((fileName, i) => (
        <div key={i} className="lane-head lane-head--bed" style={{ height: BED_ROW_PX }} title={fileName}>
          <span className="lane-head__name">Bed</span>
          <span className="lane-head__voice">{fileName}</span>
        </div>
      ))}
    </div>
  );
}
