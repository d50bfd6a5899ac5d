/** Chapter edits on the document: a chapter starts at a turn, and is added, renamed or removed there. */
import type { Project } from '../../../shared/model/project';
import { MAX_CHAPTER_TITLE_CHARS } from '../../../shared/script/item-sink';

/** The chapter that starts at a turn, if any. */
export function chapterAt(project: Project, segmentId: string) {
  return project.chapters.find((chapter) => chapter.startSegmentId === segmentId);
}

/**
 * Starts a chapter at a turn, or renames the one that starts there. A blank title, or a turn that is not
 * in the project, changes nothing (the same project is returned).
 */
export function setChapterAt(
  project: Project,
  segmentId: string,
  title: string,
  newId: () => string,
): Project {
  const clean = title.replace(/\s+/gu, ' ').trim().slice(0, MAX_CHAPTER_TITLE_CHARS);
  if (!clean || !project.segments.some((segment) => segment.id === segmentId)) return project;
  const existing = chapterAt(project, segmentId);
  if (existing?.title === clean) return project;
  const chapters = existing
    ? project.chapters.map((chapter) => (chapter === existing ? { ...chapter, title: clean } : chapter))
    : [...project.chapters, { id: newId(), title: clean, startSegmentId: segmentId }];
  return { ...project, chapters };
}

/** Removes the chapter that starts at a turn (the turns stay; they belong to the chapter before). */
export function removeChapterAt(project: Project, segmentId: string): Project {
  const chapters = project.chapters.filter((chapter) => chapter.startSegmentId !== segmentId);
  return chapters.length === project.chapters.length ? project : { ...project, chapters };
}

/** The title of the chapter turn `index` is in (the last chapter starting at or before it); null before any. */
export function chapterTitleAtIndex(project: Project, index: number): string | null {
  const startIndex = new Map(project.segments.map((segment, i) => [segment.id, i]));
  let best: { at: number; title: string } | null = null;
  for (const chapter of project.chapters) {
    const at = startIndex.get(chapter.startSegmentId);
    if (at !== undefined && at <= index && (!best || at > best.at)) best = { at, title: chapter.title };
  }
  return best?.title ?? null;
}
