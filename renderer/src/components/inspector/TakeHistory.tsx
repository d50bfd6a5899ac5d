/**
 * A turn's earlier takes, newest first: restore one, or compare it with the current take (A/B: the current
 * take, then this one, labelled as they play) and keep either.
 */
import { useEffect, useRef, useState } from 'react';
import type { Segment } from '../../../../shared/model/project';
import { samplesToMs } from '../../../../shared/model/time';
import { useDocument, useStudio } from '../../app/studio-context';
import { AbPlayer, type AbPhase } from '../../audio/ab-player';
import { pushToast } from '../../state/ui-store';
import { formatSeconds, formatTimeOfDay } from '../../util/format';
import { Icon } from '../common/Icon';
import { nonSpeechText, takeSeedLabel } from './TurnSampling';

export function TakeHistory({ segment, gain }: { segment: Segment; gain: number }) {
  const studio = useStudio();
  const index = useDocument((s) => s.takeIndex);
  const [ab, setAb] = useState<{ hash: string; label: string } | null>(null);
  const [phase, setPhase] = useState<AbPhase>('done');
  const player = useRef<AbPlayer | null>(null);
  useEffect(() => {
    const media = new Audio();
    const output = studio.outputs.attach(media);
    const instance = new AbPlayer(media, output, setPhase, (message) =>
      pushToast(studio.ui, { kind: 'error', message }),
    );
    player.current = instance;
    // The main player and the comparison never play at once.
    const unsubscribe = studio.playback.store.subscribe((s, prev) => {
      if (s.status !== 'stopped' && prev.status === 'stopped') instance.stop();
    });
    return () => {
      unsubscribe();
      instance.dispose();
      media.removeAttribute('src');
      output.dispose();
      player.current = null;
    };
  }, [studio]);
  // Another turn, or the compared take gone (kept, restored): the comparison ends.
  useEffect(() => {
    player.current?.stop();
    setAb(null);
  }, [segment.id]);
  const current = segment.take;
  const compare = async (hash: string, label: string) => {
    const dir = studio.documents.getState().dir;
    if (!dir || !current) return;
    studio.playback.stop();
    setAb({ hash, label });
    const [a, b] = await Promise.all([studio.urls.get(dir, current.hash), studio.urls.get(dir, hash)]);
    player.current?.play(a, b, gain);
  };
  const end = () => {
    player.current?.stop();
    setAb(null);
  };
  if (segment.takeHistory.length === 0) {
    return (
      <div className="take-history__empty">
        Earlier takes appear here when you regenerate or edit the turn.
      </div>
    );
  }
  const comparing = ab && segment.takeHistory.some((t) => t.hash === ab.hash) ? ab : null;
  return (
    <>
      {comparing && current ? (
        <div className="ab" data-testid="ab-compare" role="group" aria-label="Compare two takes">
          <span className="ab__phase" data-testid="ab-phase" aria-live="polite">
            {phase === 'A'
              ? 'Playing A: the current take'
              : phase === 'B'
                ? `Playing B: ${comparing.label}`
                : `A: the current take · B: ${comparing.label}`}
          </span>
          <span className="ab__actions">
            <button
              type="button"
              className="btn btn--small"
              data-testid="ab-again"
              onClick={() => void compare(comparing.hash, comparing.label)}
            >
              <Icon name="play" size={12} /> Play A then B
            </button>
            <button type="button" className="btn btn--small" data-testid="ab-keep-a" onClick={end}>
              Keep A
            </button>
            <button
              type="button"
              className="btn btn--small btn--primary"
              data-testid="ab-keep-b"
              disabled={segment.locked}
              title={segment.locked ? 'Unlock the take to keep B' : 'Make take B current (undoable)'}
              onClick={() => {
                end();
                void studio.takes.restore(segment.id, comparing.hash);
              }}
            >
              Keep B
            </button>
          </span>
        </div>
      ) : null}
      <ul className="take-history" data-testid="take-history">
        {segment.takeHistory.map((take, i) => {
          const origin = index.originByHash[take.hash];
          const differs = origin && origin.text !== segment.text;
          return (
            <li
              key={take.hash}
              className="take"
              data-testid="take-history-item"
              data-hash={take.hash}
              data-seed={take.seed ?? ''}
            >
              <span className="take__n mono">#{segment.takeHistory.length - i}</span>
              <span className="take__info">
                <span className="take__length mono">
                  {formatSeconds(samplesToMs(take.durationSamples, take.sampleRate))}
                </span>
                <span className="take__when">
                  {take.createdAtMs ? formatTimeOfDay(take.createdAtMs) : ''}
                </span>
                {take.seed !== undefined ? (
                  <span className="take__seed mono" data-testid="take-history-seed">
                    {takeSeedLabel(take)}
                  </span>
                ) : null}
                {take.nonSpeech ? (
                  <span className="take__qa" title={nonSpeechText(take) ?? ''}>
                    <Icon name="alert" size={11} /> non-speech
                  </span>
                ) : null}
                {differs ? (
                  <span className="take__text" title={origin.text}>
                    “{origin.text}”
                  </span>
                ) : null}
              </span>
              <button
                type="button"
                className="btn btn--small"
                data-testid="take-ab"
                disabled={!current}
                title="Play the current take (A), then this one (B)"
                aria-label={`Compare the current take with take #${segment.takeHistory.length - i}`}
                onClick={() => void compare(take.hash, `take #${segment.takeHistory.length - i}`)}
              >
                A/B
              </button>
              <button
                type="button"
                className="btn btn--small"
                data-testid="take-restore"
                disabled={segment.locked}
                title={
                  (differs ? 'Restore this take and the text it was made from' : 'Restore this take') +
                  (take.seed !== undefined ? ` (its seed ${take.seed} comes back with it)` : '')
                }
                onClick={() => void studio.takes.restore(segment.id, take.hash)}
              >
                Restore
              </button>
            </li>
          );
        })}
      </ul>
    </>
  );
}
