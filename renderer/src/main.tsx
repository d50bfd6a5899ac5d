/** Renderer entry: gets the StudioApi (Electron preload or serve mode's WebSocket) and mounts the studio. */
import './app/theme.css';
import { createRoot } from 'react-dom/client';
import { getApi } from './api/get-api';
import { App } from './app/App';
import { createBrowserStudio } from './app/browser-studio';
import { BootError } from './app/BootError';

const container = document.getElementById('root');
if (container) {
  const root = createRoot(container);
  try {
    const studio = createBrowserStudio(getApi());
    window.addEventListener('pagehide', () => {
      void studio.autosaver.flush();
    });
    root.render(<App studio={studio} />);
  } catch (error) {
    root.render(<BootError error={error} />);
  }
}
