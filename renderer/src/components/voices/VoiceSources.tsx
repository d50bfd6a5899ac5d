/**
 * Where else voices come from, in the voice picker's footer: each source is one button here (model packs,
 * speech servers; a voice from a clip sits beside them). A source opens its own dialog and the picker
 * lists the new voices when the catalog is refreshed.
 */
import { useStudio } from '../../app/studio-context';
import { Icon } from '../common/Icon';

export function VoiceSources() {
  const studio = useStudio();
  return (
    <div className="voice-sources" data-testid="voice-sources">
      <span className="voice-sources__label">More voices:</span>
      <button
        type="button"
        className="btn btn--ghost"
        data-testid="voice-source-models"
        title="Import a Kokoro or Piper model folder (Model packs)"
        onClick={() => studio.ui.setState({ dialog: 'models' })}
      >
        <Icon name="box" /> Import a model pack…
      </button>
      <button
        type="button"
        className="btn btn--ghost"
        data-testid="voice-source-servers"
        title="Settings → Engines: speech servers to render with"
        onClick={() => studio.ui.setState({ dialog: 'engines' })}
      >
        <Icon name="server" /> Speech servers…
      </button>
    </div>
  );
}
