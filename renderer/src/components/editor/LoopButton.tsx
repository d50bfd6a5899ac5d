/**
 * The timeline's loop button (also Shift+L): loops the range set on the ruler, or the selected turn; while
 * looping it stops the loop. Its name says which.
 */
import { usePlayback, useStudio, useUi } from '../../app/studio-context';
import { pushToast } from '../../state/ui-store';
import { Icon } from '../common/Icon';

export function LoopButton() {
  const studio = useStudio();
  const loopRange = usePlayback((s) => s.loopRange);
  const looping = usePlayback((s) => s.looping);
  const selectedId = useUi((s) => s.selectedSegmentId);
  return (
    <button
      type="button"
      className="btn btn--ghost btn--small timeline__loop"
      data-testid="loop-toggle"
      aria-pressed={looping}
      title={
        loopRange
          ? 'Loop the range set on the ruler (Shift+L); Shift+click the ruler to clear it'
          : 'Loop the selected turn (Shift+L); Shift+drag on the ruler to loop a range'
      }
      onClick={() => {
        if (!studio.playback.toggleLoop(selectedId)) {
          pushToast(studio.ui, {
            kind: 'info',
            message: 'Nothing to loop yet.',
            hint: 'Select a rendered turn, or Shift+drag on the ruler to set a range.',
          });
        }
      }}
    >
      <Icon name="repeat" size={14} /> {looping ? 'Stop loop' : loopRange ? 'Loop range' : 'Loop turn'}
    </button>
  );
}
