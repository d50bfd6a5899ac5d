/**
 * "Voice from a clip…": pick a recording (WAV, MP3 or FLAC; the browser's file picker, the same in the
 * desktop app and in serve mode) or record one with the microphone, see its waveform, choose the 3-30 s to
 * keep (drag on the waveform, or type the times), confirm the consent statement, and save: the host stores the clip (trimmed, normalised) in the project's clips/ folder and the
 * speaker's voice gets it, in one undoable edit.
 */
import { useEffect, useRef, useState } from 'react';
import { CLIP_CONSENT_STATEMENT, MAX_CLIP_SOURCE_BYTES } from '../../../../shared/model/reference-clip';
import type { Speaker } from '../../../../shared/model/project';
import { useStudio } from '../../app/studio-context';
import { toUserError } from '../../state/user-error';
import { Icon } from '../common/Icon';
import { Modal } from '../common/Modal';
import { ClipRecorder } from './ClipRecorder';
import {
  columnPeaks,
  dragTrim,
  initialTrim,
  seconds,
  toBase64,
  trimAnchor,
  trimProblem,
  type Trim,
} from './clip-trim';

interface Loaded {
  file: File;
  bytes: Uint8Array;
  durationMs: number;
  peaks: Float32Array;
  url: string;
}

const COLUMNS = 480;

