/**
 * A centred dialog over a dimmed studio; Escape (wherever the focus is) and the close button call onClose.
 * Focus moves into it on open (the element marked `data-autofocus`, else the first field or button, else the
 * dialog itself) and back where it was on close.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { Icon } from './Icon';
import './common.css';

interface Props {
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
  width?: number;
}

export function Modal({ title, onClose, children, footer, testId, width = 560 }: Props) {
  const dialog = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  // Escape closes it wherever the focus is (it can end up on the page when a button it held goes away).
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      closeRef.current();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first =
      dialog.current?.querySelector<HTMLElement>('[data-autofocus]') ??
      dialog.current?.querySelector<HTMLElement>('input, select, textarea, button:not(.modal__close)');
    (first ?? dialog.current)?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div
      className="modal-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        ref={dialog}
        className="modal"
        role="dialog"
        tabIndex={-1}
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        style={{ width }}
      >
        <div className="modal__head">
          <div className="modal__title">{title}</div>
          <button
            type="button"
            className="btn btn--ghost btn--icon modal__close"
            aria-label="Close"
            onClick={onClose}
          >
            <Icon name="close" />
          </button>
        </div>
        <div className="modal__body">{children}</div>
        {footer ? <div className="modal__foot">{footer}</div> : null}
      </div>
    </div>
  );
}
