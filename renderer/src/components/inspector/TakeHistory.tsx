/**
 * A turn's earlier takes, newest first: restore one, or compare it with the current take (A/B: the current
 * take, then this one, labelled as they play) and keep either. Where the speaker's voice is a reference
 * clip, the clip can be compared with the current take or an earlier one (A: the clip, B: the take), to hear
 * whether a take drifted from the voice. One player for every comparison.
 */
import { useEffect, useRef, useState } from 'react';
import { formatClipDuration } from '../../../../shared/model/reference-clip';
import type { Segment, Speaker } from '../../../../shared/model/project';
import { dbToFactor } from '../../../../shared/model/speaker-levels';
import { samplesToMs } from '../../../../shared/model/time';
import { useDocument, useProject, useStudio } from '../../app/studio-context';
import { AbPlayer, type AbPhase, type AbSide } from '../../audio/ab-player';
import { pushToast } from '../../state/ui-store';
import { toUserError } from '../../state/user-error';
import { formatSeconds, formatTimeOfDay } from '../../util/format';
import { Icon } from '../common/Icon';
import { AbCompare, sideExists, sideLabel, type AbPair, type AbSideRef } from './AbCompare';
import { nonSpeechText, takeSeedLabel } from './TurnSampling';

export function TakeHistory({ segment, speaker }: { segment: Segment; speaker: Speaker | undefined }) {
  const studio = useStudio();
  const project = useProject();
  const index = useDocument((s) => s.takeIndex);
  const [ab, setAb] = useState<AbPair | null>(null);
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
  // Another turn, or another current take (kept, restored, regenerated): the comparison ends.
  const current = segment.take;
  useEffect(() => {
    player.current?.stop();
    setAb(null);
  }, [segment.id, current?.hash]);
  const clipSha = speaker?.voice.clip;
  const clip = clipSha ? project?.clips?.find((entry) => entry.sha256 === clipSha) : undefined;
  const gain = dbToFactor(speaker?.gainDb ?? 0);

  const resolve = async (dir: string, side: AbSideRef): Promise<AbSide> => {
    const name = sideLabel(side, segment);
    if (side.kind === 'take') return { url: await studio.urls.get(dir, side.hash), gain, name };
    // The clip as stored (-20 LUFS): the speaker's level belongs to the speaker's takes.
    const { url } = await studio.api.getClipUrl({ dir, sha256: side.sha });
    return { url, gain: 1, name };
  };
  const sidesOf = async (pair: AbPair) => {
    const dir = studio.documents.getState().dir;
    if (!dir) return null;
    try {
      const [a, b] = await Promise.all([resolve(dir, pair.a), resolve(dir, pair.b)]);
      return { a, b };
    } catch (error) {
      const { message, hint } = toUserError(error);
      pushToast(studio.ui, { kind: 'error', message, ...(hint ? { hint } : {}) });
      return null;
    }
  };
  const compare = async (pair: AbPair) => {
    if (!current) return;
    studio.playback.stop();
    setAb(pair);
    const sides = await sidesOf(pair);
    if (sides) player.current?.play(sides.a, sides.b);
  };
  const toggle = async (pair: AbPair) => {
    studio.playback.stop();
    const sides = await sidesOf(pair);
    if (sides) player.current?.toggle(sides);
  };
  const end = () => {
    player.current?.stop();
    setAb(null);
  };
  const keep = (pair: AbPair, side: 'A' | 'B') => {
    const ref = side === 'A' ? pair.a : pair.b;
    end();
    if (ref.kind === 'take' && ref.hash !== current?.hash) void studio.takes.restore(segment.id, ref.hash);
  };
  const withClip = (hash: string): AbPair | null =>
    clipSha ? { a: { kind: 'clip', sha: clipSha }, b: { kind: 'take', hash } } : null;
  const comparing =
    ab && sideExists(ab.a, segment, clipSha) && sideExists(ab.b, segment, clipSha) ? ab : null;
  return (
    <>
      {comparing ? (
        <AbCompare
          pair={comparing}
          segment={segment}
          phase={phase}
          toggleTarget={player.current?.toggleTarget() ?? 'A'}
          onPlay={() => void compare(comparing)}
          onToggle={() => void toggle(comparing)}
          onKeep={(side) => keep(comparing, side)}
        />
      ) : null}
      {clipSha ? (
        <div className="take-history__clip" data-testid="take-clip">
          <Icon name="speaker" size={12} />
          <span className="take-history__clip-label">
            Reference clip: {clip?.label ?? clipSha.slice(0, 12)}
            {clip ? ` · ${formatClipDuration(clip.durationSamples)}` : ''}
          </span>
          <button
            type="button"
            className="btn btn--small"
            data-testid="take-ab-clip"
            disabled={!current}
            title={
              current
                ? 'Play the reference clip (A), then the current take (B): has the take drifted from the voice?'
                : 'Render the turn to compare it with the clip'
            }
            aria-label={`Compare the reference clip of ${speaker?.name ?? 'the speaker'} with the current take`}
            onClick={() => current && void compare(withClip(current.hash)!)}
          >
            Clip A/B
          </button>
        </div>
      ) : null}
      {segment.takeHistory.length === 0 ? (
        <div className="take-history__empty">
          Earlier takes appear here when you regenerate or edit the turn.
        </div>
      ) : null}
      {segment.takeHistory.length > 0 ? (
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
                <span className="take__actions">
                  <button
                    type="button"
                    className="btn btn--small"
                    data-testid="take-ab"
                    disabled={!current}
                    title="Play the current take (A), then this one (B)"
                    aria-label={`Compare the current take with take #${segment.takeHistory.length - i}`}
                    onClick={() =>
                      current &&
                      void compare({
                        a: { kind: 'take', hash: current.hash },
                        b: { kind: 'take', hash: take.hash },
                      })
                    }
                  >
                    A/B
                  </button>
                  {clipSha ? (
                    <button
                      type="button"
                      className="btn btn--small"
                      data-testid="take-ab-clip-item"
                      disabled={!current}
                      title="Play the reference clip (A), then this take (B)"
                      aria-label={`Compare the reference clip with take #${segment.takeHistory.length - i}`}
                      onClick={() => void compare(withClip(take.hash)!)}
                    >
                      Clip A/B
                    </button>
                  ) : null}
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
                </span>
              </li>
            );
          })}
        </ul>
      ) : null}
    </>
  );
}
