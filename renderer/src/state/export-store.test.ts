import { describe, expect, it } from 'vitest';
import { createFakeApi } from '../dev/fake-api';
import { createExportStore, estimateEtaMs, ExportController } from './export-store';
import { sampleProject } from './test-fixtures';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error('timed out');
}

describe('export controller', () => {
  it('follows progress to the result files', async () => {
    const api = createFakeApi({ exportStepMs: 1 });
    const exporter = new ExportController(api, createExportStore());
    await exporter.start('/p', sampleProject(), { format: 'mp3', splitByChapter: false });
    expect(exporter.store.getState().running).toBe(true);
    await until(() => exporter.store.getState().phase === 'done');
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
    await until(() => exporter.store.getState().phase === 'cancelled');
    expect(exporter.store.getState().running).toBe(false);
    api.dispose();
  });

  it('estimates the time left from progress when the host gives no ETA', () => {
    expect(estimateEtaMs(0.5, 10_000, null)).toBe(10_000);
    expect(estimateEtaMs(0.01, 10_000, null)).toBeNull();
    expect(estimateEtaMs(0.5, 10_000, 1234)).toBe(1234);
  });
});
