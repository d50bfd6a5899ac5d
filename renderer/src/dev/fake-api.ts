/**
 * An in-memory StudioApi for unit tests and for previewing the UI without a host: projects live in a Map,
 * "rendering" makes speech-like tones after a delay, exports report progress. Not part of the app bundle.
 */
import type {
  EventName,
  EventPayload,
  MethodInput,
  MethodOutput,
  StudioApi,
} from '../../../shared/api/studio-api';
import type { Project, Take } from '../../../shared/model/project';
import type { VoiceInfo } from '../../../shared/model/voice';
import { fakeClipMethods } from './fake-clips';
import { encodeWav, fakeHash, fnv1a, peaksOf, synthesizeSamples } from './fake-audio';
import { fakeModelMethods } from './fake-model-api';
import { fakeEngineMethods } from './fake-engine-api';
import { fakeBedMethods } from './fake-bed-api';
import { FAKE_VOICES, fakeSnapshot as snapshot, slug } from './fake-data';

export { FAKE_VOICES } from './fake-data';

export interface FakeApiOptions {
  /** Delay before each turn of a render job finishes. */
  renderDelayMs?: number;
  /** Emit a resource snapshot this often (0: never). */
  resourceIntervalMs?: number;
  exportStepMs?: number;
  /** Audio URLs as blob: URLs of real WAV (browser only); otherwise fake:// URLs. */
  realAudio?: boolean;
  /** Methods that fail with this error when called. */
  failures?: Partial<Record<keyof StudioApi, { code: string; message: string; hint?: string }>>;
  voices?: VoiceInfo[];
  /** The engines the host lists (default: Kokoro on the GPU and eSpeak NG). */
  engines?: MethodOutput<'listEngines'>;
}

export const FAKE_DATA_DIR = '/home/producer/.roundtable';
const SAMPLE_RATE = 24_000;
const SAMPLES_PER_PEAK = 240;

export type FakeStudioApi = StudioApi & {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** Files the fake "wrote" (project dirs and exports). */
  readonly projects: Map<string, Project>;
  readonly calls: Array<{ method: string; input: unknown }>;
  dispose(): void;
};

