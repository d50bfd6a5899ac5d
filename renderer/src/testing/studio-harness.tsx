/**
 * A studio for component tests: the in-memory StudioApi (renderer/src/dev/fake-api), the real stores and
 * controllers, a project opened through them, and a component rendered inside the StudioProvider with the
 * toasts beside it. Nothing runs on a timer of its own: the player's clock and the autosave wait to be told.
 */
import { act, render, type RenderResult } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { onTestFinished } from 'vitest';
import type { MethodInput } from '../../../shared/api/studio-api';
import type { Project } from '../../../shared/model/project';
import { StudioProvider } from '../app/studio-context';
import type { PlayerClock } from '../audio/sequential-player';
import { Toasts } from '../components/common/Toasts';
import { createFakeApi, type FakeApiOptions, type FakeStudioApi } from '../dev/fake-api';
import { selectProject } from '../state/document-store';
import { createStudio, type Studio } from '../state/studio';
import { sampleProject } from '../state/test-fixtures';

export const PROJECT_DIR = '/home/producer/episodes/test-episode';

/** A clock that never fires by itself: playback stays where a test put it. */
const stillClock: PlayerClock = {
  now: () => 0,
  setTimeout: () => 0,
  clearTimeout: () => {},
  frame: () => 0,
  cancelFrame: () => {},
};

export interface Harness {
  api: FakeStudioApi;
  studio: Studio;
  user: UserEvent;
  /**
   * Renders `ui` in this studio (with its toasts) and lets what it asks the fake host on mounting arrive
   * (the fake answers at once, so one pass of pending promises is enough).
   */
  show(ui: ReactNode): Promise<RenderResult>;
  /** The open document. */
  project(): Project;
  /** Runs the autosave that an edit scheduled (the harness holds its timer). */
  autosaveNow(): Promise<void>;
}

export interface HarnessOptions {
  /** The project opened (default: state/test-fixtures' sampleProject); null opens none. */
  project?: Project | null;
  api?: FakeApiOptions;
  /** The studio's clock for undo coalescing (default: Date.now); a fixed one keeps every edit in one window. */
  now?: () => number;
}

/** Creates the studio, loads the catalog and opens the project; disposed when the test finishes. */
export async function openStudio(options: HarnessOptions = {}): Promise<Harness> {
  const api = createFakeApi(options.api);
  let autosave: (() => void) | null = null;
  const studio = createStudio(api, {
    media: document.createElement('audio'),
    clock: stillClock,
    ...(options.now ? { now: options.now } : {}),
    autosave: {
      setTimer: (run) => {
        autosave = run;
        return 1;
      },
      clearTimer: () => {
        autosave = null;
      },
    },
  });
  onTestFinished(() => {
    studio.dispose();
    api.dispose();
  });
  await studio.start();
  const project = options.project === undefined ? sampleProject() : options.project;
  if (project) {
    api.projects.set(PROJECT_DIR, project);
    if (!(await studio.projects.open(PROJECT_DIR))) throw new Error('the test project did not open');
  }
  return {
    api,
    studio,
    // No pause between keystrokes: nothing here waits on a timer, and a loaded machine makes each one slow.
    user: userEvent.setup({ delay: null }),
    async show(ui) {
      let result: RenderResult | null = null;
      await act(async () => {
        result = render(
          <StudioProvider studio={studio}>
            {ui}
            <Toasts />
          </StudioProvider>,
        );
      });
      return result!;
    },
    project() {
      const open = selectProject(studio.documents.getState());
      if (!open) throw new Error('no project is open');
      return open;
    },
    async autosaveNow() {
      const run = autosave;
      autosave = null;
      run?.();
      await studio.autosaver.settle();
    },
  };
}

/**
 * Makes the fake host take render jobs and report nothing until the test says so (`api.emit`): turns stay
 * queued however long the test takes. Returns the requests of each job, by job id.
 */
export function holdRenders(api: FakeStudioApi): Map<string, MethodInput<'renderTakes'>> {
  const jobs = new Map<string, MethodInput<'renderTakes'>>();
  api.renderTakes = async (input) => {
    const jobId = `held-${jobs.size + 1}`;
    jobs.set(jobId, input);
    return { jobId };
  };
  return jobs;
}

/** Renders every turn that needs it through the fake API and waits until each has its take. */
export async function renderAllTurns(studio: Studio): Promise<void> {
  const { failed } = await studio.renderer.renderPendingAndWait();
  if (failed > 0) throw new Error(`${failed} turns failed to render`);
}
