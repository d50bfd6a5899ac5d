/** Catches a crashing panel so the rest of the studio keeps working, and says what to do next. */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { reloadWithoutAsking } from './unsaved-guard';

interface Props {
  /** Name of the area, shown in the message ("the timeline"). */
  area: string;
  children: ReactNode;
  /** Fill the whole window (the outermost boundary). */
  full?: boolean;
}

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(_error: Error, _info: ErrorInfo): void {
    // The message is on screen; nothing else to report from the renderer.
  }

  private readonly reset = () => this.setState({ error: null });

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div
        className={this.props.full ? 'crash crash--full' : 'crash'}
        role="alert"
        data-testid="error-boundary"
      >
        <div className="crash__title">Something went wrong in {this.props.area}.</div>
        <div className="crash__message">{error.message}</div>
        <div className="crash__hint">
          Your project is safe: edits are autosaved. Try again, or reload the window if this keeps happening.
        </div>
        <div className="crash__actions">
          <button type="button" className="btn btn--primary" onClick={this.reset}>
            Try again
          </button>
          <button type="button" className="btn" onClick={() => reloadWithoutAsking()}>
            Reload window
          </button>
        </div>
      </div>
    );
  }
}
