/**
 * The selected turn's waveform with wavesurfer.js, drawn from the host's precomputed peaks (the audio is
 * never decoded here). Click or drag to scrub: its cursor and the timeline's playhead move there (the
 * trimmed parts are shaded and map to the clip's edges). Preview plays the take at its speaker's level; it
 * gives way to the main player, whose position the cursor follows while it plays this turn.
 */
import { useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import type { Segment, Take } from '../../../../shared/model/project';
import { dbToFactor } from '../../../../shared/model/speaker-levels';
import { useStudio } from '../../app/studio-context';
import type { GainOutput } from '../../audio/gain-output';
import { withAlpha } from '../../timeline/draw-timeline';
import { formatClock } from '../../util/format';

interface Props {
  take: Take;
  /** The turn (its trims) and where its heard part starts on the timeline, ms. */
  segment: Segment;
  startMs: number;
  color: string;
  /** The speaker's level (Speaker.gainDb): the preview plays at it. */
  gainDb: number;
}

export function WaveformView({ take, segment, startMs, color, gainDb }: Props) {
  const studio = useStudio();
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [timeMs, setTimeMs] = useState(0);
  const surfer = useRef<WaveSurfer | null>(null);
  const output = useRef<GainOutput | null>(null);
  const dir = studio.documents.getState().dir ?? '';
  const gain = dbToFactor(gainDb);
  const gainRef = useRef(gain);
  gainRef.current = gain;
  const durationMs = Math.round((take.durationSamples * 1000) / take.sampleRate);
  const trimStartMs = Math.min(durationMs, segment.trimStartMs ?? 0);
  const trimEndMs = Math.min(durationMs - trimStartMs, segment.trimEndMs ?? 0);
  // Timeline time of a point of the take: the trimmed parts map to the clip's edges.
  const place = useRef({ startMs, trimStartMs, trimEndMs, durationMs });
  place.current = { startMs, trimStartMs, trimEndMs, durationMs };

  useEffect(() => {
    let cancelled = false;
    let instance: WaveSurfer | null = null;
    const unsubscribers: Array<() => void> = [];
    setState('loading');
    setTimeMs(0);
    // Our own element, so that it plays through a gain stage like the main player's.
    const media = new Audio();
    const gainStage = studio.outputs.attach(media);
    gainStage.setGain(gainRef.current);
    output.current = gainStage;
    Promise.all([studio.peaks.load(dir, take.hash), studio.urls.get(dir, take.hash)])
      .then(([peaks, url]) => {
        if (cancelled || !container.current) return;
        instance = WaveSurfer.create({
          container: container.current,
          media,
          height: 76,
          url,
          peaks: [Array.from(peaks.peaks)],
          duration: take.durationSamples / take.sampleRate,
          waveColor: withAlpha(color, 0.55),
          progressColor: color,
          cursorColor: '#ff4d4f',
          cursorWidth: 2,
          barWidth: 2,
          barGap: 1,
          barRadius: 1,
          normalize: true,
          dragToSeek: true,
          hideScrollbar: true,
        });
        surfer.current = instance;
        unsubscribers.push(
          instance.on('ready', () => setState('ready')),
          instance.on('timeupdate', (t) => setTimeMs(Math.round(t * 1000))),
          instance.on('play', () => studio.playback.stop()),
          // Scrubbing here moves the timeline's playhead too.
          instance.on('interaction', (seconds) => {
            const p = place.current;
            const within = Math.min(p.durationMs - p.trimEndMs, Math.max(p.trimStartMs, seconds * 1000));
            studio.playback.seek(p.startMs + within - p.trimStartMs);
          }),
        );
        setState('ready');
      })
      .catch(() => {
        if (!cancelled) setState('error');
      });
    return () => {
      cancelled = true;
      for (const off of unsubscribers) off();
      instance?.destroy();
      surfer.current = null;
      // wavesurfer leaves an element it was given alone: stop and release it here.
      media.pause();
      media.removeAttribute('src');
      media.load();
      gainStage.dispose();
      output.current = null;
    };
  }, [studio, dir, take.hash, take.durationSamples, take.sampleRate, color]);

  useEffect(() => output.current?.setGain(gain), [gain]);

  // The main player and this preview never play at once; while the main player plays this turn, the
  // cursor follows it.
  useEffect(
    () =>
      studio.playback.store.subscribe((s, prev) => {
        const instance = surfer.current;
        if (!instance) return;
        if (s.status !== 'stopped' && prev.status === 'stopped') instance.pause();
        const p = place.current;
        const within = s.positionMs - p.startMs + p.trimStartMs;
        if (s.status === 'playing' && s.segmentId === segment.id && within >= 0 && within <= p.durationMs) {
          instance.setTime(within / 1000);
          setTimeMs(Math.round(within));
        }
      }),
    [studio, segment.id],
  );

  return (
    <div className="waveform" data-testid="waveform" data-state={state}>
      <div ref={container} className="waveform__surface" />
      {trimStartMs > 0 ? (
        <div
          className="waveform__trim"
          data-testid="waveform-trim-start"
          title={`Trimmed: ${trimStartMs} ms`}
          style={{ left: 0, width: `${(trimStartMs / durationMs) * 100}%` }}
        />
      ) : null}
      {trimEndMs > 0 ? (
        <div
          className="waveform__trim"
          data-testid="waveform-trim-end"
          title={`Trimmed: ${trimEndMs} ms`}
          style={{ right: 0, width: `${(trimEndMs / durationMs) * 100}%` }}
        />
      ) : null}
      {state === 'loading' ? <div className="waveform__overlay">Loading waveform…</div> : null}
      {state === 'error' ? (
        <div className="waveform__overlay waveform__overlay--error">
          The waveform could not be loaded. Regenerate the turn to make its audio again.
        </div>
      ) : null}
      <div className="waveform__meta mono">
        <button
          type="button"
          className="btn btn--ghost btn--small"
          data-testid="waveform-play"
          disabled={state !== 'ready'}
          onClick={() => void surfer.current?.playPause()}
        >
          Preview
        </button>
        <span data-testid="waveform-time">
          {formatClock(timeMs)} / {formatClock(durationMs)}
        </span>
        <span className="waveform__rate">
          {(take.sampleRate / 1000).toFixed(take.sampleRate % 1000 ? 2 : 0)} kHz
        </span>
      </div>
    </div>
  );
}
