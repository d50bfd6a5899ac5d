import { describe, expect, it } from 'vitest';
import { parseScript } from '../script/parser';
import { ESPEAK_VOICES } from './espeak-voices';

const FAKE_VOICES = [...ESPEAK_VOICES];
import { contentFromScript } from './script-content';
import { pickDefaultVoices, voiceKey } from './speaker-defaults';

let counter = 0;
const newId = (prefix: string) => `${prefix}-${++counter}`;

describe('script to project content', () => {
  it('makes speakers, turns with pauses added to gaps, and chapters at their first turn', () => {
    const parsed = parseScript(
      '# One\nHost: Hello.\n[pause 1s]\nGuest: Hi there.\n# Two\n# Two b\nHost: Bye.\n# Orphan\n',
    );
    const content = contentFromScript(parsed, {
      existingSpeakers: [],
      voices: FAKE_VOICES,
      defaultGapMs: 350,
      appending: false,
      newId,
    });
    expect(content.speakers.map((s) => s.name)).toEqual(['Host', 'Guest']);
    expect(new Set(content.speakers.map((s) => voiceKey(s.voice))).size).toBe(2);
    expect(content.segments.map((s) => [s.text, s.gapBeforeMs])).toEqual([
      ['Hello.', 0],
      ['Hi there.', 1350],
      ['Bye.', 350],
    ]);
    expect(
      content.chapters.map((c) => [c.title, content.segments.findIndex((s) => s.id === c.startSegmentId)]),
    ).toEqual([
      ['One', 0],
      ['Two b', 2],
    ]);
    expect(content.orphanChapterLines).toEqual([5, 8]);
  });

  it('reuses speakers of the open project when appending', () => {
    const first = contentFromScript(parseScript('Host: Hello.'), {
      existingSpeakers: [],
      voices: FAKE_VOICES,
      defaultGapMs: 350,
      appending: false,
      newId,
    });
    const more = contentFromScript(parseScript('host: Again.\nCaller: New voice.'), {
      existingSpeakers: first.speakers,
      voices: FAKE_VOICES,
      defaultGapMs: 350,
      appending: true,
      newId,
    });
    expect(more.speakers.map((s) => s.name)).toEqual(['Caller']);
    expect(more.segments[0]).toMatchObject({ speakerId: first.speakers[0]!.id, gapBeforeMs: 350 });
    expect(voiceKey(more.speakers[0]!.voice)).not.toBe(voiceKey(first.speakers[0]!.voice));
  });

  it('falls back to distinct bundled voices when the host lists none', () => {
    const voices = pickDefaultVoices(3, []);
    expect(new Set(voices.map(voiceKey)).size).toBe(3);
    expect(voices.every((v) => v.engine === 'espeak')).toBe(true);
  });
});
