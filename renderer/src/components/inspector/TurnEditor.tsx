/**
 * The selected turn: its text (editing makes the take stale) and what the voices say for it when the
 * project's pronunciations change it, speaker, gap, lock, regenerate, play, the waveform of the current
 * take and the take history with restore.
 */
import { useEffect, useState } from 'react';
import type { Project, Segment } from '../../../../shared/model/project';
import { isSpeakable } from '../../../../shared/text/speakable';
import { usePlayback, useProject, useStudio, useUi } from '../../app/studio-context';
import { spokenTextOf } from '../../state/spoken-text';
import { pushToast } from '../../state/ui-store';
import { computeLayout } from '../../timeline/timeline-layout';
import { formatSeconds } from '../../util/format';
import { EmptyState } from '../common/EmptyState';
import { Icon } from '../common/Icon';
import { useTurnStatuses } from '../editor/use-turn-statuses';
import { TURN_STATE_DETAIL, turnStateLabel } from '../../state/turn-state-labels';
import { ChapterField } from './ChapterField';
import { ClipFields, GapField } from './ClipFields';
import { saidAsExcerpt } from './said-as';
import { WaveformView } from './WaveformView';
import { TakeHistory } from './TakeHistory';
import { regenerateMode } from '../../state/take-actions';
import { NonSpeechNote, SeedLine, TurnGuidance, useTurnSampling } from './TurnSampling';
import './inspector.css';

/** "Said as: …" when the pronunciation list changes what the engine gets for this turn. */
function SaidAs({ project, segment }: { project: Project; segment: Segment }) {
  const studio = useStudio();
  const spoken = spokenTextOf(project, segment);
  const excerpt = saidAsExcerpt(segment.text, spoken);
  if (excerpt === null) return null;
  return (
    <div className="hint hint--said" data-testid="said-as">
      <Icon name="pronounce" size={13} />
      <span className="hint__text" title={spoken}>
        Said as: “{excerpt}”
      </span>
      <button
        type="button"
        className="btn btn--ghost btn--small hint__action"
        data-testid="said-as-edit"
        title="Edit the project's pronunciations"
        onClick={() => studio.ui.setState({ dialog: 'pronunciations' })}
      >
        Pronunciations
      </button>
    </div>
  );
}

function TextEditor({ project, segment }: { project: Project; segment: Segment }) {
  const studio = useStudio();
  const [draft, setDraft] = useState(segment.text);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setDraft(segment.text);
    setProblem(null);
  }, [segment.id, segment.text]);
  const onChange = (text: string) => {
    setDraft(text);
    const result = studio.commands.setText(segment.id, text);
    setProblem(result === 'empty' ? 'A turn needs words. To remove it, press Delete instead.' : null);
  };
  return (
    <div className="field">
      <span className="field__label">Text</span>
      <textarea
        className="textarea turn-editor__text"
        data-testid="turn-text"
        rows={5}
        value={draft}
        readOnly={segment.locked}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => {
          if (draft.trim() === '') {
            setDraft(segment.text);
            setProblem(null);
          }
        }}
      />
      {segment.locked ? (
        <div className="hint hint--lock" data-testid="locked-hint">
          <Icon name="lock" size={13} /> The take is locked, so the text cannot change. Unlock it to edit.
        </div>
      ) : problem ? (
        <div className="hint hint--bad">{problem}</div>
      ) : !isSpeakable(segment.text) ? (
        <div className="hint hint--bad">
          Nothing here can be spoken (only punctuation or symbols): the turn would be silent.
        </div>
      ) : null}
      <SaidAs project={project} segment={segment} />
    </div>
  );
}

