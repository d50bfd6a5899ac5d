/**
 * The StudioApi handlers on top of the host services. The Electron main process, serve mode and tests all
 * use this one implementation; transports only validate, route and forward events.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EventName, StudioApiHandlers } from '../../shared/api/studio-api';
import type { ExportProgress } from '../../shared/api/studio-api';
import { engineHandlers, sidecarCommandsAllowed } from './studio-host-engines';
import { toApiError } from '../../shared/api/to-api-error';
import { HostError } from './host-error';
import {
  checkHash,
  EXPORT_AUDIO,
  readVersion,
  requireProjectDir,
  resolveExportFile,
} from './studio-host-checks';
import { folderNameForTitle } from './project/project-dir-name';
import { exportFilePath } from './project/safe-paths';
import { clipUrlPath, exportFileUrlPath } from '../../shared/api/take-url';
import { clipStoreFor, createClipHandlers } from './clips/clip-handlers';
import { attachClipReferences } from './clips/clip-references';
import { dataPaths } from './paths';
import { Autosaver } from './project/autosave';
import { guardExport } from './export/output-guard';
import { ProjectSessions, requireAbsoluteDir } from './project/project-sessions';
import { mkdirInProject, ProjectStore } from './project/project-store';
import { suggestProjectDir } from './project/project-dir-name';
import { RecentProjects } from './project/recent-projects';
import { TakeStore } from './render/take-store';
import { measureSpeakerLoudnessOnThread } from './render/levels/speaker-loudness-on-thread';
import type { StudioHost, HostEventListener } from './studio-host-types';
import type { RuntimeOptions } from './studio-runtime';
import { StudioRuntime } from './studio-runtime';
import { modelHandlers } from './studio-host-models';
import { isWritableSecretStore } from './speech-server/keychain-secrets';
import { TypedEmitter } from './util/typed-emitter';
import type { EventPayload } from '../../shared/api/studio-api';
import { counted } from '../../shared/text/plural';
import { bedHandlers, resolveBedFile } from './beds/bed-handlers';
import { BedStore } from './beds/bed-store';
import { episodeTagsOf } from './export/episode-tags';

export interface StudioHostOptions extends RuntimeOptions {
  mode: 'desktop' | 'serve' | 'cli';
  /** Serve mode started with --allow-sidecar-commands: the studio may add sidecars (programs this host runs). */
  allowSidecarCommands?: boolean;
  /** The URL the renderer uses to fetch a take's audio (transport specific). */
  takeUrl: (projectDir: string, hash: string) => string;
  /** The URL of an exported audio file (transport specific; shared/api/take-url.ts). */
  exportFileUrl?: (projectDir: string, fileName: string) => string;
  /** The URL of a stored reference clip (transport specific; default `/clip/<sha256>?dir=`). */
  clipUrl?: (projectDir: string, sha256: string) => string;
  /** Opens a folder in the system's file manager (desktop only); resolves to whether it did. */
  openFolder?: (folder: string) => Promise<boolean>;
  /** Asks the user for a folder (desktop only); null when cancelled. */
  pickFolder?: (title: string) => Promise<string | null>;
}

type HostEvents = { [E in EventName]: EventPayload<E> };

