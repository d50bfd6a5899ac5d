import { describe, expect, it } from 'vitest';
import { DocumentCommands } from './document-commands';
import { createDocumentStore, selectProject } from './document-store';
import { sampleProject } from './test-fixtures';
import { createUiStore } from './ui-store';

function setup() {
  const documents = createDocumentStore();
  const ui = createUiStore();
  documents.getState().load('/p', sampleProject());
  const commands = new DocumentCommands(documents, ui, (prefix) => `${prefix}-new`);
  const names = () => selectProject(documents.getState())!.speakers.map((s) => s.name);
  return { documents, ui, commands, names };
}

describe('renaming a speaker', () => {
  it('refuses a name another speaker has, in any case, and says what to do instead', () => {
    const { ui, commands, names } = setup();
    expect(names()).toEqual(['Ada', 'Bo']);
    expect(commands.updateSpeaker('b', { name: ' ada ' })).toBe(false);
    expect(names()).toEqual(['Ada', 'Bo']);
    expect(ui.getState().toasts.at(-1)).toMatchObject({
      message: 'There is already a speaker called “Ada”.',
      hint: expect.stringContaining("give these turns to Ada with the turn editor's Speaker list"),
    });
  });

  it('renames to a free name, and lets a speaker change the case of its own name', () => {
    const { commands, names } = setup();
    expect(commands.updateSpeaker('b', { name: 'Bob' })).toBe(true);
    expect(commands.updateSpeaker('a', { name: 'ADA' })).toBe(true);
    expect(names()).toEqual(['ADA', 'Bob']);
  });
});

describe('speaker levels', () => {
  const gains = (documents: ReturnType<typeof setup>['documents']) =>
    selectProject(documents.getState())!.speakers.map((s) => s.gainDb);

  it('a dragged level slider is one undo step, on the half-dB scale, and keeps every take', () => {
    let now = 1_000;
    const documents = createDocumentStore(() => now);
    documents.getState().load('/p', sampleProject());
    const commands = new DocumentCommands(documents, createUiStore(), (prefix) => `${prefix}-new`);
    const before = selectProject(documents.getState())!;
    for (const db of [0.5, 1, 1.5, 2.2]) {
      now += 50;
      expect(commands.updateSpeaker('a', { gainDb: db })).toBe(true);
    }
    expect(gains(documents)).toEqual([2, 0]);
    expect(commands.updateSpeaker('a', { gainDb: 2 })).toBe(false);
    expect(commands.updateSpeaker('a', { gainDb: 40 })).toBe(true);
    expect(gains(documents)).toEqual([12, 0]);
    expect(commands.updateSpeaker('a', { gainDb: Number.NaN })).toBe(false);
    expect(selectProject(documents.getState())!.segments).toBe(before.segments);
    expect(commands.undo()).toBe(true);
    expect(gains(documents)).toEqual([0, 0]);
    expect(commands.undo()).toBe(false);
  });

  it('setSpeakerGains sets several levels in one undo step and leaves unlisted speakers alone', () => {
    const { documents, commands } = setup();
    commands.updateSpeaker('b', { gainDb: -3 });
    expect(
      commands.setSpeakerGains([
        { speakerId: 'a', gainDb: 1.5 },
        { speakerId: 'gone', gainDb: 4 },
      ]),
    ).toBe(true);
    expect(gains(documents)).toEqual([1.5, -3]);
    expect(
      commands.setSpeakerGains([
        { speakerId: 'a', gainDb: -0.5 },
        { speakerId: 'b', gainDb: 0.5 },
      ]),
    ).toBe(true);
    expect(gains(documents)).toEqual([-0.5, 0.5]);
    expect(commands.setSpeakerGains([{ speakerId: 'a', gainDb: -0.5 }])).toBe(false);
    commands.undo();
    expect(gains(documents)).toEqual([1.5, -3]);
    commands.undo();
    commands.undo();
    expect(gains(documents)).toEqual([0, 0]);
    commands.redo();
    commands.redo();
    commands.redo();
    expect(gains(documents)).toEqual([-0.5, 0.5]);
  });
});