export function ClipDialog({ speaker, onClose }: { speaker: Speaker; onClose(): void }) {
  const studio = useStudio();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [trim, setTrim] = useState<Trim>({ startMs: 0, endMs: 0 });
  const [label, setLabel] = useState('');
  const [consent, setConsent] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const canvas = useRef<HTMLCanvasElement>(null);
  const player = useRef<HTMLAudioElement | null>(null);

  useEffect(
    () => () => {
      player.current?.pause();
      if (loaded) URL.revokeObjectURL(loaded.url);
    },
    [loaded],
  );

  useEffect(() => draw(canvas.current, loaded, trim), [loaded, trim]);

  const pick = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (file) void load(file);
  };

  /** A picked file or a finished recording: decoded here for the waveform; the host decodes it again. */
  const load = async (file: File) => {
    setProblem(null);
    if (file.size > MAX_CLIP_SOURCE_BYTES) {
      setProblem(
        `${file.name} is larger than ${MAX_CLIP_SOURCE_BYTES / 1048576} MB: cut the part with the voice out first.`,
      );
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const context = new AudioContext();
    try {
      const audio = await context.decodeAudioData(bytes.slice().buffer);
      const durationMs = Math.round(audio.duration * 1000);
      setLoaded({
        file,
        bytes,
        durationMs,
        peaks: columnPeaks(audio.getChannelData(0), COLUMNS),
        url: URL.createObjectURL(file),
      });
      setTrim(initialTrim(durationMs));
      setLabel(file.name.replace(/\.[^.]+$/, '').slice(0, 80));
    } catch {
      setProblem(`${file.name} could not be read as audio: choose a WAV, MP3 or FLAC file.`);
    } finally {
      void context.close();
    }
  };

  const playSelection = () => {
    if (!loaded) return;
    const element = player.current ?? new Audio();
    player.current = element;
    if (!element.paused) return element.pause();
    element.src = loaded.url;
    element.currentTime = trim.startMs / 1000;
    element.ontimeupdate = () => {
      if (element.currentTime * 1000 >= trim.endMs) element.pause();
    };
    void element.play();
  };

  /** Drag on the waveform to choose the stretch; a press near an edge moves that edge. */
  const anchor = useRef<number | null>(null);
  const msAt = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return ((event.clientX - box.left) / Math.max(1, box.width)) * (loaded?.durationMs ?? 0);
  };
  const onWavePointerDown = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (!loaded || event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const grabMs = (8 / Math.max(1, event.currentTarget.getBoundingClientRect().width)) * loaded.durationMs;
    anchor.current = trimAnchor(trim, msAt(event), grabMs);
    setTrim(dragTrim(anchor.current, msAt(event), loaded.durationMs));
  };
  const onWavePointerMove = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (anchor.current === null || !loaded) return;
    setTrim(dragTrim(anchor.current, msAt(event), loaded.durationMs));
  };
  const onWavePointerUp = () => {
    anchor.current = null;
  };

  const trimIssue = loaded ? trimProblem(trim, loaded.durationMs) : null;
  const canSave = loaded !== null && trimIssue === null && consent && !saving;

  const save = async () => {
    const dir = studio.documents.getState().dir;
    if (!loaded || !dir) return;
    setSaving(true);
    setProblem(null);
    try {
      const { clip } = await studio.api.importClip({
        dir,
        source: { fileName: loaded.file.name, dataBase64: toBase64(loaded.bytes) },
        trimStartMs: trim.startMs,
        trimEndMs: trim.endMs,
        label: label.trim() || loaded.file.name,
        consentStatement: CLIP_CONSENT_STATEMENT,
      });
      const { voice } = await studio.api.assignClip({ dir, sha256: clip.sha256, voice: speaker.voice });
      studio.commands.setSpeakerClip(speaker.id, clip, voice);
      onClose();
    } catch (error) {
      const { message, hint } = toUserError(error);
      setProblem(hint ? `${message} ${hint}` : message);
    } finally {
      setSaving(false);
    }
  };

  const setStart = (value: number) =>
    setTrim((t) => ({ ...t, startMs: Math.max(0, Math.round(value * 1000)) }));
  const setEnd = (value: number) =>
    setTrim((t) => ({ ...t, endMs: Math.min(loaded?.durationMs ?? 0, Math.round(value * 1000)) }));

  return (
    <Modal
      title={`Voice from a clip for ${speaker.name}`}
      onClose={onClose}
      testId="clip-dialog"
      width={640}
      footer={
        <>
          <span className="clip-dialog__problem" role="alert" data-testid="clip-problem">
            {problem ?? trimIssue ?? ''}
          </span>
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn--primary"
            data-testid="clip-save"
            disabled={!canSave}
            onClick={() => void save()}
          >
            {saving ? 'Saving…' : 'Save clip'}
          </button>
        </>
      }
    >
      <p className="clip-dialog__intro">
        A recording of 3 to 30 seconds of the voice, alone and clear. It is kept in the project&apos;s clips
        folder, trimmed and brought to a standard level, and the engine speaks {speaker.name}&apos;s turns in
        that voice.
      </p>
      <div className="clip-dialog__sources">
        <label className="btn btn--small">
          {loaded ? 'Choose another file…' : 'Choose a recording…'}
          <input
            type="file"
            accept=".wav,.mp3,.flac,audio/wav,audio/mpeg,audio/flac"
            className="visually-hidden"
            data-testid="clip-file"
            onChange={(e) => pick(e.currentTarget)}
          />
        </label>
        <ClipRecorder onRecorded={(file) => void load(file)} onProblem={setProblem} />
      </div>
      {loaded ? (
        <>
          <canvas
            ref={canvas}
            className="clip-dialog__wave"
            width={COLUMNS}
            height={72}
            data-testid="clip-waveform"
            aria-label="Waveform: drag to choose the part to keep"
            title="Drag to choose the part to keep; drag an edge of the selection to move it"
            onPointerDown={onWavePointerDown}
            onPointerMove={onWavePointerMove}
            onPointerUp={onWavePointerUp}
            onPointerCancel={onWavePointerUp}
          />
          <div className="clip-dialog__trim">
            <label className="param">
              <span className="param__label">Start (s)</span>
              <input
                type="number"
                min={0}
                step={0.1}
                value={trim.startMs / 1000}
                data-testid="clip-start"
                onChange={(e) => setStart(Number(e.target.value))}
              />
            </label>
            <label className="param">
              <span className="param__label">End (s)</span>
              <input
                type="number"
                min={0}
                step={0.1}
                max={loaded.durationMs / 1000}
                value={trim.endMs / 1000}
                data-testid="clip-end"
                onChange={(e) => setEnd(Number(e.target.value))}
              />
            </label>
            <span className="mono" data-testid="clip-duration">
              {seconds(trim.endMs - trim.startMs)} of {seconds(loaded.durationMs)}
            </span>
            <button
              type="button"
              className="btn btn--small btn--ghost"
              data-testid="clip-play-selection"
              onClick={playSelection}
            >
              <Icon name="play" size={12} /> Play selection
            </button>
          </div>
          <label className="param clip-dialog__label">
            <span className="param__label">Label</span>
            <input
              value={label}
              maxLength={80}
              data-testid="clip-label"
              onChange={(e) => setLabel(e.target.value)}
            />
          </label>
          <label className="clip-dialog__consent">
            <input
              type="checkbox"
              checked={consent}
              data-testid="clip-consent"
              onChange={(e) => setConsent(e.target.checked)}
            />
            <span>{CLIP_CONSENT_STATEMENT}</span>
          </label>
        </>
      ) : null}
    </Modal>
  );
}

function draw(canvas: HTMLCanvasElement | null, loaded: Loaded | null, trim: Trim): void {
  const context = canvas?.getContext('2d');
  if (!canvas || !context || !loaded) return;
  const { width, height } = canvas;
  context.clearRect(0, 0, width, height);
  const x = (ms: number) => (ms / Math.max(1, loaded.durationMs)) * width;
  context.fillStyle = 'rgba(120, 160, 255, 0.18)';
  context.fillRect(x(trim.startMs), 0, x(trim.endMs) - x(trim.startMs), height);
  const style = getComputedStyle(canvas);
  context.fillStyle = style.color || '#8aa';
  loaded.peaks.forEach((peak, column) => {
    const bar = Math.max(1, peak * height);
    context.fillRect(column, (height - bar) / 2, 1, bar);
  });
}