export function TurnEditor() {
  const studio = useStudio();
  const project = useProject();
  const selectedId = useUi((s) => s.selectedSegmentId);
  const statuses = useTurnStatuses();
  const playingId = usePlayback((s) => s.segmentId);
  const index = project ? project.segments.findIndex((s) => s.id === selectedId) : -1;
  const segment = index >= 0 ? project!.segments[index] : undefined;
  const speaker = project?.speakers.find((s) => s.id === segment?.speakerId);
  const sampling = useTurnSampling(speaker);

  if (!project || !segment) {
    return (
      <section className="panel turn-editor" data-testid="turn-editor">
        <div className="panel__head">
          <span className="panel__title">Turn</span>
        </div>
        <EmptyState icon="script" title="No turn selected">
          Select a turn in the list or on the timeline to edit its text, listen to it and regenerate it.
        </EmptyState>
      </section>
    );
  }

  const status = statuses[index] ?? 'unrendered';
  const layout = computeLayout(project);
  const playing = playingId === segment.id;

  const regenerate = () => void studio.takes.regenerate(segment.id);
  const mode = regenerateMode(sampling);

  return (
    <section className="panel turn-editor" data-testid="turn-editor" data-segment-id={segment.id}>
      <div className="panel__head">
        <span className="panel__title">Turn {index + 1}</span>
        <span className="panel__count">of {project.segments.length}</span>
        <span className="panel__spacer" />
        <span
          className={`chip chip--${segment.locked && status === 'done' ? 'locked' : status}`}
          data-testid="turn-editor-status"
          title={TURN_STATE_DETAIL[status]}
        >
          {turnStateLabel(status, segment.locked)}
        </span>
      </div>
      <div className="panel__body turn-editor__body">
        {segment.take ? (
          <WaveformView
            take={segment.take}
            segment={segment}
            startMs={layout.startMs[index] ?? 0}
            color={speaker?.color ?? '#4fb3ff'}
            gainDb={speaker?.gainDb ?? 0}
          />
        ) : (
          <div className="waveform waveform--empty" data-testid="waveform-empty">
            <span>No audio yet · about {formatSeconds(layout.durationMs[index] ?? 0)} when rendered</span>
          </div>
        )}
        <SeedLine segment={segment} speaker={speaker} />
        <NonSpeechNote segment={segment} onRegenerate={regenerate} />
        {status === 'stale' ? (
          <div className="hint hint--warn">
            <Icon name="alert" size={13} /> Out of date: the turn&apos;s words, pronunciation or voice changed
            since it was rendered. Regenerate it{segment.locked ? ' (unlock it first)' : ''}.
          </div>
        ) : null}
        <div className="turn-editor__actions">
          <button
            type="button"
            className="btn"
            data-testid="turn-editor-play"
            disabled={!segment.take}
            onClick={() => (playing ? studio.playback.stop() : studio.playback.playTurn(segment.id))}
          >
            <Icon name={playing ? 'stop' : 'play'} size={14} /> {playing ? 'Stop' : 'Play'}
          </button>
          <button
            type="button"
            className="btn"
            data-testid="turn-play-from"
            title="Play from this turn to the end"
            onClick={() => {
              if (!studio.playback.playFrom(segment.id)) {
                pushToast(studio.ui, {
                  kind: 'info',
                  message: 'Nothing to play from here yet.',
                  hint: 'Render the turns first.',
                });
              }
            }}
          >
            <Icon name="playFrom" size={14} /> From here
          </button>
          <span className="panel__spacer" />
          <button
            type="button"
            className="btn btn--primary"
            data-testid="turn-regenerate"
            disabled={segment.locked || status === 'queued' || status === 'rendering'}
            title={segment.locked ? 'Unlock the take to regenerate' : mode.title}
            data-new-seed={mode.newSeed}
            onClick={regenerate}
          >
            <Icon name="refresh" size={14} />{' '}
            {status === 'rendering' || status === 'queued' ? 'Rendering…' : 'Regenerate'}
          </button>
        </div>
        <div className="turn-editor__row turn-editor__row--split">
          <button
            type="button"
            className={`btn ${segment.locked ? 'btn--active' : ''}`}
            data-testid="turn-lock"
            aria-pressed={segment.locked}
            disabled={!segment.take}
            title={
              segment.take
                ? 'A locked take is kept when text or voice change'
                : 'Render the turn before locking its take'
            }
            onClick={() => studio.commands.setLocked(segment.id, !segment.locked)}
          >
            <Icon name={segment.locked ? 'lock' : 'unlock'} size={14} />{' '}
            {segment.locked ? 'Locked' : 'Lock take'}
          </button>
          <button
            type="button"
            className="btn btn--ghost btn--danger"
            data-testid="turn-delete"
            title="Delete this turn (Delete key; undoable)"
            onClick={() => studio.commands.delete(segment.id)}
          >
            <Icon name="trash" size={14} /> Delete turn
          </button>
        </div>
        <TextEditor project={project} segment={segment} />
        <div className="turn-editor__row">
          <label className="field">
            <span className="field__label">Speaker</span>
            <select
              className="select"
              data-testid="turn-speaker"
              value={segment.speakerId}
              disabled={segment.locked}
              onChange={(e) => studio.commands.setSpeaker(segment.id, e.target.value)}
            >
              {project.speakers.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <GapField segment={segment} />
        </div>
        <ClipFields segment={segment} />
        <TurnGuidance segment={segment} speaker={speaker} />
        <ChapterField key={segment.id} project={project} segment={segment} />
        <div className="field">
          <span className="field__label">
            <Icon name="history" size={12} /> Take history
          </span>
          <TakeHistory segment={segment} speaker={speaker} />
        </div>
      </div>
    </section>
  );
}
