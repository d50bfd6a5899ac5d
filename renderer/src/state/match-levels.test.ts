import { describe, expect, it } from 'vitest';
import { matchedGains, type SpeakerLoudness } from '../../../shared/model/speaker-levels';
import { createFakeApi } from '../dev/fake-api';
import { DocumentCommands } from './document-commands';
import { createDocumentStore, selectProject } from './document-store';
import { matchSpeakerLevels } from './match-levels';
import { sampleProject } from './test-fixtures';
import { createUiStore } from './ui-store';

function setup(measure: () => Promise<SpeakerLoudness[]>) {
  const documents = createDocumentStore();
  const ui = createUiStore();
  documents.getState().load('/p', sampleProject());
  const commands = new DocumentCommands(documents, ui, (prefix) => `${prefix}-new`);
  const deps = { api: { measureSpeakerLevels: measure }, documents, commands, ui };
  const gains = () => selectProject(documents.getState())!.speakers.map((s) => s.gainDb);
  const toast = () => ui.getState().toasts.at(-1);
  return { deps, documents, commands, gains, toast };
}

const level = (speakerId: string, loudnessLufs: number | null, measuredMs = 2_000): SpeakerLoudness => ({
  speakerId,
  loudnessLufs,
  measuredMs,
});

describe('match levels', () => {
  it('sets every measured speaker to the median loudness in one undo step and says so', async () => {
    const { deps, commands, gains, toast } = setup(async () => [level('a', -20), level('b', -23)]);
    await expect(matchSpeakerLevels(deps)).resolves.toBe('matched');
    expect(gains()).toEqual([-1.5, 1.5]);
    expect(toast()).toMatchObject({
      kind: 'success',
      message: 'Levels matched: Ada −1.5 dB, Bo +1.5 dB',
      hint: 'Undo puts the previous levels back.',
    });
    await expect(matchSpeakerLevels(deps)).resolves.toBe('unchanged');
    expect(toast()).toMatchObject({
      kind: 'info',
      message: 'Levels were already matched: Ada −1.5 dB, Bo +1.5 dB',
    });
    commands.undo();
    expect(gains()).toEqual([0, 0]);
  });

  it('asks for more rendered speech when fewer than two speakers have a second of it', async () => {
    const { deps, gains, toast } = setup(async () => [level('a', -20), level('b', -23, 400)]);
    await expect(matchSpeakerLevels(deps)).resolves.toBe('too-little-audio');
    expect(gains()).toEqual([0, 0]);
    expect(toast()).toMatchObject({ kind: 'info', message: 'Render turns of at least two speakers first.' });
  });

  it('names speakers left out for want of rendered speech', async () => {
    const { deps, documents, toast } = setup(async () => [
      level('a', -20),
      level('b', -23),
      level('c', null, 0),
    ]);
    documents.getState().edit((p) => ({
      ...p,
      speakers: [...p.speakers, { ...p.speakers[0]!, id: 'c', name: 'Cy' }],
    }));
    await matchSpeakerLevels(deps);
    expect(toast()?.message).toBe('Levels matched: Ada −1.5 dB, Bo +1.5 dB');
    expect(toast()?.hint).toContain('Not matched, with less than 1 s rendered: Cy.');
  });

  it('shows a failed measurement as an error and changes nothing', async () => {
    const { deps, gains, toast } = setup(async () => {
      throw { code: 'io', message: 'A take could not be read.', hint: 'Render the turn again.' };
    });
    await expect(matchSpeakerLevels(deps)).resolves.toBe('failed');
    expect(gains()).toEqual([0, 0]);
    expect(toast()).toMatchObject({
      kind: 'error',
      message: 'A take could not be read.',
      hint: 'Render the turn again.',
    });
  });

  it('drops a measurement that comes back after another project was opened', async () => {
    let documents: ReturnType<typeof createDocumentStore> | null = null;
    const context = setup(async () => {
      documents!.getState().load('/other', sampleProject());
      return [level('a', -20), level('b', -23)];
    });
    documents = context.documents;
    await expect(matchSpeakerLevels(context.deps)).resolves.toBe('abandoned');
    expect(context.gains()).toEqual([0, 0]);
  });

  it('works against the fake host: rendered speakers get the gains that even out its levels', async () => {
    const api = createFakeApi();
    const { deps, gains } = setup(async () => []);
    const expected = matchedGains(await api.measureSpeakerLevels({ dir: '/p', project: sampleProject() }));
    expect(expected).toHaveLength(2);
    await matchSpeakerLevels({ ...deps, api });
    expect(api.calls.map((c) => c.method)).toEqual(['measureSpeakerLevels', 'measureSpeakerLevels']);
    expect(gains()).toEqual(expected.map((g) => g.gainDb));
    api.dispose();
  });
});
