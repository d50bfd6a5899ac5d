/** The StudioApi handlers as the UI drives them: create, render, save, reopen, export. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExportProgress, RenderProgress } from '../../shared/api/studio-api';
import { scriptToProject } from '../../shared/model/from-script';
import type { Project } from '../../shared/model/project';
import { parseScript } from '../../shared/script/parser';
import { createStudioHost } from './studio-host';
import { ffmpegEbur128 } from './audio/testing/oracle';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-host-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function waitFor<T>(
  subscribe: (listener: (payload: T) => void) => () => void,
  done: (payload: T) => boolean,
  timeoutMs = 120_000,
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const seen: T[] = [];
    const timer = setTimeout(
      () => reject(new Error(`timed out; saw ${JSON.stringify(seen.slice(-3))}`)),
      timeoutMs,
    );
    const off = subscribe((payload) => {
      seen.push(payload);
      if (done(payload)) {
        clearTimeout(timer);
        off();
        resolve(seen);
      }
    });
  });
}

describe('StudioHost', () => {
  it('creates a project, renders its turns, saves, reopens and exports MP3 with transcripts', async () => {
    const host = await createStudioHost({
      mode: 'cli',
      dataDir,
      env: { ROUNDTABLE_FAULTS: '' },
      takeUrl: (dir, hash) => `/take/${hash}?dir=${encodeURIComponent(dir)}`,
    });
    try {
      const { project: draft } = scriptToProject(
        parseScript('# Intro\nHost: Welcome to the test.\nGuest: Happy to be here.\n'),
        { title: 'Host test' },
      );
      const created = await host.handlers.createProject({ title: 'Host test', project: draft });
      expect(created.dir.startsWith(path.join(dataDir, 'projects'))).toBe(true);

      const requests = created.project.segments.map((segment) => ({
        segmentId: segment.id,
        text: segment.text,
        voice: created.project.speakers.find((speaker) => speaker.id === segment.speakerId)!.voice,
        force: false,
      }));
      const progress = waitFor<RenderProgress>(
        (l) => host.on('onRenderProgress', l),
        (p) => p.doneCount === p.totalCount && (p.status === 'done' || p.status === 'cached'),
      );
      const { jobId } = await host.handlers.renderTakes({ dir: created.dir, requests });
      const events = await progress;
      expect(events.every((event) => event.jobId === jobId)).toBe(true);
      const takes = new Map(events.filter((e) => e.take).map((e) => [e.segmentId, e.take!]));
      const rendered: Project = {
        ...created.project,
        segments: created.project.segments.map((s) => ({ ...s, take: takes.get(s.id) })),
      };
      expect(rendered.segments.every((segment) => segment.take)).toBe(true);

      const peaks = await host.handlers.getPeaks({
        dir: created.dir,
        hash: rendered.segments[0]!.take!.hash,
      });
      expect(peaks.peaks.length).toBeGreaterThan(10);
      expect(Math.max(...peaks.peaks)).toBeGreaterThan(0.05);
      const { url } = await host.handlers.getTakeUrl({
        dir: created.dir,
        hash: rendered.segments[0]!.take!.hash,
      });
      expect(url).toMatch(/^\/take\/[0-9a-f]+\?dir=/);
      expect(fs.existsSync(await host.resolveTakeFile(created.dir, rendered.segments[0]!.take!.hash))).toBe(
        true,
      );

      await host.handlers.saveProject({ dir: created.dir, project: rendered });
      const reopened = await host.handlers.openProject({ dir: created.dir });
      expect(reopened.project).toEqual(rendered);

      const exported = waitFor<ExportProgress>(
        (l) => host.on('onExportProgress', l),
        (p) => p.phase === 'done' || p.phase === 'failed',
      );
      await host.handlers.startExport({
        dir: created.dir,
        project: rendered,
        options: {
          format: 'mp3',
          sampleRate: 44100,
          channels: 1,
          bitDepth: 16,
          mp3BitrateKbps: 128,
          splitByChapter: false,
        },
      });
      const last = (await exported).at(-1)!;
      expect(last.phase).toBe('done');
      const mp3 = last.files.find((file) => file.endsWith('.mp3'))!;
      expect(path.dirname(mp3)).toBe(path.join(created.dir, 'exports'));
      expect(last.files.some((file) => file.endsWith('.vtt'))).toBe(true);
      const probe = JSON.parse(
        execFileSync('ffprobe', ['-v', 'error', '-show_chapters', '-show_format', '-of', 'json', mp3], {
          encoding: 'utf8',
        }),
      ) as {
        chapters: { tags: { title: string } }[];
        format: { duration: string };
      };
      expect(probe.chapters.map((c) => c.tags.title)).toEqual(['Intro']);
      expect(Number(probe.format.duration)).toBeGreaterThan(2);
      // The summary is the measurement of what was written: ffmpeg's loudness of the MP3 agrees with it.
      const summary = last.summary!;
      expect(summary.checks).toEqual({
        ok: true,
        turnsChecked: rendered.segments.length,
        inaudibleTurns: 0,
        noisyGaps: 0,
        clippedSamples: 0,
      });
      expect(summary.targetLufs).toBe(-19);
      expect(summary.reportFile).toBe(last.files.find((file) => file.endsWith('.report.txt')));
      const { integratedLufs: measured, truePeakDbtp: measuredPeak } = ffmpegEbur128(mp3);
      // The decoded MP3 meets the target and the ceiling (the plan allows for LAME's level and overshoot).
      expect(Math.abs(measured - -19)).toBeLessThanOrEqual(0.2);
      expect(Math.abs(measured - summary.outputLufs!)).toBeLessThanOrEqual(0.3);
      expect(measuredPeak).toBeLessThanOrEqual(-1);
      expect(summary.truePeakDbtp!).toBeLessThanOrEqual(-1);

      // Played beside the files: the exported MP3 by URL; nothing outside exports/ nor a transcript.
      const exportUrl = await host.handlers.getExportFileUrl({ dir: created.dir, file: mp3 });
      expect(exportUrl.url).toBe(
        `/export-file/${encodeURIComponent(path.basename(mp3))}?dir=${encodeURIComponent(created.dir)}`,
      );
      expect(await host.resolveExportFile(created.dir, path.basename(mp3))).toBe(mp3);
      for (const file of [path.join(created.dir, 'project.json'), mp3.replace(/\.mp3$/, '.vtt')]) {
        await expect(host.handlers.getExportFileUrl({ dir: created.dir, file })).rejects.toThrow(
          /not an exported audio file/,
        );
      }
      await expect(host.resolveExportFile(created.dir, '../project.json')).rejects.toThrow();
      // Outside the desktop app the folder cannot be opened: the answer names it instead.
      expect(await host.handlers.openExportFolder({ dir: created.dir })).toEqual({
        opened: false,
        folder: path.join(created.dir, 'exports'),
      });
      // The folder a new project is given is the one suggested for its title.
      const suggested = await host.handlers.suggestProjectDir({ title: 'Host test' });
      expect(suggested.dir).toBe(path.join(dataDir, 'projects', 'Host test 2'));
      const second = await host.handlers.createProject({ title: 'Host test', project: draft });
      expect(second.dir).toBe(suggested.dir);
    } finally {
      await host.dispose();
    }
  });

  it('refuses to export before every turn is rendered, with what to do', async () => {
    const host = await createStudioHost({ mode: 'cli', dataDir, takeUrl: () => '' });
    try {
      const { project } = scriptToProject(parseScript('Host: Not rendered yet.\n'), { title: 'Unrendered' });
      const created = await host.handlers.createProject({ title: 'Unrendered', project });
      await expect(
        host.handlers.startExport({
          dir: created.dir,
          project: created.project,
          options: {
            format: 'wav',
            sampleRate: 44100,
            channels: 1,
            bitDepth: 16,
            mp3BitrateKbps: 128,
            splitByChapter: false,
          },
        }),
      ).rejects.toMatchObject({ code: 'takes-missing', hint: expect.stringMatching(/Render all turns/) });
    } finally {
      await host.dispose();
    }
  });
});
