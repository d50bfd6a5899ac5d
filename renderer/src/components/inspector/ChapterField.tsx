/**
 * The turn editor's chapter row: start a chapter at this turn, rename it, or remove it (each an undo step,
 * committed on Enter or when the field loses focus). A blank title is not a chapter: it reverts instead of
 * removing anything.
 */
import { useEffect, useState } from 'react';
import type { Project, Segment } from '../../../../shared/model/project';
import { useStudio } from '../../app/studio-context';
import { MAX_CHAPTER_TITLE_CHARS } from '../../../../shared/script/item-sink';
import { chapterAt } from '../../state/chapter-edits';
import { Icon } from '../common/Icon';

export function ChapterField({ project, segment }: { project: Project; segment: Segment }) {
  const studio = useStudio();
  const chapter = chapterAt(project, segment.id);
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState(chapter?.title ?? '');
  useEffect(() => setDraft(chapter?.title ?? ''), [chapter?.title]);

  if (!chapter && !adding) {
    return (
      <div className="turn-editor__chapter">
        <button
          type="button"
          className="btn btn--ghost btn--small"
          data-testid="chapter-start"
          title="Make this turn the first of a new chapter"
          onClick={() => setAdding(true)}
        >
          <Icon name="plus" size={13} /> Start a chapter here
        </button>
      </div>
    );
  }
  const commit = () => {
    const title = draft.trim();
    if (title) studio.commands.setChapter(segment.id, title);
    else setDraft(chapter?.title ?? '');
    setAdding(false);
  };
  return (
    <div className="field turn-editor__chapter">
      <span className="field__label">Chapter starting here</span>
      <div className="turn-editor__chapter-row">
        <input
          className="input"
          data-testid="chapter-title"
          aria-label="Chapter title"
          placeholder="Chapter title"
          maxLength={MAX_CHAPTER_TITLE_CHARS}
          autoFocus={adding}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.currentTarget.blur();
            if (e.key === 'Escape') {
              e.stopPropagation();
              setDraft(chapter?.title ?? '');
              setAdding(false);
            }
          }}
        />
        {chapter ? (
          <button
            type="button"
            className="btn btn--ghost btn--icon btn--small"
            data-testid="chapter-remove"
            title="Remove this chapter (its turns join the chapter before)"
            aria-label="Remove this chapter"
            onClick={() => studio.commands.removeChapter(segment.id)}
          >
            <Icon name="trash" size={13} />
          </button>
        ) : null}
      </div>
    </div>
  );
}