export function createFakeApi(options: FakeApiOptions = {}): FakeStudioApi {
  const renderDelayMs = options.renderDelayMs ?? 0;
  const exportStepMs = options.exportStepMs ?? 0;
  const voices = options.voices ?? FAKE_VOICES;
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const projects = new Map<string, Project>();
  const modified = new Map<string, number>();
  const takes = new Map<string, { samples: Float32Array; take: Take }>();
  const calls: Array<{ method: string; input: unknown }> = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const cancelled = new Set<string>();
  let jobCounter = 0;

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  function emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of listeners.get(name) ?? []) (listener as (p: EventPayload<E>) => void)(payload);
  }

  function on<E extends EventName>(name: E) {
    return (listener: (payload: EventPayload<E>) => void) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (payload: never) => void);
    };
  }

  function call<M extends keyof StudioApi>(method: M, input: unknown): void {
    calls.push({ method, input });
    const failure = options.failures?.[method];
    if (failure) throw failure;
  }

  const resourceTimer =
    options.resourceIntervalMs && options.resourceIntervalMs > 0
      ? setInterval(() => emit('onResources', snapshot()), options.resourceIntervalMs)
      : null;

  function makeTake(text: string, voiceKey: string): Take {
    const hash = fakeHash(`${voiceKey}|${text}`);
    const existing = takes.get(hash);
    if (existing) return existing.take;
    const durationSamples = Math.round(Math.max(0.6, text.length / 14) * SAMPLE_RATE);
    const samples = synthesizeSamples(durationSamples, SAMPLE_RATE, fnv1a(hash));
    const take: Take = { hash, durationSamples, sampleRate: SAMPLE_RATE, createdAtMs: Date.now() };
    takes.set(hash, { samples, take });
    return take;
  }

  const api: FakeStudioApi = {
    projects,
    calls,
    emit,
    dispose() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      if (resourceTimer) clearInterval(resourceTimer);
      listeners.clear();
    },
    async getAppInfo(input) {
      call('getAppInfo', input);
      return { version: '0.1.0-fake', dataDir: FAKE_DATA_DIR, mode: 'serve' };
    },
    async listEngines(input) {
      call('listEngines', input);
      return (
        options.engines ?? [
          { id: 'kokoro', label: 'Kokoro 82M', sampleRate: 24_000, device: 'cuda', available: true },
          { id: 'espeak', label: 'eSpeak NG', sampleRate: 22_050, device: 'cpu', available: true },
        ]
      );
    },
    async listVoices(input) {
      call('listVoices', input);
      return voices.filter((v) => !input.engine || v.engine === input.engine);
    },
    async listRecentProjects(input) {
      call('listRecentProjects', input);
      return [...projects.entries()]
        .map(([dir, project]) => ({ dir, title: project.title, modifiedAtMs: modified.get(dir) ?? 0 }))
        .sort((a, b) => b.modifiedAtMs - a.modifiedAtMs);
    },
    async createProject(input: MethodInput<'createProject'>): Promise<MethodOutput<'createProject'>> {
      call('createProject', input);
      let dir = input.dir ?? `${FAKE_DATA_DIR}/projects/${slug(input.title)}`;
      if (!input.dir)
        for (let n = 2; projects.has(dir); n++) dir = `${FAKE_DATA_DIR}/projects/${slug(input.title)}-${n}`;
      const project = { ...input.project, title: input.title } as Project;
      projects.set(dir, project);
      modified.set(dir, Date.now());
      return { dir, project, warnings: [] };
    },
    async openProject(input) {
      call('openProject', input);
      const project = projects.get(input.dir);
      if (!project) {
        throw {
          code: 'not-found',
          message: `There is no project at ${input.dir}.`,
          hint: 'Check the folder path, or create a new project.',
        };
      }
      modified.set(input.dir, Date.now());
      return { dir: input.dir, project, warnings: [] };
    },
    async saveProject(input) {
      call('saveProject', input);
      projects.set(input.dir, input.project as Project);
      modified.set(input.dir, Date.now());
      return { ok: true as const };
    },
    async autosaveProject(input) {
      call('autosaveProject', input);
      return { ok: true as const };
    },
    async closeProject(input) {
      call('closeProject', input);
      return { ok: true as const };
    },
    async findCachedTakes(input) {
      call('findCachedTakes', input);
      return input.requests.flatMap((request) => {
        const hit = takes.get(fakeHash(`${JSON.stringify(request.voice)}|${request.text}`));
        return hit ? [{ segmentId: request.segmentId, take: hit.take }] : [];
      });
    },
    async renderTakes(input) {
      call('renderTakes', input);
      const jobId = `job-${++jobCounter}`;
      const totalCount = input.requests.length;
      input.requests.forEach((request, i) => {
        const voiceKey = JSON.stringify(request.voice);
        later(renderDelayMs * i, () => {
          if (cancelled.has(jobId)) return;
          emit('onRenderProgress', {
            jobId,
            segmentId: request.segmentId,
            status: 'rendering',
            doneCount: i,
            totalCount,
          });
        });
        later(renderDelayMs * (i + 1), () => {
          if (cancelled.has(jobId)) {
            emit('onRenderProgress', {
              jobId,
              segmentId: request.segmentId,
              status: 'cancelled',
              doneCount: i + 1,
              totalCount,
            });
            return;
          }
          const seed = request.voice.params?.seed;
          const take = { ...makeTake(request.text, voiceKey), ...(seed !== undefined ? { seed } : {}) };
          emit('onRenderProgress', {
            jobId,
            segmentId: request.segmentId,
            status: 'done',
            take,
            doneCount: i + 1,
            totalCount,
          });
        });
      });
      return { jobId };
    },
    async cancelRender(input) {
      call('cancelRender', input);
      cancelled.add(input.jobId);
      return { ok: true as const };
    },
    async measureSpeakerLevels(input) {
      call('measureSpeakerLevels', input);
      // No audio is measured: each voice gets its own fixed loudness between −24 and −16 LUFS, so that
      // "match levels" has something to even out, and does the same thing every time.
      return input.project.speakers.map((speaker) => {
        let renderedMs = 0;
        for (const segment of input.project.segments) {
          if (segment.speakerId === speaker.id && segment.take) {
            renderedMs += (segment.take.durationSamples * 1000) / segment.take.sampleRate;
          }
        }
        const measuredMs = Math.round(renderedMs);
        const { engine, model, voice } = speaker.voice;
        const loudnessLufs =
          measuredMs > 0 ? -24 + (fnv1a(`${engine}/${model ?? ''}/${voice}`) % 81) / 10 : null;
        return { speakerId: speaker.id, loudnessLufs, measuredMs };
      });
    },
    async getPeaks(input) {
      call('getPeaks', input);
      const entry = takes.get(input.hash);
      if (!entry)
        throw {
          code: 'not-found',
          message: 'That take is not in the cache.',
          hint: 'Render the turn again.',
        };
      return {
        sampleRate: SAMPLE_RATE,
        samplesPerPeak: SAMPLES_PER_PEAK,
        peaks: peaksOf(entry.samples, SAMPLES_PER_PEAK),
      };
    },
    async getTakeUrl(input) {
      call('getTakeUrl', input);
      const entry = takes.get(input.hash);
      if (!entry || !options.realAudio) return { url: `fake://take/${input.hash}` };
      const bytes = encodeWav(entry.samples, SAMPLE_RATE);
      return { url: URL.createObjectURL(new Blob([bytes.buffer as ArrayBuffer], { type: 'audio/wav' })) };
    },
    async startExport(input) {
      call('startExport', input);
      const jobId = `export-${++jobCounter}`;
      const options = input.options;
      const ext = options.format ?? 'wav';
      const base = options.baseName ?? slug(input.project.title);
      const files = options.splitByChapter
        ? input.project.chapters.map(
            (_, i) => `${input.dir}/exports/${base}-${String(i + 1).padStart(2, '0')}.${ext}`,
          )
        : [`${input.dir}/exports/${base}.${ext}`];
      const phases = ['rendering', 'measuring', 'encoding', 'checking'] as const;
      const steps = 8;
      for (let step = 0; step <= steps; step++) {
        later(exportStepMs * step, () => {
          if (cancelled.has(jobId)) return;
          const phase =
            phases[Math.min(phases.length - 1, Math.floor((step / steps) * phases.length))] ?? 'encoding';
          emit('onExportProgress', {
            jobId,
            phase: step === steps ? 'done' : phase,
            fraction: step / steps,
            etaMs: step === steps ? 0 : (steps - step) * exportStepMs,
            files: step === steps ? files : [],
            ...(step === steps
              ? {
                  summary: {
                    durationMs: 60_000,
                    targetLufs: input.options.loudnessLufs ?? -19,
                    outputLufs: input.options.loudnessLufs ?? -19,
                    truePeakDbtp: -1.5,
                    reachedTarget: true,
                    checks: {
                      ok: true,
                      turnsChecked: input.project.segments.length,
                      inaudibleTurns: 0,
                      noisyGaps: 0,
                      clippedSamples: 0,
                    },
                    reportFile: `${input.dir}/exports/${base}.report.txt`,
                  },
                }
              : {}),
          });
        });
      }
      return { jobId };
    },
    async suggestProjectDir(input) {
      call('suggestProjectDir', input);
      return { dir: `/fake/projects/${input.title}` };
    },
    async getExportFileUrl(input) {
      call('getExportFileUrl', input);
      return { url: `fake://export/${encodeURIComponent(input.file)}` };
    },
    async openExportFolder(input) {
      call('openExportFolder', input);
      return { opened: false, folder: `${input.dir}/exports` };
    },
    async cancelExport(input) {
      call('cancelExport', input);
      cancelled.add(input.jobId);
      later(0, () =>
        emit('onExportProgress', {
          jobId: input.jobId,
          phase: 'cancelled',
          fraction: 0,
          etaMs: null,
          files: [],
        }),
      );
      return { ok: true as const };
    },
    async getResources(input) {
      call('getResources', input);
      return snapshot();
    },
    ...fakeEngineMethods(call),
    ...fakeModelMethods(call),
    ...fakeClipMethods(call),
    ...fakeBedMethods(call),
    onRenderProgress: on('onRenderProgress'),
    onExportProgress: on('onExportProgress'),
    onResources: on('onResources'),
    onWatchdogAction: on('onWatchdogAction'),
    onModelPackProgress: on('onModelPackProgress'),
  };
  return api;
}