export async function createStudioHost(options: StudioHostOptions): Promise<StudioHost> {
  const runtime = new StudioRuntime(options);
  // The desktop app's keychain, where the studio may store keys (elsewhere keys come from variables or files).
  const keychain = isWritableSecretStore(options.servers?.secrets) ? options.servers.secrets : undefined;
  const paths = dataPaths(runtime.dataDir);
  const store = new ProjectStore();
  const recent = new RecentProjects(paths.recentProjectsFile);
  const events = new TypedEmitter<HostEvents>();
  const version = readVersion();
  const takeStores = new Map<string, TakeStore>();
  /** Only folders opened or created here may be written (saves, autosaves, takes, exports). */
  const sessions = new ProjectSessions();
  const takeStoreFor = (dir: string) => {
    const takesDir = store.layout(dir).takesDir;
    let takeStore = takeStores.get(takesDir);
    if (!takeStore) {
      takeStore = new TakeStore(takesDir);
      takeStores.set(takesDir, takeStore);
    }
    return takeStore;
  };
  const unsubscribe = [
    runtime.render.events.on('progress', (payload) => events.emit('onRenderProgress', payload)),
    // Every watchdog action (ladder steps, retries, worker crashes and hangs, admission waits) and snapshot.
    runtime.watchdog.events.on('action', (payload) => events.emit('onWatchdogAction', payload)),
    runtime.watchdog.events.on('resources', (payload) => events.emit('onResources', payload)),
  ];

  // One autosaver (with its session lock) per open project folder: edits reach autosave/ within 2 s.
  const autosavers = new Map<string, Autosaver>();
  const startAutosave = async (dir: string) => {
    const key = path.resolve(dir);
    if (autosavers.has(key)) return;
    const autosaver = await Autosaver.start(store, key, {
      onError: (error) => runtime.logger.warn(`autosave of ${key} failed: ${String(error)}`),
    });
    autosavers.set(key, autosaver);
  };
  /**
   * Ends this host's session of a project folder. `clean`: a normal close (autosave and lock removed).
   * Otherwise the session ends as a crash would: its newest edits are flushed to autosave/ and the lock
   * stays, so the next open offers them back (a reloaded page or a second tab reopening the project).
   */
  const endSession = async (dir: string, clean: boolean): Promise<boolean> => {
    const key = path.resolve(dir);
    const autosaver = autosavers.get(key);
    if (!autosaver) return false;
    autosavers.delete(key);
    if (clean) {
      await autosaver.markClean();
      return true;
    }
    await autosaver.flush().catch(() => undefined);
    autosaver.dispose();
    return true;
  };

  const opened = (result: Awaited<ReturnType<ProjectStore['openProject']>>) => ({
    dir: result.dir,
    project: result.project,
    ...(result.recovered
      ? { recovered: result.recovered.project, recoveredAtMs: Math.round(result.recovered.savedAtMs) }
      : {}),
    warnings: result.warnings.map((warning) => ({ code: warning.code, message: warning.message })),
  });

  const handlers: StudioApiHandlers = {
    ...bedHandlers(store, (dir) => sessions.require(dir)),
    getAppInfo: async () => ({
      version,
      dataDir: runtime.dataDir,
      mode: options.mode,
      sidecarCommands: sidecarCommandsAllowed(options),
    }),
    listEngines: async () => runtime.voices.engines(),
    listVoices: async ({ engine }) => runtime.voices.voices(engine),
    listRecentProjects: async () => recent.list(),
    createProject: async ({ title, dir, project }) => {
      let target: string;
      if (dir) target = requireAbsoluteDir(dir);
      else {
        // The app's own projects folder (made on first use); a folder the user names must exist already.
        await fs.promises.mkdir(paths.projectsDir, { recursive: true });
        target = await suggestProjectDir(paths.projectsDir, title);
      }
      const result = await store.createProject(target, { ...project, title });
      sessions.add(result.dir);
      await recent.add({ dir: result.dir, title });
      await startAutosave(result.dir);
      return opened(result);
    },
    suggestProjectDir: async ({ title }) => ({
      dir: await suggestProjectDir(paths.projectsDir, title.trim() || 'Untitled episode'),
    }),
    openProject: async ({ dir }) => {
      // Open here already (the page was reloaded, the project closed without telling the host, a second
      // tab): that session's unsaved edits are offered back instead of hidden behind project.json.
      requireAbsoluteDir(dir);
      const takenOver = await endSession(dir, false);
      const result = await store.openProject(dir);
      sessions.add(result.dir);
      if (takenOver) {
        result.warnings.push({
          code: 'in-use',
          message:
            'This project was already open here (in another tab or window, or on this page before it was reloaded). Edit it in one place only: changes made in two places overwrite each other.',
        });
      }
      await recent.add({ dir: result.dir, title: result.project.title });
      await startAutosave(result.dir);
      return opened(result);
    },
    saveProject: async ({ dir, project }) => {
      sessions.require(dir);
      await store.saveProject(dir, project);
      await recent.add({ dir: path.resolve(dir), title: project.title });
      return { ok: true as const };
    },
    autosaveProject: async ({ dir, project }) => {
      sessions.require(dir);
      const autosaver = autosavers.get(path.resolve(dir));
      if (autosaver) autosaver.update(project);
      else await store.writeAutosave(dir, project);
      return { ok: true as const };
    },
    closeProject: async ({ dir }) => {
      await endSession(dir, true);
      return { ok: true as const };
    },
    renderTakes: async ({ dir, requests }) => {
      sessions.require(dir);
      await requireProjectDir(dir);
      // Clips are resolved (and their consent checked) before anything is queued.
      const withClips = await attachClipReferences(requests, clipStoreFor(dir));
      const { jobId, done } = runtime.render.startJob(takeStoreFor(dir), withClips);
      done.catch((error: unknown) => runtime.logger.error(`render job ${jobId} failed: ${String(error)}`));
      return { jobId };
    },
    findCachedTakes: async ({ dir, requests }) => {
      await requireProjectDir(dir);
      const found = await runtime.render.cachedTakes(takeStoreFor(dir), requests);
      return [...found].map(([segmentId, take]) => ({ segmentId, take }));
    },
    cancelRender: async ({ jobId }) => {
      runtime.render.cancel(jobId);
      return { ok: true as const };
    },
    measureSpeakerLevels: async ({ dir, project }) => {
      await requireProjectDir(dir);
      return measureSpeakerLoudnessOnThread(project, takeStoreFor(dir));
    },
    getPeaks: async ({ dir, hash }) => {
      requireAbsoluteDir(dir);
      checkHash(hash);
      try {
        return await takeStoreFor(dir).peaks(hash);
      } catch (error) {
        // A damaged take says so (and is rendered again); anything else is a take that is not there.
        if (error instanceof HostError) throw error;
        throw new HostError('take-not-found', `no take ${hash} in this project`, 'render the turn again');
      }
    },
    getTakeUrl: async ({ dir, hash }) => {
      requireAbsoluteDir(dir);
      checkHash(hash);
      return { url: options.takeUrl(path.resolve(dir), hash) };
    },
    startExport: async ({ dir, project, options }) => {
      sessions.require(dir);
      await requireProjectDir(dir);
      const missing = project.segments.filter((segment) => !segment.take);
      if (missing.length > 0) {
        throw new HostError(
          'takes-missing',
          `${counted(missing.length, 'turn is', 'turns are')} not rendered yet`,
          'Render all turns, then export.',
        );
      }
      const basePath = await exportFilePath(dir, options.baseName ?? folderNameForTitle(project.title));
      // exports/ is made (one level, inside the project) if it went missing; then nothing that would replace
      // a project file or a take is started (output-guard.ts; the export checks again before writing).
      await mkdirInProject(store.layout(dir).exportsDir);
      await guardExport(project, basePath, options);
      // The report and the JSON transcript name each speaker's language (espeak's is in its id).
      const nonEspeak = project.speakers.some((speaker) => speaker.voice.engine !== 'espeak');
      const voices = nonEspeak ? await runtime.voices.voices().catch(() => []) : [];
      const layout = store.layout(dir);
      const tags = await episodeTagsOf(project, layout.artworkDir);
      const emit = (payload: ExportProgress) => events.emit('onExportProgress', payload);
      const job = runtime.exports.start({
        project,
        store: takeStoreFor(dir),
        beds: new BedStore(layout.bedsDir),
        tags,
        basePath,
        options,
        voices,
        onProgress: emit,
      });
      void job.done.catch((error: unknown) => {
        const cancelled = job.cancelled.aborted;
        emit({
          jobId: job.jobId,
          phase: cancelled ? 'cancelled' : 'failed',
          fraction: 0,
          etaMs: null,
          files: [],
          ...(cancelled ? {} : { error: toApiError(error) }),
        });
      });
      return { jobId: job.jobId };
    },
    cancelExport: async ({ jobId }) => {
      runtime.exports.cancel(jobId);
      return { ok: true as const };
    },
    getResources: async () => runtime.watchdog.snapshot(),
    getExportFileUrl: async ({ dir, file }) => {
      requireAbsoluteDir(dir);
      const exportsDir = path.dirname(await exportFilePath(dir, 'x'));
      const resolved = path.resolve(file);
      if (path.dirname(resolved) !== exportsDir || !EXPORT_AUDIO.test(resolved)) {
        throw new HostError('bad-request', `${file} is not an exported audio file of this project`);
      }
      await resolveExportFile(dir, path.basename(resolved));
      const url = (options.exportFileUrl ?? exportFileUrlPath)(path.resolve(dir), path.basename(resolved));
      return { url };
    },
    openExportFolder: async ({ dir }) => {
      await requireProjectDir(dir);
      const folder = store.layout(dir).exportsDir;
      // Nothing is made here: exports/ exists once something was exported.
      const opened =
        options.openFolder && fs.existsSync(folder)
          ? await options.openFolder(folder).catch(() => false)
          : false;
      return { opened, folder };
    },
    ...engineHandlers({
      runtime,
      mode: options.mode,
      allowSidecarCommands: options.allowSidecarCommands,
      ...(keychain ? { keychain } : {}),
    }),
    ...modelHandlers({
      runtime,
      emitProgress: (progress) => events.emit('onModelPackProgress', progress),
      pickFolder: options.pickFolder,
    }),
    ...createClipHandlers({
      requireSession: (dir) => sessions.require(dir),
      describeVoice: (voice) => runtime.render.describeVoice(voice),
      clipUrl: options.clipUrl ?? clipUrlPath,
    }),
  };

  return {
    handlers,
    on: <E extends EventName>(name: E, listener: HostEventListener<E>) =>
      events.on(name, listener as (payload: HostEvents[E]) => void),
    resolveExportFile,
    resolveTakeFile: async (projectDir, hash) => {
      checkHash(hash);
      const file = takeStoreFor(projectDir).wavPath(hash);
      if (!fs.existsSync(file))
        throw new HostError('take-not-found', `no take ${hash} in ${projectDir}`, 'render the turn again');
      return file;
    },
    resolveClipFile: async (projectDir, sha256) => {
      requireAbsoluteDir(projectDir);
      const clips = clipStoreFor(projectDir);
      await clips.get(sha256);
      return clips.wavPath(sha256);
    },
    resolveBedFile: (projectDir, hash) => resolveBedFile(store, projectDir, hash),
    dispose: async () => {
      await runtime.exports.dispose();
      // Unsaved edits stay in autosave/ and are offered again on the next open.
      for (const autosaver of autosavers.values()) {
        await autosaver.flush().catch(() => undefined);
        autosaver.dispose();
      }
      for (const off of unsubscribe) off();
      events.clear();
      await runtime.dispose();
    },
  };
}
