/**
 * Regenerate and restore, as the engine allows. An engine that takes a seed (a speech server in audio.cpp's
 * dialect) gets a new random seed on Regenerate: the turn keeps it (an undoable edit), the current take goes
 * to the history and the new one is rendered. Other engines render the turn again as it is (deterministic
 * ones give the same audio, and the studio says so). Restoring a take brings back its seed and uses its
 * cached audio, or renders it again from that seed when the cache no longer has it.
 */
import type { StudioApi } from '../../../shared/api/studio-api';
import type { Segment } from '../../../shared/model/project';
import type { CatalogStore, EngineInfo } from './catalog-store';
import type { DocumentCommands } from './document-commands';
import type { DocumentStore } from './document-store';
import { selectProject } from './document-store';
import type { RenderController } from './render-controller';
import { pushToast, type UiStore } from './ui-store';

export type EngineSampling = NonNullable<EngineInfo['sampling']>;

/** A random seed (0 … 2^31 − 1) from the platform's CSPRNG. */
export function randomSeed(): number {
  const words = new Uint32Array(1);
  crypto.getRandomValues(words);
  return (words[0] ?? 0) & 0x7fff_ffff;
}

/** What Regenerate does for a turn's engine, in the words the studio shows. */
export function regenerateMode(sampling: EngineSampling | undefined): {
  newSeed: boolean;
  title: string;
} {
  if (sampling?.seed)
    return {
      newSeed: true,
      title: 'Render this turn again with a new random seed (the current take stays in the history)',
    };
  if (sampling)
    return {
      newSeed: false,
      title:
        'This server takes no seed: rendering again asks it once more, and its answer may or may not differ',
    };
  return {
    newSeed: false,
    title: "This voice's engine does not sample: rendering again gives the same audio",
  };
}

export interface TakeActionsDeps {
  api: Pick<StudioApi, 'getPeaks'>;
  documents: DocumentStore;
  catalog: CatalogStore;
  commands: DocumentCommands;
  renderer: RenderController;
  ui: UiStore;
  newSeed?: () => number;
}

export class TakeActions {
  constructor(private readonly deps: TakeActionsDeps) {}

  private segment(segmentId: string): Segment | undefined {
    return selectProject(this.deps.documents.getState())?.segments.find((s) => s.id === segmentId);
  }

  /** How the turn's engine samples (undefined: deterministic, or its speaker is gone). */
  samplingOf(segmentId: string): EngineSampling | undefined {
    const project = selectProject(this.deps.documents.getState());
    const segment = this.segment(segmentId);
    const engine = project?.speakers.find((s) => s.id === segment?.speakerId)?.voice.engine;
    return this.deps.catalog.getState().engines.find((e) => e.id === engine)?.sampling;
  }

  /** Regenerate: a new seed where the engine takes one, else the turn rendered again as it is. */
  async regenerate(segmentId: string): Promise<string | null> {
    const segment = this.segment(segmentId);
    if (!segment) return null;
    if (segment.locked) {
      pushToast(this.deps.ui, {
        kind: 'info',
        message: 'This take is locked.',
        hint: 'Unlock it to render the turn again.',
      });
      return null;
    }
    if (regenerateMode(this.samplingOf(segmentId)).newSeed) {
      this.deps.commands.setTurnSampling(segmentId, { seed: (this.deps.newSeed ?? randomSeed)() });
      return this.deps.renderer.renderSegments([segmentId], { force: false });
    }
    return this.deps.renderer.renderSegments([segmentId], { force: true });
  }

  /**
   * Restores an earlier take with its seed. Its cached audio is used; when the cache lost it, the turn is
   * rendered again from that seed (the same take where the engine is deterministic per seed).
   */
  async restore(segmentId: string, hash: string): Promise<'restored' | 'rendering' | 'unchanged'> {
    if (!this.deps.commands.restoreTake(segmentId, hash)) return 'unchanged';
    const dir = this.deps.documents.getState().dir;
    if (!dir) return 'restored';
    try {
      await this.deps.api.getPeaks({ dir, hash });
      return 'restored';
    } catch {
      const seed = this.segment(segmentId)?.seed;
      pushToast(this.deps.ui, {
        kind: 'info',
        message: `That take's audio is no longer in the project's cache: rendering it again${seed !== undefined ? ` from seed ${seed}` : ''}.`,
      });
      await this.deps.renderer.renderSegments([segmentId], { force: false });
      return 'rendering';
    }
  }
}
