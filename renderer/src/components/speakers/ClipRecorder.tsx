/**
 * "Record…" in the clip dialog: asks for the microphone, shows the input level and the time while
 * recording, and on Stop hands the recording (a WAV file) to the dialog, which treats it as a picked file.
 * Where there is no microphone permission, it says so and how to get it.
 */
import { useEffect, useRef, useState } from 'react';
import { MAX_RECORDING_MS, MicRecorder, MicrophoneError } from '../../audio/mic-recorder';
import { Icon } from '../common/Icon';
import { seconds } from './clip-trim';

type State = 'idle' | 'asking' | 'recording' | 'finishing';

/** The meter's range: −60 dBFS (empty) to 0 dBFS (full). */
const FLOOR_DB = -60;

export function recordingName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return `Recording ${day} ${pad(now.getHours())}.${pad(now.getMinutes())}.wav`;
}

export function ClipRecorder({
  onRecorded,
  onProblem,
}: {
  onRecorded(file: File): void;
  onProblem(message: string | null): void;
}) {
  const [state, setState] = useState<State>('idle');
  const [level, setLevel] = useState(FLOOR_DB);
  const [peak, setPeak] = useState(-Infinity);
  const [elapsedMs, setElapsedMs] = useState(0);
  const recorder = useRef<MicRecorder | null>(null);
  const frame = useRef(0);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      cancelAnimationFrame(frame.current);
      recorder.current?.dispose();
      recorder.current = null;
    };
  }, []);

  const stop = async () => {
    const active = recorder.current;
    if (!active) return;
    cancelAnimationFrame(frame.current);
    setState('finishing');
    try {
      const file = await active.stop(recordingName(new Date()));
      onRecorded(file);
    } catch (error) {
      onProblem(
        error instanceof MicrophoneError
          ? error.message
          : `The recording could not be read: ${String(error)}`,
      );
    } finally {
      active.dispose();
      recorder.current = null;
      setState('idle');
    }
  };

  const start = async () => {
    onProblem(null);
    setState('asking');
    let started: MicRecorder;
    try {
      started = await MicRecorder.start();
    } catch (error) {
      if (!mounted.current) return;
      setState('idle');
      onProblem(error instanceof MicrophoneError ? error.message : String(error));
      return;
    }
    // The dialog closed while the browser asked: the microphone is released at once.
    if (!mounted.current) return started.dispose();
    recorder.current = started;
    setState('recording');
    setPeak(-Infinity);
    let shown = FLOOR_DB;
    const tick = () => {
      const active = recorder.current;
      if (!active) return;
      const now = Math.max(FLOOR_DB, active.levelDbfs());
      // Falls back slowly, so that a syllable stays readable.
      shown = Math.max(now, shown - 1.5);
      setLevel(Math.round(shown));
      setPeak((p) => Math.max(p, Math.round(now)));
      const elapsed = active.elapsedMs();
      setElapsedMs(Math.floor(elapsed / 100) * 100);
      if (elapsed >= MAX_RECORDING_MS) void stop();
      else frame.current = requestAnimationFrame(tick);
    };
    frame.current = requestAnimationFrame(tick);
  };

  if (state === 'idle' || state === 'asking') {
    return (
      <button
        type="button"
        className="btn btn--small"
        data-testid="clip-record"
        disabled={state === 'asking'}
        title="Record the voice with this computer's microphone (up to 60 s; then trim it to 3-30 s)"
        onClick={() => void start()}
      >
        <Icon name="record" size={12} /> {state === 'asking' ? 'Waiting for the microphone…' : 'Record…'}
      </button>
    );
  }
  const fill = Math.max(0, Math.min(1, (level - FLOOR_DB) / -FLOOR_DB));
  return (
    <div className="clip-recorder" data-testid="clip-recorder" data-state={state}>
      <span className="clip-recorder__dot" aria-hidden="true" />
      <div
        className="clip-recorder__meter"
        role="meter"
        aria-label="Microphone level"
        aria-valuemin={FLOOR_DB}
        aria-valuemax={0}
        aria-valuenow={level}
        aria-valuetext={`${level} dBFS`}
        data-testid="clip-meter"
        data-peak={Number.isFinite(peak) ? peak : ''}
      >
        <span
          className={`clip-recorder__bar ${level > -3 ? 'clip-recorder__bar--hot' : ''}`}
          style={{ width: `${fill * 100}%` }}
        />
      </div>
      <span className="mono clip-recorder__time" data-testid="clip-record-time">
        {seconds(elapsedMs)}
      </span>
      <button
        type="button"
        className="btn btn--small btn--primary"
        data-testid="clip-record-stop"
        disabled={state === 'finishing'}
        onClick={() => void stop()}
      >
        <Icon name="stop" size={12} /> {state === 'finishing' ? 'Finishing…' : 'Stop'}
      </button>
    </div>
  );
}
