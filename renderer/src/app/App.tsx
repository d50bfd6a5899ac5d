/** The studio window: start screen, new project, or the editor, with toasts and a last-resort boundary. */
// The theme first: component styles that follow it may refine its classes.
import './theme.css';
import './app.css';
import { useEffect } from 'react';
import { ConnectionBanner } from '../components/editor/Banners';
import { EditorScreen } from '../components/editor/EditorScreen';
import { Toasts } from '../components/common/Toasts';
import { NewProjectScreen } from '../components/start/NewProjectScreen';
import { StartScreen } from '../components/start/StartScreen';
import type { Studio } from '../state/studio';
import { ErrorBoundary } from './ErrorBoundary';
import { guardUnsavedChanges } from './unsaved-guard';
import { selectDirty } from '../state/document-store';
import { StudioProvider, useCatalog, useUi } from './studio-context';

function Screens() {
  const screen = useUi((s) => s.screen);
  const catalogError = useCatalog((s) => s.error);
  return (
    <div className="app">
      <ConnectionBanner />
      {catalogError && screen !== 'editor' ? (
        <div className="banner banner--bad" role="alert" data-testid="host-error">
          <span>
            <b>{catalogError.message}</b> {catalogError.hint}
          </span>
        </div>
      ) : null}
      <div className="app__screen">
        {screen === 'editor' ? (
          <EditorScreen />
        ) : screen === 'new-project' ? (
          <NewProjectScreen />
        ) : (
          <StartScreen />
        )}
      </div>
    </div>
  );
}

export function App({ studio }: { studio: Studio }) {
  useEffect(() => {
    void studio.start();
  }, [studio]);
  useEffect(() => guardUnsavedChanges(window, () => selectDirty(studio.documents.getState())), [studio]);
  return (
    <StudioProvider studio={studio}>
      <ErrorBoundary area="Roundtable Studio" full>
        <Screens />
      </ErrorBoundary>
      <Toasts />
    </StudioProvider>
  );
}
