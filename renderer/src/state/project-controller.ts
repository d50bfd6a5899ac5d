/** Creating, opening, saving and closing projects, and the recovery of autosaved work. */
import { turnRequestFor } from '../../../shared/model/turn-request';
import type { StudioApi } from '../../../shared/api/studio-api';
import type { Project } from '../../../shared/model/project';
import type { ParsedScript } from '../../../shared/script/types';
import type { Autosaver } from './autosaver';
import { refreshRecent, type CatalogStore } from './catalog-store';
import { selectDirty, selectProject, type DocumentStore } from './document-store';
import type { RenderStore } from './render-store';
import { contentFromScript, emptyProject } from '../../../shared/model/script-content';
import { pushError, pushToast, type UiStore } from './ui-store';
import { takeSignature } from './take-signature';
import { toUserError } from './user-error';

type ProjectApi = Pick<
  StudioApi,
  | 'createProject'
  | 'openProject'
  | 'saveProject'
  | 'listRecentProjects'
  | 'autosaveProject'
  | 'closeProject'
  | 'findCachedTakes'
>;

/** How a close ends: the document saved to project.json first, or its unsaved edits dropped. */
export type CloseChoice = 'save' | 'discard';

export interface NewProjectRequest {
  title: string;
  /** Folder for the project; omitted: the host puts it under the data dir's projects/. */
  dir?: string | undefined;
  script?: ParsedScript | undefined;
}

export class ProjectController {
  /** The newer autosaved state offered for restore after an unclean exit. */
  private recovered: Project | null = null;

  constructor(
    private readonly api: ProjectApi,
    private readonly documents: DocumentStore,
    private readonly renders: RenderStore,
    private readonly ui: UiStore,
    private readonly catalog: CatalogStore,
    private readonly autosaver: Autosaver,
    private readonly newId: (prefix: string) => string,
    /** Stops the project's renders still running (a closed project gets no more takes). */
    private readonly cancelRenders: () => Promise<void> = async () => undefined,
  ) {}

  private enterEditor(dir: string, project: Project, recovered?: Project, recoveredAtMs?: number): void {
    this.documents.getState().load(dir, project);
    this.renders.setState({ bySegment: {}, jobs: [] });
    this.recovered = recovered ?? null;
    this.ui.setState({
      screen: 'editor',
      selectedSegmentId: project.segments[0]?.id ?? null,
      dialog: null,
      lastSavedAtMs: null,
      lastAutosavedAtMs: null,
      autosavedProject: null,
      recoveryOffered: recovered !== undefined,
      recoveredAtMs: recoveredAtMs ?? null,
    });
  }

  async create(request: NewProjectRequest): Promise<boolean> {
    const title = request.title.trim() || 'Untitled episode';
    const base = emptyProject(title);
    const content = request.script
      ? contentFromScript(request.script, {
          existingSpeakers: [],
          voices: this.catalog.getState().voices,
          defaultGapMs: base.settings.defaultGapMs,
          appending: false,
          newId: this.newId,
        })
      : null;
    if (content && content.orphanChapterLines.length > 0) {
      pushToast(this.ui, {
        kind: 'info',
        message: `Chapter headings on line ${content.orphanChapterLines.join(', ')} start no turn and were left out.`,
        hint: 'Put at least one turn after each heading.',
      });
    }
    const project: Project = content
      ? { ...base, speakers: content.speakers, segments: content.segments, chapters: content.chapters }
      : base;
    const dir = request.dir?.trim();
    try {
      const opened = await this.api.createProject({ title, project, ...(dir ? { dir } : {}) });
      this.enterEditor(opened.dir, opened.project);
      void refreshRecent(this.catalog, this.api);
      return true;
    } catch (error) {
      pushError(
        this.ui,
        toUserError(error, 'Choose another folder or title, then create the project again.'),
      );
      return false;
    }
  }

