/**
 * The A/B panel of the take history: what A and B are (a take of the turn or the speaker's reference clip),
 * which one is playing, Play A then B, Switch (jump to the other side), and keeping either take.
 */
import type { Segment } from '../../../../shared/model/project';
import type { AbPhase } from '../../audio/ab-player';
import { Icon } from '../common/Icon';

export type AbSideRef = { kind: 'clip'; sha: string } | { kind: 'take'; hash: string };

export interface AbPair {
  a: AbSideRef;
  b: AbSideRef;
}

/** How a side is called where it is shown: "the reference clip", "the current take", "take #2". */
export function sideLabel(side: AbSideRef, segment: Segment): string {
  if (side.kind === 'clip') return 'the reference clip';
  if (segment.take?.hash === side.hash) return 'the current take';
  const at = segment.takeHistory.findIndex((take) => take.hash === side.hash);
  return `take #${segment.takeHistory.length - at}`;
}

/** Whether a side can still be played: its take is the turn's (current or in its history), its clip the speaker's. */
export function sideExists(side: AbSideRef, segment: Segment, clipSha: string | undefined): boolean {
  if (side.kind === 'clip') return side.sha === clipSha;
  return segment.take?.hash === side.hash || segment.takeHistory.some((take) => take.hash === side.hash);
}

const sideData = (side: AbSideRef) => (side.kind === 'clip' ? `clip:${side.sha}` : `take:${side.hash}`);

export function AbCompare({
  pair,
  segment,
  phase,
  toggleTarget,
  onPlay,
  onToggle,
  onKeep,
}: {
  pair: AbPair;
  segment: Segment;
  phase: AbPhase;
  toggleTarget: 'A' | 'B';
  onPlay(): void;
  onToggle(): void;
  /** Keeps the take of that side: the current one ends the comparison, an earlier one is restored. */
  onKeep(side: 'A' | 'B'): void;
}) {
  const a = sideLabel(pair.a, segment);
  const b = sideLabel(pair.b, segment);
  const keep = (side: 'A' | 'B', ref: AbSideRef, label: string) => {
    if (ref.kind !== 'take') return null;
    const current = segment.take?.hash === ref.hash;
    const testId = side === 'A' ? 'ab-keep-a' : 'ab-keep-b';
    return (
      <button
        type="button"
        className={`btn btn--small ${current ? '' : 'btn--primary'}`}
        data-testid={testId}
        disabled={!current && segment.locked}
        title={
          current
            ? `Keep ${label} and end the comparison`
            : segment.locked
              ? `Unlock the take to keep ${side}`
              : `Make ${label} current (undoable)`
        }
        onClick={() => onKeep(side)}
      >
        Keep {side}
      </button>
    );
  };
  return (
    <div
      className="ab"
      data-testid="ab-compare"
      data-a={sideData(pair.a)}
      data-b={sideData(pair.b)}
      data-phase={phase}
      role="group"
      aria-label={`Compare ${a} (A) with ${b} (B)`}
    >
      <span className="ab__phase" data-testid="ab-phase" aria-live="polite">
        {phase === 'A' ? `Playing A: ${a}` : phase === 'B' ? `Playing B: ${b}` : `A: ${a} · B: ${b}`}
      </span>
      <span className="ab__actions">
        <button type="button" className="btn btn--small" data-testid="ab-again" onClick={onPlay}>
          <Icon name="play" size={12} /> Play A then B
        </button>
        <button
          type="button"
          className="btn btn--small"
          data-testid="ab-toggle"
          title={`Play ${toggleTarget === 'A' ? a : b} from its start`}
          onClick={onToggle}
        >
          {phase === 'done' ? `Play ${toggleTarget}` : `Switch to ${toggleTarget}`}
        </button>
        {keep('A', pair.a, a)}
        {keep('B', pair.b, b)}
      </span>
    </div>
  );
}
