/** The episode's chapters in time order: click one to select its first turn and move the playhead there. */
import { useProject, useStudio } from '../../app/studio-context';
import { chapterMarks, computeLayout } from '../../timeline/timeline-layout';
import { formatClock } from '../../util/format';
import './speakers.css';

export function ChaptersPanel() {
  const studio = useStudio();
  const project = useProject();
  if (!project) return null;
  const layout = computeLayout(project);
  const indexOf = new Map(project.segments.map((s, i) => [s.id, i]));
  const marks = chapterMarks(project, layout);
  const chapters = project.chapters
    .map((chapter) => ({ chapter, index: indexOf.get(chapter.startSegmentId) ?? -1 }))
    .filter((c) => c.index >= 0)
    .sort((a, b) => a.index - b.index);
  return (
    <section className="panel chapters" data-testid="chapters-panel">
      <div className="panel__head">
        <span className="panel__title">Chapters</span>
        <span className="panel__count">{chapters.length || ''}</span>
      </div>
      {chapters.length === 0 ? (
        <div className="chapters__empty">
          Select a turn and press “Start a chapter here”, or add a script with “# Title” lines.
        </div>
      ) : (
        <ol className="chapters__list">
          {chapters.map(({ chapter, index }, n) => (
            <li key={chapter.id}>
              <button
                type="button"
                className="chapter"
                data-testid="chapter"
                onClick={() => {
                  studio.ui.setState({ selectedSegmentId: chapter.startSegmentId });
                  studio.playback.seek(marks[n]?.atMs ?? layout.startMs[index] ?? 0);
                }}
              >
                <span className="chapter__n mono">{n + 1}</span>
                <span className="chapter__title">{chapter.title}</span>
                <span className="chapter__at mono">{formatClock(marks[n]?.atMs ?? 0, false)}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
