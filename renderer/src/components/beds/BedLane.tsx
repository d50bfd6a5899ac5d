/**
 * The bed lane: the episode's speech (turns as a strip) above each bed as a clip with its waveform, on one
 * time scale. Drag a clip sideways to move the bed (whole milliseconds; one undo step per drag).
 */
import { useEffect, useRef, useState } from 'react';
import type { PlacedBed } from '../../../../shared/model/bed-placement';
import { useStudio } from '../../app/studio-context';
import { formatClock } from '../../util/format';

export interface BedLaneProps {
  totalMs: number;
  turns: { startMs: number; endMs: number }[];
  placed: PlacedBed[];
  selectedId: string | null;
}

export function BedLane({ totalMs, turns, placed, selectedId }: BedLaneProps) {
  const studio = useStudio();
  const [drag, setDrag] = useState<{ id: string; x0: number; offset0: number; width: number } | null>(null);
  const [dragMs, setDragMs] = useState<number | null>(null);
  const scale = (ms: number) => `${(100 * Math.max(0, ms)) / Math.max(1, totalMs)}%`;
  return (
    <div className="bed-lane" data-testid="bed-lane">
      <div className="bed-lane__speech" aria-label="Speech">
        {turns.map((turn, i) => (
          <span
            key={i}
            className="bed-lane__turn"
            style={{ left: scale(turn.startMs), width: scale(turn.endMs - turn.startMs) }}
          />
        ))}
      </div>
      {placed.map(({ bed, startFrame, frames }) => (
        <div key={bed.id} className="bed-lane__row">
          <button
            type="button"
            className={`bed-clip ${bed.id === selectedId ? 'bed-clip--on' : ''}`}
            data-testid="bed-clip"
            aria-label={`${bed.audio.fileName} from ${formatClock(startFrame)}`}
            title={`${bed.audio.fileName}: drag to move it`}
            style={{
              left: scale(startFrame),
              width: scale(Math.min(frames, totalMs - Math.max(0, startFrame))),
            }}
            onClick={() => studio.ui.setState({ selectedBedId: bed.id })}
            onPointerDown={(event) => {
              const lane = event.currentTarget.parentElement;
              if (!lane) return;
              event.currentTarget.setPointerCapture(event.pointerId);
              setDrag({ id: bed.id, x0: event.clientX, offset0: bed.offsetMs, width: lane.clientWidth });
              studio.ui.setState({ selectedBedId: bed.id });
            }}
            onPointerMove={(event) => {
              if (!drag || drag.id !== bed.id) return;
              const deltaMs = Math.round(((event.clientX - drag.x0) / Math.max(1, drag.width)) * totalMs);
              const offsetMs = drag.offset0 + deltaMs;
              setDragMs(startFrame - bed.offsetMs + offsetMs);
              studio.commands.updateBed(bed.id, { offsetMs }, 'drag');
            }}
            onPointerUp={() => {
              setDrag(null);
              setDragMs(null);
            }}
          >
            <BedWaveform
              hash={bed.audio.hash}
              loop={bed.loop}
              fileFrames={bed.audio.durationSamples}
              sampleRate={bed.audio.sampleRate}
              frames={frames}
            />
            <span className="bed-clip__name">{bed.audio.fileName}</span>
            {drag?.id === bed.id && dragMs !== null ? (
              <span className="bed-clip__at mono" data-testid="bed-drag-at">
                {formatClock(Math.max(0, dragMs))}
              </span>
            ) : null}
          </button>
        </div>
      ))}
    </div>
  );
}

/** The bed's peaks drawn across its clip (repeated where it loops). */
function BedWaveform(props: {
  hash: string;
  loop: boolean;
  fileFrames: number;
  sampleRate: number;
  frames: number;
}) {
  const studio = useStudio();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [peaks, setPeaks] = useState<{ samplesPerPeak: number; peaks: number[] } | null>(null);
  useEffect(() => {
    const dir = studio.documents.getState().dir;
    if (!dir) return;
    let live = true;
    studio.api
      .getBedPeaks({ dir, hash: props.hash })
      .then((result) => live && setPeaks(result))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [studio, props.hash]);
  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context || !peaks) return;
    const width = (element.width = element.clientWidth || 300);
    const height = (element.height = element.clientHeight || 32);
    context.clearRect(0, 0, width, height);
    context.fillStyle = 'rgba(255,255,255,0.55)';
    const count = peaks.peaks.length / 2;
    const fileMs = (props.fileFrames / props.sampleRate) * 1000;
    for (let x = 0; x < width; x++) {
      const ms = (x / width) * props.frames;
      const withinFile = props.loop ? ms % fileMs : ms;
      const index = Math.floor((withinFile / fileMs) * count);
      if (index >= count) continue;
      const min = peaks.peaks[2 * index] ?? 0;
      const max = peaks.peaks[2 * index + 1] ?? 0;
      context.fillRect(x, ((1 - max) / 2) * height, 1, Math.max(1, ((max - min) / 2) * height));
    }
  }, [peaks, props.frames, props.loop, props.fileFrames, props.sampleRate]);
  return <canvas ref={canvas} className="bed-clip__wave" aria-hidden="true" />;
}
