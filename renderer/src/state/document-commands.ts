/**
 * The user's document edits, each one undo step (typing and dragging coalesce into one step per turn and
 * field). Keeps the selection sensible when turns come and go.
 */
import type { Speaker } from '../../../shared/model/project';
import type { VoiceInfo } from '../../../shared/model/voice';
import type { ParsedScript } from '../../../shared/script/types';
import { PronunciationsSchema, type Pronunciation } from '../../../shared/text/pronunciations';
import {
  deleteSegment,
  findSegment,
  insertContent,
  moveSegment,
  restoreTake,
  setSegmentGap,
  setSegmentLocked,
  setSegmentSampling,
  mergeSpeaker,
  setSegmentSpeaker,
  setPronunciations,
  setSegmentText,
  setSpeakerGains,
  setTitle,
  updateSpeaker,
  type SpeakerPatch,
  type TurnSamplingPatch,
} from './document-edits';
import { removeChapterAt, setChapterAt } from './chapter-edits';
import { selectProject, type DocumentStore } from './document-store';
import { contentFromScript } from '../../../shared/model/script-content';
import { pushToast, type UiStore } from './ui-store';

export type TextEditResult = 'changed' | 'unchanged' | 'locked' | 'empty' | 'missing';

export class DocumentCommands {
  constructor(
    private readonly documents: DocumentStore,
    private readonly ui: UiStore,
    private readonly newId: (prefix: string) => string,
  ) {}

  private project() {
    return selectProject(this.documents.getState());
  }

  setTitle(title: string): boolean {
    return this.documents.getState().edit((p) => setTitle(p, title), 'title');
  }

  setText(segmentId: string, text: string): TextEditResult {
    const project = this.project();
    const segment = project ? findSegment(project, segmentId) : undefined;
    if (!segment) return 'missing';
    if (segment.locked) return 'locked';
    if (text.trim() === '') return 'empty';
    const changed = this.documents
      .getState()
      .edit((p, index) => setSegmentText(p, segmentId, text, index), `text:${segmentId}`);
    return changed ? 'changed' : 'unchanged';
  }

  /** Starts a chapter at the turn, or renames the one there (each committed title is one undo step). */
  setChapter(segmentId: string, title: string): boolean {
    return this.documents.getState().edit((p) => setChapterAt(p, segmentId, title, () => this.newId('ch')));
  }

  removeChapter(segmentId: string): boolean {
    return this.documents.getState().edit((p) => removeChapterAt(p, segmentId));
  }

  setGap(segmentId: string, gapBeforeMs: number, coalesce = true): boolean {
    return this.documents
      .getState()
      .edit((p) => setSegmentGap(p, segmentId, gapBeforeMs), coalesce ? `gap:${segmentId}` : undefined);
  }

  setSpeaker(segmentId: string, speakerId: string): boolean {
    return this.documents.getState().edit((p, index) => setSegmentSpeaker(p, segmentId, speakerId, index));
  }

  /** One undo step: the turns of `fromId` go to `intoId`, and `fromId` goes once it has none. */
  mergeSpeaker(fromId: string, intoId: string): boolean {
    return this.documents.getState().edit((p, index) => mergeSpeaker(p, fromId, intoId, index));
  }

  setLocked(segmentId: string, locked: boolean): boolean {
    return this.documents.getState().edit((p) => setSegmentLocked(p, segmentId, locked));
  }

  restoreTake(segmentId: string, hash: string): boolean {
    return this.documents.getState().edit((p, index) => restoreTake(p, segmentId, hash, index));
  }

  /** A turn's own seed, CFG scale or steps (null: the speaker's); a slider drag is one undo step. */
  setTurnSampling(segmentId: string, patch: TurnSamplingPatch, coalesce = false): boolean {
    return this.documents
      .getState()
      .edit(
        (p, index) => setSegmentSampling(p, segmentId, patch, index),
        coalesce ? `sampling:${segmentId}:${Object.keys(patch).join(',')}` : undefined,
      );
  }