  async open(dir: string): Promise<boolean> {
    const clean = dir.trim();
    if (!clean) {
      pushError(this.ui, {
        message: 'Enter the folder of the project to open.',
        hint: 'It is the folder with project.json in it.',
      });
      return false;
    }
    try {
      const opened = await this.api.openProject({ dir: clean });
      this.enterEditor(opened.dir, opened.project, opened.recovered, opened.recoveredAtMs);
      for (const warning of opened.warnings ?? [])
        pushToast(this.ui, { kind: 'info', message: warning.message });
      await this.reattachCachedTakes(opened.dir, opened.project);
      return true;
    } catch (error) {
      pushError(this.ui, toUserError(error, 'Check the folder path, or pick another project from the list.'));
      void refreshRecent(this.catalog, this.api);
      return false;
    }
  }

  /**
   * Turns without a take whose spoken words and voice the project's cache has rendered before (edits that
   * were not saved) get that take back, as a finished render would give it: no undo step, nothing rendered.
   */
  private async reattachCachedTakes(dir: string, project: Project): Promise<void> {
    const written = new Map<string, string>();
    const requests = project.segments.flatMap((segment) => {
      const request = segment.take ? undefined : turnRequestFor(project, segment);
      if (!request) return [];
      written.set(segment.id, segment.text);
      return [{ ...request, force: false }];
    });
    if (requests.length === 0) return;
    const found = await this.api.findCachedTakes({ dir, requests }).catch(() => []);
    const bySegment = new Map(requests.map((request) => [request.segmentId, request]));
    for (const { segmentId, take } of found) {
      const request = bySegment.get(segmentId);
      const text = written.get(segmentId);
      const documents = this.documents.getState();
      if (request && text !== undefined && documents.dir === dir) {
        documents.applyRenderedTake(segmentId, takeSignature(request.text, request.voice), text, take);
      }
    }
  }

  async save(): Promise<boolean> {
    const state = this.documents.getState();
    const project = selectProject(state);
    if (!state.dir || !project || this.ui.getState().saving) return false;
    this.ui.setState({ saving: true });
    try {
      await this.api.saveProject({ dir: state.dir, project });
      this.documents.getState().markSaved(project);
      this.ui.setState({ saving: false, lastSavedAtMs: Date.now() });
      return true;
    } catch (error) {
      this.ui.setState({ saving: false });
      pushError(
        this.ui,
        toUserError(error, 'Your work is still in the autosave. Check the disk, then press Ctrl+S again.'),
      );
      return false;
    }
  }

  /** Replaces the document with the autosaved state found at open (one undo step back to the file's). */
  restoreRecovered(): void {
    const recovered = this.recovered;
    this.recovered = null;
    this.ui.setState({ recoveryOffered: false });
    if (!recovered) return;
    this.documents.getState().edit(() => recovered);
    pushToast(this.ui, {
      kind: 'success',
      message: 'Recovered your unsaved changes.',
      hint: 'Press Ctrl+S to keep them.',
    });
  }

  discardRecovered(): void {
    this.recovered = null;
    this.ui.setState({ recoveryOffered: false });
  }

  /**
   * Close asked for: with unsaved changes the close dialog asks whether to save them first; otherwise the
   * project closes at once.
   */
  async close(): Promise<boolean> {
    if (selectDirty(this.documents.getState())) {
      this.ui.setState({ dialog: 'close' });
      return false;
    }
    return this.finishClose('discard');
  }

  /**
   * Closes the project: saves first (`save`; a failed save keeps it open) or drops the unsaved edits, stops
   * its renders and ends the host's session (autosave and session lock removed). Returns whether it closed.
   */
  async finishClose(choice: CloseChoice): Promise<boolean> {
    const dir = this.documents.getState().dir;
    if (!dir) return false;
    if (choice === 'save' && !(await this.save())) return false;
    await this.cancelRenders();
    // No autosave may land after the host ended the session: it would be offered back on the next open.
    await this.autosaver.settle();
    this.documents.getState().close();
    this.renders.setState({ bySegment: {}, jobs: [] });
    this.recovered = null;
    this.ui.setState({ screen: 'start', selectedSegmentId: null, dialog: null, recoveryOffered: false });
    try {
      await this.api.closeProject({ dir });
    } catch (error) {
      pushError(
        this.ui,
        toUserError(
          error,
          choice === 'discard'
            ? 'The autosave could not be removed, so the next open offers those edits back: choose "Keep the saved version" then.'
            : 'The project is saved; the next open may show a warning about the last session.',
        ),
      );
    }
    void refreshRecent(this.catalog, this.api);
    return true;
  }
}
