import { describe, expect, it } from 'vitest';
import { ProjectSchema } from '../../../shared/model/project';
import { snappedGap } from '../components/editor/use-timeline-pointer';
import { computeLayout } from '../timeline/timeline-layout';
import { dragTrim, setClip, setSignedGap } from './clip-edits';
import { DocumentCommands } from './document-commands';
import { createDocumentStore, selectProject } from './document-store';
import { sampleProject } from './test-fixtures';
import { createUiStore } from './ui-store';

describe('clip edits', () => {
  it('a negative gap is an overlap (cross-talk) that the timeline and the schema take', () => {
    const overlapped = setSignedGap(sampleProject(), 's2', -500);
    const s2 = overlapped.segments[1]!;
    expect(s2).toMatchObject({ gapBeforeMs: 0, overlapMs: 500 });
    expect(ProjectSchema.safeParse(overlapped).success).toBe(true);
    const layout = computeLayout(overlapped);
    expect(layout.startMs[1]).toBe(1500); // s1 is 2 s long: s2 starts 500 ms before its end
    const back = setSignedGap(overlapped, 's2', 250);
    expect(back.segments[1]).toMatchObject({ gapBeforeMs: 250 });
    expect('overlapMs' in back.segments[1]!).toBe(false);
    expect(setSignedGap(back, 's2', 250)).toBe(back);
    expect(setSignedGap(back, 's2', -1e9).segments[1]!.overlapMs).toBe(60_000);
  });

  it('trims keep at least 50 ms of the take, fades stay in their limits, 0 removes the field', () => {
    const project = sampleProject(); // s2's take is 1 s
    const trimmed = setClip(project, 's2', { trimStartMs: 700, trimEndMs: 900 });
    expect(trimmed.segments[1]).toMatchObject({ trimStartMs: 700, trimEndMs: 250 });
    expect(computeLayout(trimmed).durationMs[1]).toBe(50);
    const faded = setClip(trimmed, 's2', { fadeInMs: 40_000, fadeOutMs: 12.4 });
    expect(faded.segments[1]).toMatchObject({ fadeInMs: 30_000, fadeOutMs: 12 });
    const cleared = setClip(faded, 's2', { trimStartMs: 0 });
    expect('trimStartMs' in cleared.segments[1]!).toBe(false);
    expect(ProjectSchema.safeParse(faded).success).toBe(true);
  });

  it('a dragged gap snaps to 10 ms and to 0 near it, and commits as one undo step', () => {
    expect(snappedGap(300, 24, 24)).toBe(1300);
    expect(snappedGap(300, -92, 240)).toBe(-80);
    expect(snappedGap(300, -9.2, 24)).toBe(0); // 2 px from 0
    expect(snappedGap(20, -0.2, 24)).toBe(0);
    const documents = createDocumentStore();
    documents.getState().load('/p', sampleProject());
    const commands = new DocumentCommands(documents, createUiStore(), (p) => `${p}1`);
    commands.setGap('s2', -300, false);
    commands.setClip('s2', { fadeInMs: 100 });
    commands.setClip('s2', { fadeInMs: 150 }); // typing coalesces
    expect(documents.getState().history!.present.segments[1]).toMatchObject({
      overlapMs: 300,
      fadeInMs: 150,
    });
    commands.undo();
    expect(documents.getState().history!.present.segments[1]!.fadeInMs).toBeUndefined();
    commands.undo();
    expect(documents.getState().history!.present.segments[1]).toMatchObject({ gapBeforeMs: 300 });
  });
});

describe('trimming by dragging a clip edge', () => {
  it('the start edge cuts the take and the gap grows by as much: the audio and the turns after stay put', () => {
    const project = sampleProject(); // s2: 1 s take from 2300 ms (gap 300); s3 after it
    const before = computeLayout(project);
    const { project: dragged, trimMs } = dragTrim(project, 's2', 'start', 204);
    expect(trimMs).toBe(200); // snapped to 10 ms
    expect(dragged.segments[1]).toMatchObject({ trimStartMs: 200, gapBeforeMs: 500 });
    const after = computeLayout(dragged);
    expect(after.startMs[1]).toBe(2500); // the edge followed the pointer
    expect(after.startMs[1]! + after.durationMs[1]!).toBe(before.startMs[1]! + before.durationMs[1]!);
    expect(after.startMs[2]).toBe(before.startMs[2]);
    // Dragged back past the take's start: nothing is cut, the gap is as it was.
    const back = dragTrim(dragged, 's2', 'start', -900).project;
    expect(back.segments[1]).toMatchObject({ gapBeforeMs: 300 });
    expect('trimStartMs' in back.segments[1]!).toBe(false);
  });

  it('the end edge cuts the take end, the turns after follow, and at least 50 ms stays', () => {
    const project = sampleProject();
    const { project: dragged, trimMs } = dragTrim(project, 's2', 'end', -300);
    expect(trimMs).toBe(300);
    const layout = computeLayout(dragged);
    expect(layout.durationMs[1]).toBe(700);
    expect(layout.startMs[2]).toBe(computeLayout(project).startMs[2]! - 300);
    expect(dragTrim(project, 's2', 'end', -5000).trimMs).toBe(950);
    expect(dragTrim(project, 's3', 'end', -300).project).toBe(project); // no take: nothing to trim
  });

  it('a drag is one undo step; keyboard steps on one edge coalesce into one', () => {
    const documents = createDocumentStore();
    documents.getState().load('/p', sampleProject());
    const commands = new DocumentCommands(documents, createUiStore(), (p) => `${p}-1`);
    expect(commands.trimEdge('s2', 'start', 120, false)).toBe(true);
    for (let i = 0; i < 3; i++) commands.trimEdge('s2', 'end', -10);
    const segment = () => selectProject(documents.getState())!.segments[1]!;
    expect(segment()).toMatchObject({ trimStartMs: 120, trimEndMs: 30, gapBeforeMs: 420 });
    documents.getState().undo();
    expect(segment()).toMatchObject({ trimStartMs: 120, gapBeforeMs: 420 });
    expect('trimEndMs' in segment()).toBe(false);
    documents.getState().undo();
    expect(segment()).toMatchObject({ gapBeforeMs: 300 });
    expect('trimStartMs' in segment()).toBe(false);
  });
});
