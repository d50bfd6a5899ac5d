/**
 * Preview of the studio against the in-memory fake host (no Node, no engines): for looking at the UI and
 * for screenshots. `?scenario=start|editor|large` picks what is on screen at load.
 */
import '../app/theme.css';
import { createRoot } from 'react-dom/client';
import { setApiForTesting } from '../api/get-api';
import { App } from '../app/App';
import { createBrowserStudio } from '../app/browser-studio';
import { generatedProject } from './demo-projects';
import { createFakeApi, FAKE_DATA_DIR } from './fake-api';

const params = new URLSearchParams(window.location.search);
const scenario = params.get('scenario') ?? 'start';
const api = createFakeApi({
  realAudio: true,
  renderDelayMs: 180,
  resourceIntervalMs: 1000,
  exportStepMs: 350,
});
setApiForTesting(api);
const studio = createBrowserStudio(api);

async function prepare(): Promise<void> {
  await api.createProject({
    title: 'Roundtable pilot',
    dir: `${FAKE_DATA_DIR}/projects/roundtable-pilot`,
    project: generatedProject(14, 3, 'Roundtable pilot'),
  });
  await api.createProject({
    title: 'Long episode',
    dir: `${FAKE_DATA_DIR}/projects/long-episode`,
    project: generatedProject(1000, 4, 'Long episode'),
  });
  if (scenario === 'editor' || scenario === 'large') {
    const dir = `${FAKE_DATA_DIR}/projects/${scenario === 'large' ? 'long-episode' : 'roundtable-pilot'}`;
    await studio.projects.open(dir);
    if (scenario === 'editor') {
      const ids = studio.renderer.pendingSegmentIds().slice(0, 10);
      await studio.renderer.renderSegments(ids, { force: false });
      api.emit('onWatchdogAction', {
        atMs: Date.now() - 60_000,
        action: 'unload-idle-models',
        reason: 'GPU memory at 91% (7.3 of 8.0 GB) while the kokoro model sat idle for 120 s.',
      });
      api.emit('onWatchdogAction', {
        atMs: Date.now() - 20_000,
        action: 'shrink-chunks',
        reason: 'Free VRAM 610 MB is below the 800 MB reserve: chunks limited to 200 characters.',
      });
    }
  }
}

const container = document.getElementById('root');
if (container) {
  void prepare().then(() => createRoot(container).render(<App studio={studio} />));
}