describe('pronunciations', () => {
  it('applying a list is one undo step; undo brings back the list and the takes it retired', () => {
    const { documents, commands } = setup();
    const project = () => selectProject(documents.getState())!;
    const before = project();
    expect(commands.setPronunciations([{ word: '  Ada ', sayAs: ' Ay da ' }])).toBe(true);
    expect(project().settings.pronunciations).toEqual([{ word: 'Ada', sayAs: 'Ay da' }]);
    expect(project().segments[1]!.take).toBeUndefined();
    expect(project().segments[0]).toBe(before.segments[0]);
    expect(commands.undo()).toBe(true);
    expect(project()).toBe(before);
    expect(project().segments[1]!.take?.hash).toBe(before.segments[1]!.take?.hash);
    expect(commands.undo()).toBe(false);
    expect(commands.redo()).toBe(true);
    expect(project().segments[1]!.take).toBeUndefined();
  });

  it('takes the longest list there may be, and an empty one', () => {
    const { documents, commands } = setup();
    const project = () => selectProject(documents.getState())!;
    const many = Array.from({ length: 499 }, (_, i) => ({ word: `word${i}`, sayAs: `wurd ${i}` }));
    expect(commands.setPronunciations([...many, { word: 'Ada', sayAs: 'Ay da' }])).toBe(true);
    expect(project().settings.pronunciations).toHaveLength(500);
    expect(project().segments.map((s) => s.take !== undefined)).toEqual([true, false, false]);
    expect(
      commands.setPronunciations([...many, { word: 'Ada', sayAs: 'Ay da' }, { word: 'x', sayAs: 'y' }]),
    ).toBe(false);
    // Emptied again: the take made for the written words comes back.
    expect(commands.setPronunciations([])).toBe(true);
    expect(project().settings.pronunciations).toEqual([]);
    expect(project().segments.map((s) => s.take !== undefined)).toEqual([true, true, false]);
  });

  it('refuses a list the schema refuses, and the same list again', () => {
    const { commands } = setup();
    const twice = [
      { word: 'SQL', sayAs: 'sequel' },
      { word: 'sql', sayAs: 'ess queue ell' },
    ];
    expect(commands.setPronunciations(twice)).toBe(false);
    expect(commands.setPronunciations([{ word: 'SQL', sayAs: ' ' }])).toBe(false);
    expect(commands.setPronunciations([])).toBe(false);
    expect(commands.setPronunciations([{ word: 'SQL', sayAs: 'sequel' }])).toBe(true);
    expect(commands.setPronunciations([{ word: 'SQL', sayAs: 'sequel' }])).toBe(false);
  });
});

describe('a voice from a reference clip', () => {
  it("gives the speaker the clip and keeps its record in one undo step; the speaker's takes go out of date", () => {
    const { documents, commands } = setup();
    const before = selectProject(documents.getState())!;
    const speaker = before.speakers[1]!;
    const clip = {
      sha256: 'c'.repeat(64),
      label: 'guest',
      sourceName: 'guest.wav',
      durationSamples: 144_000,
      sampleRate: 24_000 as const,
      consent: { confirmedAtMs: 1, statement: 'I have the right to use this voice.' },
    };
    expect(commands.setSpeakerClip(speaker.id, clip, { ...speaker.voice, clip: clip.sha256 })).toBe(true);
    const after = selectProject(documents.getState())!;
    expect(after.clips).toEqual([clip]);
    expect(after.speakers[1]!.voice.clip).toBe(clip.sha256);
    const turns = (project: typeof after) =>
      project.segments.filter((segment) => segment.speakerId === speaker.id).map((segment) => segment.take);
    expect(turns(before).some((take) => take !== undefined)).toBe(true);
    expect(turns(after).every((take) => take === undefined)).toBe(true);
    expect(commands.undo()).toBe(true);
    expect(selectProject(documents.getState())).toEqual(before);
  });
});

describe('deleting a turn a bed starts at', () => {
  const audio = {
    hash: 'a'.repeat(64),
    sampleRate: 44_100,
    channels: 2 as const,
    durationSamples: 44_100,
    fileName: 'sting.wav',
  };
  const bedAt = (segmentId: string, offsetMs: number) => ({
    id: 'bed1',
    audio,
    anchor: { kind: 'turn' as const, segmentId },
    offsetMs,
    loop: false,
    fadeInMs: 0,
    fadeOutMs: 0,
    gainDb: 0,
  });
  const withBed = (segmentId: string, offsetMs = 150) => {
    const s = setup();
    s.documents.getState().load('/p', { ...sampleProject(), beds: [bedAt(segmentId, offsetMs)] });
    return s;
  };
  const bedOf = (documents: ReturnType<typeof setup>['documents']) =>
    selectProject(documents.getState())!.beds![0]!;

  it('moves the bed to the turn that took its place, says so, and undo puts both back', () => {
    const { documents, commands, ui } = withBed('s2');
    expect(commands.delete('s2')).toBe(true);
    expect(bedOf(documents)).toMatchObject({ anchor: { kind: 'turn', segmentId: 's3' }, offsetMs: 150 });
    expect(ui.getState().toasts.at(-1)).toMatchObject({
      message: 'The bed “sting.wav” started at the deleted turn: it now starts at turn 2.',
      hint: expect.stringContaining('Undo (Ctrl+Z) brings the turn back with the bed where it was'),
    });
    expect(documents.getState().undo()).toBe(true);
    expect(bedOf(documents)).toMatchObject({ anchor: { kind: 'turn', segmentId: 's2' }, offsetMs: 150 });
    expect(selectProject(documents.getState())!.segments.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
  });

  it('the last turn deleted: the bed stays at its time, from the turn before', () => {
    const { documents, commands } = withBed('s3', 100);
    commands.delete('s3');
    // s2 starts at 2300 ms, s3 at 3600 ms (sampleProject): 3600 + 100 = 2300 + 1400.
    expect(bedOf(documents)).toMatchObject({ anchor: { kind: 'turn', segmentId: 's2' }, offsetMs: 1400 });
  });

  it('no turn left: the bed starts at the episode start, at the time it had', () => {
    const { documents, commands, ui } = withBed('s1', 500);
    commands.delete('s2');
    commands.delete('s3');
    commands.delete('s1');
    expect(selectProject(documents.getState())!.segments).toHaveLength(0);
    expect(bedOf(documents)).toMatchObject({ anchor: { kind: 'start' }, offsetMs: 500 });
    expect(ui.getState().toasts.at(-1)?.message).toContain('now starts at the start of the episode');
  });
});
