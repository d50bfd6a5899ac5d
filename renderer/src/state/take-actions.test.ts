import { describe, expect, it } from 'vitest';
import type { Project } from '../../../shared/model/project';
import { createFakeApi } from '../dev/fake-api';
import { createCatalogStore } from './catalog-store';
import { DocumentCommands } from './document-commands';
import { createDocumentStore, selectProject } from './document-store';
import { RenderController } from './render-controller';
import { createRenderStore } from './render-store';
import { regenerateMode, TakeActions } from './take-actions';
import { segmentSignature } from './take-index';
import { takeSignature } from './take-signature';
import { sampleProject, take } from './test-fixtures';
import { createUiStore } from './ui-store';

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Ada speaks through a speech server in audio.cpp's dialect (it takes a seed); Bo through espeak. */
function serverProject(): Project {
  const project = sampleProject();
  project.speakers[0]!.voice = {
    engine: 'lab',
    model: 'vibevoice',
    voice: 'alice',
    params: { ratePercent: 100, pitchSemitones: 0 },
  };
  return project;
}

function setup() {
  const api = createFakeApi({ renderDelayMs: 1 });
  const documents = createDocumentStore();
  const ui = createUiStore();
  const catalog = createCatalogStore();
  catalog.setState({
    engines: [
      {
        id: 'lab',
        label: 'lab',
        sampleRate: 24_000,
        device: 'local server',
        available: true,
        sampling: { seed: true, guidance: true },
      },
      { id: 'espeak', label: 'eSpeak NG', sampleRate: 22_050, device: 'cpu', available: true },
    ],
  });
  const commands = new DocumentCommands(documents, ui, (prefix) => `${prefix}-new`);
  const renderer = new RenderController({ api, documents, renders: createRenderStore(), onError: () => {} });
  const seeds = [111, 222, 333];
  const takes = new TakeActions({
    api,
    documents,
    catalog,
    commands,
    renderer,
    ui,
    newSeed: () => seeds.shift()!,
  });
  documents.getState().load('/p', serverProject());
  const turn = (id: string) => selectProject(documents.getState())!.segments.find((s) => s.id === id)!;
  const renderRequests = () =>
    api.calls
      .filter((c) => c.method === 'renderTakes')
      .map(
        (c) =>
          (c.input as { requests: { voice: { params: { seed?: number } }; force: boolean }[] }).requests[0]!,
      );
  return { api, documents, ui, commands, takes, turn, renderRequests };
}

describe('Regenerate and the take history', () => {
  it('Regenerate draws a new seed for the turn, renders it, and the earlier take enters the history', async () => {
    const { takes, turn, renderRequests } = setup();
    expect(turn('s1').take?.hash).toBe(take('aa01').hash);
    await takes.regenerate('s1');
    expect(turn('s1').seed).toBe(111);
    expect(renderRequests().at(-1)).toMatchObject({ force: false, voice: { params: { seed: 111 } } });
    await until(() => turn('s1').take?.seed === 111, 'the take of seed 111');
    expect(turn('s1').takeHistory.map((t) => t.hash)).toEqual([take('aa01').hash]);

    await takes.regenerate('s1');
    await until(() => turn('s1').take?.seed === 222, 'the take of seed 222');
    const history = turn('s1').takeHistory;
    expect(history.map((t) => t.seed)).toEqual([111, undefined]);
    expect(history[0]!.hash).not.toBe(turn('s1').take!.hash);
  });

  it('restoring a take brings its seed back and uses its cached audio (nothing is rendered)', async () => {
    const { takes, turn, renderRequests } = setup();
    await takes.regenerate('s1');
    await until(() => turn('s1').take?.seed === 111, 'the take of seed 111');
    await takes.regenerate('s1');
    await until(() => turn('s1').take?.seed === 222, 'the take of seed 222');
    const first = turn('s1').takeHistory[0]!;
    const rendered = renderRequests().length;
    expect(await takes.restore('s1', first.hash)).toBe('restored');
    expect(turn('s1').take?.hash).toBe(first.hash);
    expect(turn('s1').seed).toBe(111);
    expect(turn('s1').takeHistory[0]?.seed).toBe(222);
    expect(renderRequests()).toHaveLength(rendered);
  });

  it('renders a restored take again from its seed when the cache lost its audio', async () => {
    const { documents, takes, turn, renderRequests, ui } = setup();
    // A take of seed 4242 the project remembers but whose audio is gone from the cache.
    documents.getState().edit((p) => ({
      ...p,
      segments: p.segments.map((s) =>
        s.id === 's1' ? { ...s, takeHistory: [{ ...take('dd04'), seed: 4242 }] } : s,
      ),
    }));
    expect(await takes.restore('s1', take('dd04').hash)).toBe('rendering');
    expect(turn('s1').seed).toBe(4242);
    expect(renderRequests().at(-1)).toMatchObject({ force: false, voice: { params: { seed: 4242 } } });
    expect(ui.getState().toasts.at(-1)?.message).toContain('rendering it again from seed 4242');
    await until(
      () => turn('s1').take?.seed === 4242 && turn('s1').take?.hash !== take('dd04').hash,
      'the take',
    );
  });

  it('a deterministic engine renders the turn again as it is, without a seed, and says so', async () => {
    const { takes, turn, renderRequests } = setup();
    expect(takes.samplingOf('s2')).toBeUndefined();
    await takes.regenerate('s2');
    expect(turn('s2').seed).toBeUndefined();
    expect(renderRequests().at(-1)).toMatchObject({ force: true });
    expect(renderRequests().at(-1)?.voice.params.seed).toBeUndefined();
    expect(regenerateMode(undefined)).toMatchObject({
      newSeed: false,
      title: expect.stringContaining('same audio'),
    });
    expect(regenerateMode({ seed: false, guidance: false }).newSeed).toBe(false);
    expect(regenerateMode({ seed: true, guidance: false }).newSeed).toBe(true);
  });

  it("a turn's CFG scale and steps override its speaker's, retire its take, and undo brings it back", () => {
    const { documents, commands, turn } = setup();
    const project = () => selectProject(documents.getState())!;
    const before = segmentSignature(project(), turn('s1'));
    expect(commands.setTurnSampling('s1', { cfgScale: 2.5, diffusionSteps: 20 })).toBe(true);
    expect(turn('s1')).toMatchObject({ cfgScale: 2.5, diffusionSteps: 20 });
    expect(turn('s1').take).toBeUndefined();
    expect(segmentSignature(project(), turn('s1'))).not.toBe(before);
    expect(commands.setTurnSampling('s1', { cfgScale: null, diffusionSteps: null })).toBe(true);
    // Back to the speaker's: the same signature, and the take made for it comes back.
    expect(segmentSignature(project(), turn('s1'))).toBe(before);
    expect(turn('s1').take?.hash).toBe(take('aa01').hash);
  });

  it('keeps the signature of every voice without seed, CFG or steps as it was', () => {
    const voice = { engine: 'espeak', voice: 'en', params: { ratePercent: 100, pitchSemitones: 0 } };
    expect(takeSignature(' Hello  there. ', voice)).toBe('["espeak","","en",100,0,"Hello there."]');
    expect(takeSignature('Hi.', { ...voice, params: { ...voice.params, seed: 5, cfgScale: 1.3 } })).toBe(
      '["espeak","","en",100,0,"Hi.","seed5","cfg130"]',
    );
  });
});