  move(fromIndex: number, toIndex: number): boolean {
    return this.documents.getState().edit((p) => moveSegment(p, fromIndex, toIndex));
  }

  /** Deletes a turn and selects its neighbour. */
  delete(segmentId: string): boolean {
    const project = this.project();
    if (!project) return false;
    const index = project.segments.findIndex((s) => s.id === segmentId);
    const changed = this.documents.getState().edit((p) => deleteSegment(p, segmentId));
    if (changed && this.ui.getState().selectedSegmentId === segmentId) {
      const neighbour = project.segments[index + 1] ?? project.segments[index - 1];
      this.ui.setState({ selectedSegmentId: neighbour?.id ?? null });
    }
    return changed;
  }

  /**
   * Changes a speaker's name, colour, voice or level. Dragging a slider coalesces into one undo step per
   * speaker and field (the key below). A name another speaker already has (in any case) is refused
   * with a toast: two speakers of one name would be told apart nowhere (transcripts, scripts added later).
   */
  updateSpeaker(speakerId: string, patch: SpeakerPatch): boolean {
    const wanted = patch.name?.trim().toLowerCase();
    const taken = wanted
      ? this.project()?.speakers.find((s) => s.id !== speakerId && s.name.toLowerCase() === wanted)
      : undefined;
    if (taken) {
      pushToast(this.ui, {
        kind: 'info',
        message: `There is already a speaker called “${taken.name}”.`,
        hint: `Choose another name, or give these turns to ${taken.name} with the turn editor's Speaker list.`,
      });
      return false;
    }
    const field = Object.keys(patch).sort().join(',');
    return this.documents
      .getState()
      .edit((p, index) => updateSpeaker(p, speakerId, patch, index), `speaker:${speakerId}:${field}`);
  }

  /** Sets several speakers' levels (dB) in one undo step, as "match levels" does. */
  setSpeakerGains(gains: ReadonlyArray<{ speakerId: string; gainDb: number }>): boolean {
    return this.documents.getState().edit((p) => setSpeakerGains(p, gains));
  }

  /**
   * Replaces the project's pronunciation list in one undo step (undo brings back the list and the takes it
   * retired). Entries are trimmed; a list PronunciationsSchema refuses, or the same list, changes nothing.
   */
  setPronunciations(entries: readonly Pronunciation[]): boolean {
    const parsed = PronunciationsSchema.safeParse(entries);
    if (!parsed.success) return false;
    return this.documents.getState().edit((p, index) => setPronunciations(p, parsed.data, index));
  }

  /**
   * Adds a script's turns after the turn `afterSegmentId` (null: at the end) in one undo step and selects
   * the first of them. Returns how many were added.
   */
  addScript(parsed: ParsedScript, voices: VoiceInfo[], afterSegmentId: string | null = null): number {
    const project = this.project();
    if (!project) return 0;
    const content = contentFromScript(parsed, {
      existingSpeakers: project.speakers as Speaker[],
      voices,
      defaultGapMs: project.settings.defaultGapMs,
      appending: project.segments.length > 0,
      newId: this.newId,
    });
    const added = this.documents.getState().edit((p) => insertContent(p, content, afterSegmentId));
    const first = content.segments[0];
    if (added && first) this.ui.setState({ selectedSegmentId: first.id });
    return added ? content.segments.length : 0;
  }

  undo(): boolean {
    const done = this.documents.getState().undo();
    if (done) this.keepSelectionValid();
    return done;
  }

  redo(): boolean {
    const done = this.documents.getState().redo();
    if (done) this.keepSelectionValid();
    return done;
  }

  private keepSelectionValid(): void {
    const selected = this.ui.getState().selectedSegmentId;
    const project = this.project();
    if (selected && project && !findSegment(project, selected)) this.ui.setState({ selectedSegmentId: null });
  }
}
