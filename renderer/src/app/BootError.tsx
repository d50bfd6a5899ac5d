/** Shown when the studio cannot even start (no host API): what happened and what to try. */
import { toUserError } from '../state/user-error';
import './theme.css';
import { reloadWithoutAsking } from './unsaved-guard';

export function BootError({ error }: { error: unknown }) {
  const { message, hint } = toUserError(
    error,
    'Start Roundtable again. In a browser, open the address that `roundtable serve` printed.',
  );
  return (
    <div className="crash crash--full" role="alert" data-testid="boot-error">
      <div className="crash__title">Roundtable Studio could not start.</div>
      <div className="crash__message">{message}</div>
      <div className="crash__hint">{hint}</div>
      <div className="crash__actions">
        <button type="button" className="btn btn--primary" onClick={() => reloadWithoutAsking()}>
          Reload
        </button>
      </div>
    </div>
  );
}
