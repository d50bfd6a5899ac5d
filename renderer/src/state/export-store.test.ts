import { describe, expect, it } from 'vitest';
import { createFakeApi } from '../dev/fake-api';
import { createExportStore, estimateEtaMs, ExportController } from './export-store';
import { sampleProject, take } from './test-fixtures';
import { pollUntil } from '../../../test-support/poll';

describe('export controller', () => {
  it('follows progress to the result files', async () => {
    const api = createFakeApi({ exportStepMs: 1 });
    const exporter = new ExportController(api, createExportStore());
    await exporter.start('/p', sampleProject(), { format: 'mp3', splitByChapter: false });
    expect(exporter.store.getState().running).toBe(true);
    await pollUntil(() => exporter.store.getState().phase === 'done', 'the export to finish');
    expect(exporter.store.getState()).toMatchObject({
      running: false,
      fraction: 1,
      files: ['/p/exports/test-episode.mp3'],
    });
    // What the export measured and checked arrives with `done` and stays for the dialog.
    expect(exporter.store.getState().summary?.checks.ok).toBe(true);
    expect(exporter.store.getState().summary?.reportFile).toBe('/p/exports/test-episode.report.txt');
    exporter.dispose();
  });

  it('reports a refused export with what to do', async () => {
    const api = createFakeApi({
      failures: { startExport: { code: 'not-available', message: 'No export here.', hint: 'Use the CLI.' } },
    });
    const exporter = new ExportController(api, createExportStore());
    await exporter.start('/p', sampleProject(), {});
    expect(exporter.store.getState()).toMatchObject({
      running: false,
      phase: 'failed',
      error: { message: 'No export here.', hint: 'Use the CLI.' },
    });
  });

  it('can be cancelled', async () => {
    const api = createFakeApi({ exportStepMs: 50 });
    const exporter = new ExportController(api, createExportStore());
    await exporter.start('/p', sampleProject(), {});
    await exporter.cancel();
    await pollUntil(() => exporter.store.getState().phase === 'cancelled', 'the export to be cancelled');
    expect(exporter.store.getState().running).toBe(false);
    api.dispose();
  });

  it('renders the turns the export still needs first, then exports the project with their takes', async () => {
    const api = createFakeApi({ exportStepMs: 1 });
    const calls: string[] = [];
    const original = api.startExport.bind(api);
    api.startExport = async (input) => {
      calls.push(
        `export:${input.project.segments.every((segment) => segment.take) ? 'complete' : 'missing'}`,
      );
      return original(input);
    };
    const unrendered = sampleProject(); // s3 has no take
    const renderedProject = {
      ...unrendered,
      segments: unrendered.segments.map((segment) => ({ ...segment, take: segment.take ?? take('cc03') })),
    };
    const exporter = new ExportController(api, createExportStore(), Date.now, {
      render: async () => {
        calls.push('render');
        expect(exporter.store.getState()).toMatchObject({ running: true, phase: 'rendering' });
        return { project: renderedProject, failed: 0 };
      },
      cancel: async () => undefined,
    });
    await exporter.start('/p', unrendered, { format: 'wav' });
    await pollUntil(() => exporter.store.getState().phase === 'done', 'the export to finish');
    expect(calls).toEqual(['render', 'export:complete']);
    exporter.dispose();
  });

  it('exports nothing when a needed turn fails to render, and says what to do', async () => {
    const api = createFakeApi({ exportStepMs: 1 });
    const exporter = new ExportController(api, createExportStore(), Date.now, {
      render: async () => ({ project: sampleProject(), failed: 2 }),
      cancel: async () => undefined,
    });
    await exporter.start('/p', sampleProject(), {});
    expect(exporter.store.getState()).toMatchObject({
      running: false,
      phase: 'failed',
      error: { message: '2 turns could not be rendered, so nothing was exported.' },
    });
    expect(api.calls.filter((call) => call.method === 'startExport')).toEqual([]);
  });

  it('stops while it is still rendering when cancelled', async () => {
    const api = createFakeApi({ exportStepMs: 1 });
    let finishRender: (() => void) | undefined;
    let cancelled = false;
    const exporter = new ExportController(api, createExportStore(), Date.now, {
      render: () =>
        new Promise((resolve) => {
          finishRender = () => resolve({ project: sampleProject(), failed: 1 });
        }),
      cancel: async () => {
        cancelled = true;
        finishRender?.();
      },
    });
    const started = exporter.start('/p', sampleProject(), {});
    await pollUntil(() => finishRender !== undefined, 'the render to start');
    await exporter.cancel();
    await started;
    expect(cancelled).toBe(true);
    expect(exporter.store.getState()).toMatchObject({ running: false, phase: 'cancelled' });
  });

  it('estimates the time left from progress when the host gives no ETA', () => {
    expect(estimateEtaMs(0.5, 10_000, null)).toBe(10_000);
    expect(estimateEtaMs(0.01, 10_000, null)).toBeNull();
    expect(estimateEtaMs(0.5, 10_000, 1234)).toBe(1234);
  });
});
