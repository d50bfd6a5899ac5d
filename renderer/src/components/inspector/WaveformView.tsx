/**
 * The selected turn's waveform with wavesurfer.js, drawn from the host's precomputed peaks (the audio is
 * never decoded here). Click to seek and play within the turn, at its speaker's level; it gives way to the
 * main player.
 */
import { useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import type { Take } from '../../../../shared/model/project';
import { dbToFactor } from '../../../../shared/model/speaker-levels';
import { useStudio } from '../../app/studio-context';
import type { GainOutput } from '../../audio/gain-output';
import { withAlpha } from '../../timeline/draw-timeline';
import { formatClock } from '../../util/format';

interface Props {
  take: Take;
  color: string;
  /** The speaker's level (Speaker.gainDb): the preview plays at it. */
  gainDb: number;
}

export function WaveformView({ take, color, gainDb }: Props) {
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

  // The main player and this preview never play at once.
  useEffect(
    () =>
      studio.playback.store.subscribe((s, prev) => {
        if (s.status !== 'stopped' && prev.status === 'stopped') surfer.current?.pause();
      }),
    [studio],
  );

  const durationMs = Math.round((take.durationSamples * 1000) / take.sampleRate);
  return (
    <div className="waveform" data-testid="waveform" data-state={state}>
      <div ref={container} className="waveform__surface" />
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
        <span>
          {formatClock(timeMs)} / {formatClock(durationMs)}
        </span>
        <span className="waveform__rate">
          {(take.sampleRate / 1000).toFixed(take.sampleRate % 1000 ? 2 : 0)} kHz
        </span>
      </div>
    </div>
  );
}
