/** Banners above the editor: recovered autosave, lost connection to the host. */
import { useEffect, useState } from 'react';
import { getApiConnection } from '../../api/get-api';
import { useStudio, useUi } from '../../app/studio-context';
import { formatTimeOfDay } from '../../util/format';

export function RecoveryBanner() {
  const studio = useStudio();
  const offered = useUi((s) => s.recoveryOffered);
  const atMs = useUi((s) => s.recoveredAtMs);
  if (!offered) return null;
  return (
    <div className="banner banner--warn" role="alert" data-testid="recovery-banner">
      <span>
        <b>Unsaved changes{atMs ? ` from ${formatTimeOfDay(atMs)}` : ''} were found.</b> The project was
        closed before they were saved (or the page was reloaded); restore them to continue where you left off.
      </span>
      <button
        type="button"
        className="btn btn--primary btn--small"
        data-testid="recovery-restore"
        onClick={() => studio.projects.restoreRecovered()}
      >
        Restore changes
      </button>
      <button
        type="button"
        className="btn btn--ghost btn--small"
        onClick={() => studio.projects.discardRecovered()}
      >
        Keep the saved version
      </button>
    </div>
  );
}

const CONNECTION_TEXT: Record<string, { text: string; hint: string } | undefined> = {
  reconnecting: {
    text: 'Connection to the studio host lost — reconnecting…',
    hint: 'Your edits are kept here and saved when it is back.',
  },
  unauthorized: {
    text: 'The studio host refused this page.',
    hint: 'Open the address that `roundtable serve` printed (it ends in ?token=…).',
  },
  closed: { text: 'The connection to the studio host is closed.', hint: 'Reload the page to reconnect.' },
};

export function ConnectionBanner() {
  const [state, setState] = useState<string>('open');
  useEffect(() => {
    try {
      const connection = getApiConnection();
      setState(connection.state);
      return connection.onStateChange((s) => setState(s));
    } catch {
      return undefined;
    }
  }, []);
  const message = CONNECTION_TEXT[state];
  if (!message) return null;
  return (
    <div className="banner banner--bad" role="alert" data-testid="connection-banner">
      <span>
        <b>{message.text}</b> {message.hint}
      </span>
    </div>
  );
}
