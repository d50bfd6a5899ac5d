/**
 * Where an export's files go: its chapter marks, its sections (one audio file, or one per chapter) and the
 * full list of files it writes. The export and the output guard (output-guard.ts) both use this, so the
 * files checked before an export are the files it writes.
 */
import type { ExportOptions } from '../../../shared/api/studio-api';
import type { Project } from '../../../shared/model/project';
import type { EpisodeTimeline } from '../../../shared/model/timeline';
import { samplesToMs } from '../../../shared/model/time';
import { ENCODER_FILE_EXTENSIONS } from './encoders/audio-encoder';
import type { TimedChapter } from './encoders/chapters';
import type { Section } from './encode-pass';
import { completeTimeline } from '../render/episode-assembler';
import { atSampleRate } from './export-source';
import {
  PODCAST_CHAPTERS_SUFFIX,
  TRANSCRIPT_SUFFIXES,
  VTT_CHAPTERS_SUFFIX,
} from './transcripts/write-transcripts';

/** Transcripts written for the whole episode; each chapter file gets `.srt` and `.vtt` of its own. */
export const EPISODE_TRANSCRIPTS = ['srt', 'vtt', 'json', 'labels'] as const;
export const SECTION_TRANSCRIPTS = ['srt', 'vtt'] as const;
export const REPORT_SUFFIX = '.report.txt';

/** Chapters in export milliseconds: each starts where its first turn's gap starts, ends at the next. */
export function chapterMarks(
  project: Project,
  timeline: EpisodeTimeline,
  sampleRate: number,
  totalFrames: number,
): TimedChapter[] {
  const startBySegment = new Map(timeline.entries.map((entry) => [entry.segmentId, entry.gapStartSample]));
  const marks = project.chapters
    .map((chapter) => ({
      title: chapter.title,
      startMs: samplesToMs(startBySegment.get(chapter.startSegmentId) ?? 0, timeline.sampleRate),
    }))
    .sort((a, b) => a.startMs - b.startMs);
  const endMs = samplesToMs(totalFrames, sampleRate);
  return marks
    .map((mark, index) => ({ ...mark, endMs: marks[index + 1]?.startMs ?? endMs }))
    .filter((c) => c.endMs > c.startMs);
}

export function sectionsFor(
  basePath: string,
  options: ExportOptions,
  chapters: TimedChapter[],
  totalFrames: number,
): Section[] {
  const extension = ENCODER_FILE_EXTENSIONS[options.format];
  if (!options.splitByChapter || chapters.length === 0)
    return [{ title: '', startFrame: 0, path: `${basePath}${extension}` }];
  const sections: Section[] = [];
  const first = chapters[0];
  if (first && first.startMs > 0) sections.push({ title: 'Introduction', startFrame: 0, path: '' });
  for (const chapter of chapters)
    sections.push({
      title: chapter.title,
      startFrame: Math.round((chapter.startMs * options.sampleRate) / 1000),
      path: '',
    });
  return sections
    .filter((section) => section.startFrame < totalFrames)
    .map((section, index) => ({
      ...section,
      path: sectionPath(basePath, index + 1, section.title, extension),
    }));
}

function sectionPath(basePath: string, number: number, title: string, extension: string): string {
  return `${basePath}-${String(number).padStart(2, '0')}-${slug(title)}${extension}`;
}

function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 48) || 'chapter'
  );
}

/** Every file an export of these sections writes: audio, transcripts, per-chapter captions, report. */
export function exportFileList(
  basePath: string,
  options: ExportOptions,
  sectionPaths: readonly string[],
  hasChapters: boolean,
): string[] {
  const extension = ENCODER_FILE_EXTENSIONS[options.format];
  const files = [...sectionPaths];
  for (const format of EPISODE_TRANSCRIPTS) {
    files.push(basePath + TRANSCRIPT_SUFFIXES[format]);
    if (format === 'vtt' && hasChapters)
      files.push(basePath + VTT_CHAPTERS_SUFFIX, basePath + PODCAST_CHAPTERS_SUFFIX);
  }
  if (sectionPaths.length > 1) {
    for (const section of sectionPaths) {
      const sectionBase = section.slice(0, -extension.length);
      for (const format of SECTION_TRANSCRIPTS) files.push(sectionBase + TRANSCRIPT_SUFFIXES[format]);
    }
  }
  files.push(basePath + REPORT_SUFFIX);
  return files;
}

/**
 * The files an export of `project` will write. With every turn rendered this is exact; before rendering
 * (turn lengths unknown) the chapter files are every name a chapter could get (numbered with and without an
 * introduction before it), so a check before rendering covers at least the files written after it.
 */
export function plannedExportFiles(project: Project, basePath: string, options: ExportOptions): string[] {
  const rendered = project.segments.every((segment) => segment.take);
  if (rendered) {
    const atRate = atSampleRate(project, options.sampleRate);
    return exportFilesOf(atRate, completeTimeline(atRate), basePath, options).files;
  }
  const extension = ENCODER_FILE_EXTENSIONS[options.format];
  const hasChapters = project.chapters.length > 0;
  if (!options.splitByChapter || !hasChapters)
    return exportFileList(basePath, options, [`${basePath}${extension}`], hasChapters);
  const order = new Map(project.segments.map((segment, index) => [segment.id, index]));
  const titles = [...project.chapters]
    .sort((a, b) => (order.get(a.startSegmentId) ?? 0) - (order.get(b.startSegmentId) ?? 0))
    .map((chapter) => chapter.title);
  const sections = [sectionPath(basePath, 1, 'Introduction', extension)];
  for (const [index, title] of titles.entries())
    sections.push(
      sectionPath(basePath, index + 1, title, extension),
      sectionPath(basePath, index + 2, title, extension),
    );
  return exportFileList(basePath, options, [...new Set(sections)], true);
}

/** The files an export of a rendered project (at the export's rate) writes, given its timeline. */
export function exportFilesOf(
  project: Project,
  timeline: EpisodeTimeline,
  basePath: string,
  options: ExportOptions,
): { files: string[]; chapters: TimedChapter[]; sections: Section[] } {
  const totalFrames = timeline.totalSamples;
  const chapters = chapterMarks(project, timeline, options.sampleRate, totalFrames);
  const sections = sectionsFor(basePath, options, chapters, totalFrames);
  const files = exportFileList(
    basePath,
    options,
    sections.map((section) => section.path),
    chapters.length > 0,
  );
  return { files, chapters, sections };
}
