/** Errors and notices in the corner: what happened and what to do next. Errors stay until dismissed. */
import { useEffect } from 'react';
import { useStudio, useUi } from '../../app/studio-context';
import { dismissToast, type Toast } from '../../state/ui-store';
import { Icon } from './Icon';
import './common.css';

const AUTO_DISMISS_MS = 5000;

function ToastItem({ toast }: { toast: Toast }) {
  const { ui } = useStudio();
  useEffect(() => {
    if (toast.kind === 'error') return;
    const timer = setTimeout(() => dismissToast(ui, toast.id), AUTO_DISMISS_MS);
    return () => clearTimeout(timer);
  }, [toast, ui]);
  return (
    <div
      className={`toast toast--${toast.kind}`}
      role={toast.kind === 'error' ? 'alert' : 'status'}
      data-testid="toast"
    >
      <span className="toast__icon">
        <Icon name={toast.kind === 'error' ? 'alert' : toast.kind === 'success' ? 'check' : 'info'} />
      </span>
      <div className="toast__body">
        <div className="toast__message">{toast.message}</div>
        {toast.hint ? <div className="toast__hint">{toast.hint}</div> : null}
      </div>
      <button
        type="button"
        className="btn btn--ghost btn--icon btn--small"
        aria-label="Dismiss"
        onClick={() => dismissToast(ui, toast.id)}
      >
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}
