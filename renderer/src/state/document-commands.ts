/**
 * The user's document edits, each one undo step (typing and dragging coalesce into one step per turn and
 * field). Keeps the selection sensible when turns come and go.
 */
import type { Project, Speaker } from '../../../shared/model/project';
import type { VoiceInfo, VoiceRef } from '../../../shared/model/voice';
import type { ReferenceClip } from '../../../shared/model/reference-clip';
import type { ParsedScript } from '../../../shared/script/types';
import { PronunciationsSchema, type Pronunciation } from '../../../shared/text/pronunciations';
import {
  deleteSegment,
  findSegment,
  insertContent,
  moveSegment,
  restoreTake,
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
import { chapterTitleAtIndex, removeChapterAt, setChapterAt } from './chapter-edits';
import { dragTrim, setClip, setSignedGap, type ClipPatch, type TrimEdge } from './clip-edits';
import type { BedPatch } from './bed-edits';
import { addBed, newBed, removeBed, setEpisodeInfo, updateBed } from './bed-edits';
import type { BedAudio, EpisodeInfo } from '../../../shared/model/beds';
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

  /** Adds an imported bed and selects it; returns its id. */
  addBed(audio: BedAudio): string {
    const id = this.newId('bed');
    this.documents.getState().edit((p) => addBed(p, newBed(id, audio)));
    this.ui.setState({ selectedBedId: id });
    return id;
  }

  /** Changes a bed (typing and dragging in one field coalesce into one undo step). */
  updateBed(bedId: string, patch: BedPatch, field = Object.keys(patch).join(',')): boolean {
    return this.documents.getState().edit((p) => updateBed(p, bedId, patch), `bed:${bedId}:${field}`);
  }

  removeBed(bedId: string): boolean {
    const removed = this.documents.getState().edit((p) => removeBed(p, bedId));
    if (removed && this.ui.getState().selectedBedId === bedId) this.ui.setState({ selectedBedId: null });
    return removed;
  }

  setEpisodeInfo(info: EpisodeInfo, field: string): boolean {
    return this.documents.getState().edit((p) => setEpisodeInfo(p, info), `episode:${field}`);
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

  /** The gap before a turn, signed: negative overlaps what was said before it (cross-talk). */
  setGap(segmentId: string, signedGapMs: number, coalesce = true): boolean {
    return this.documents
      .getState()
      .edit((p) => setSignedGap(p, segmentId, signedGapMs), coalesce ? `gap:${segmentId}` : undefined);
  }

  /** Trims and fades of a turn's clip; typing in one field coalesces into one undo step. */
  setClip(segmentId: string, patch: ClipPatch, coalesce = true): boolean {
    const field = Object.keys(patch).sort().join(',');
    return this.documents
      .getState()
      .edit((p) => setClip(p, segmentId, patch), coalesce ? `clip:${segmentId}:${field}` : undefined);
  }

  /**
   * A clip edge moved on the timeline (dragTrim). A drag commits once (coalesce false: one undo step);
   * the keyboard's steps on one edge coalesce into one.
   */
  trimEdge(segmentId: string, edge: TrimEdge, deltaMs: number, coalesce = true): boolean {
    return this.documents
      .getState()
      .edit(
        (p) => dragTrim(p, segmentId, edge, deltaMs).project,
        coalesce ? `trim-edge:${segmentId}:${edge}` : undefined,
      );
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

  /**
   * Moves a turn (one undo step). When it lands in another chapter, a toast says which: a move across a
   * chapter start is never silent.
   */
  move(fromIndex: number, toIndex: number): boolean {
    const before = this.project();
    const moved = this.documents.getState().edit((p) => moveSegment(p, fromIndex, toIndex));
    const after = this.project();
    if (!moved || !before || !after) return moved;
    const id = before.segments[fromIndex]?.id;
    const landed = after.segments.findIndex((s) => s.id === id);
    const was = chapterTitleAtIndex(before, fromIndex);
    const now = chapterTitleAtIndex(after, landed);
    if (was !== now) {
      pushToast(this.ui, {
        kind: 'info',
        message: now
          ? `Turn ${landed + 1} is now in chapter “${now}”.`
          : `Turn ${landed + 1} is now before the first chapter.`,
        hint: 'Undo (Ctrl+Z) puts it back; chapters start where you set them in the turn editor.',
      });
    }
    return moved;
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
    if (changed) this.tellReanchoredBeds(project, segmentId);
    return changed;
  }

  /** A deleted turn had beds starting at it: say where each starts now (deleteSegment moved them). */
  private tellReanchoredBeds(before: Project, deletedId: string): void {
    const after = this.project();
    if (!after) return;
    const turnNumber = new Map(after.segments.map((s, i) => [s.id, i + 1]));
    for (const bed of before.beds ?? []) {
      if (bed.anchor.kind !== 'turn' || bed.anchor.segmentId !== deletedId) continue;
      const now = after.beds?.find((b) => b.id === bed.id);
      if (!now) continue;
      const where =
        now.anchor.kind === 'turn'
          ? `turn ${turnNumber.get(now.anchor.segmentId) ?? '?'}`
          : 'the start of the episode';
      pushToast(this.ui, {
        kind: 'info',
        message: `The bed “${bed.audio.fileName}” started at the deleted turn: it now starts at ${where}.`,
        hint: 'Undo (Ctrl+Z) brings the turn back with the bed where it was; the Beds tab places it elsewhere.',
      });
    }
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

  /**
   * Gives a speaker a voice with a reference clip (`voice.clip` set by the host's assignClip) and keeps the
   * clip's record in project.clips, in one undo step; the speaker's takes go out of date like any voice change.
   */
  setSpeakerClip(speakerId: string, clip: ReferenceClip, voice: VoiceRef): boolean {
    return this.documents.getState().edit((p, index) => {
      const clips = [...(p.clips ?? []).filter((c) => c.sha256 !== clip.sha256), clip];
      return updateSpeaker({ ...p, clips }, speakerId, { voice }, index);
    });
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
