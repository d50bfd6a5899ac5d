import { describe, expect, it } from 'vitest';
import { parseScript } from './parser';
import type { ScriptItem } from './types';
import { script, turns } from './testing/parse-helpers';

describe('parseScript: turns and speakers', () => {
  it('parses speaker turns with line numbers and speakers in order of first appearance', () => {
    const parsed = parseScript(script('Speaker 1: Hello.', 'Host: Hi!', 'Speaker 1: Bye.'));
    expect(parsed.format).toBe('text');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.items).toEqual<ScriptItem[]>([
      { kind: 'turn', speaker: 'Speaker 1', text: 'Hello.', line: 1, lastLine: 1 },
      { kind: 'turn', speaker: 'Host', text: 'Hi!', line: 2, lastLine: 2 },
      { kind: 'turn', speaker: 'Speaker 1', text: 'Bye.', line: 3, lastLine: 3 },
    ]);
    expect(parsed.speakers).toEqual(['Speaker 1', 'Host']);
    expect(parsed.lineCount).toBe(3);
  });

  it('treats names that differ only in case as one speaker, spelt as first written', () => {
    const parsed = parseScript(script('Host: a', 'HOST: b', 'host: c'));
    expect(turns(parsed)).toEqual([
      ['Host', 'a'],
      ['Host', 'b'],
      ['Host', 'c'],
    ]);
    expect(parsed.speakers).toEqual(['Host']);
  });

  it('accepts bracketed, bold and full-width-colon labels', () => {
    const parsed = parseScript(
      script('[Speaker 1]: one', '**Host:** two', '**Guest**: three', '__Co-Host__: four', '主持人：五'),
    );
    expect(turns(parsed)).toEqual([
      ['Speaker 1', 'one'],
      ['Host', 'two'],
      ['Guest', 'three'],
      ['Co-Host', 'four'],
      ['主持人', '五'],
    ]);
  });

  it('keeps emoji and non-Latin text intact', () => {
    const text = 'Привет 🎙️ 你好，世界 مرحبا 👩🏽‍💻 नमस्ते';
    const parsed = parseScript(`Ведущий: ${text}`);
    expect(turns(parsed)).toEqual([['Ведущий', text]]);
  });

  it('keeps stage directions in the text and strips nothing', () => {
    const parsed = parseScript('Host: [laughs] Well (sighs) okay *winks* [music: intro]');
    expect(turns(parsed)).toEqual([['Host', '[laughs] Well (sighs) okay *winks* [music: intro]']]);
    expect(parsed.diagnostics).toEqual([]);
  });
});

describe('parseScript: turns with nothing to say', () => {
  it('reports a turn of only punctuation or symbols at its line instead of making a silent turn', () => {
    const parsed = parseScript(script('Host: Hello.', 'Guest: ...', 'Host: — ?!', 'Guest: 🎉', 'Host: 42.'));
    expect(turns(parsed)).toEqual([
      ['Host', 'Hello.'],
      ['Guest', '🎉'],
      ['Host', '42.'],
    ]);
    expect(parsed.diagnostics.map((d) => [d.line, d.severity, d.message])).toEqual([
      [2, 'error', 'this turn of Guest has no words to say ("...")'],
      [3, 'error', 'this turn of Host has no words to say ("— ?!")'],
    ]);
    expect(parsed.diagnostics[0]?.fix).toBe(
      'write what Guest says, or use [pause 1s] on its own line for a silence',
    );
  });

  it('does the same for the JSON form', () => {
    const parsed = parseScript('[{"speaker": "Host", "text": "Hi."}, {"speaker": "Guest", "text": "…"}]');
    expect(turns(parsed)).toEqual([['Host', 'Hi.']]);
    expect(parsed.diagnostics).toMatchObject([
      { severity: 'error', message: expect.stringContaining('no words to say') },
    ]);
  });
});

describe('parseScript: continuation lines and paragraphs', () => {
  it('joins continuation lines to the turn above with one space', () => {
    const parsed = parseScript(script('Host: First line', '   second   line  ', 'third line', 'Guest: Hi'));
    expect(parsed.items[0]).toEqual({
      kind: 'turn',
      speaker: 'Host',
      text: 'First line second line third line',
      line: 1,
      lastLine: 3,
    });
  });

  it('reads prose that looks like a label as continuation (see speaker-prefix.ts for the rule)', () => {
    const parsed = parseScript(
      script(
        'Host: We start soon.',
        'Note: the time is 10:30',
        'See https://example.com/notes for more.',
        'Here is the plan: we go.',
        '10:30 is early.',
      ),
    );
    expect(turns(parsed)).toEqual([
      [
        'Host',
        'We start soon. Note: the time is 10:30 See https://example.com/notes for more. Here is the plan: we go. 10:30 is early.',
      ],
    ]);
    expect(parsed.speakers).toEqual(['Host']);
    expect(parsed.diagnostics).toEqual([]);
  });

  it('makes an unlabelled line after a blank line a new turn of the same speaker', () => {
    const parsed = parseScript(
      script('Host: Paragraph one', 'still one.', '', '', 'Paragraph two.', 'Guest: Hi'),
    );
    expect(parsed.items).toEqual<ScriptItem[]>([
      { kind: 'turn', speaker: 'Host', text: 'Paragraph one still one.', line: 1, lastLine: 2 },
      { kind: 'turn', speaker: 'Host', text: 'Paragraph two.', line: 5, lastLine: 5 },
      { kind: 'turn', speaker: 'Guest', text: 'Hi', line: 6, lastLine: 6 },
    ]);
  });

  it('warns when a conversation has a line without a name after a blank line: likely a forgotten name', () => {
    const parsed = parseScript(
      script('Host: Welcome.', 'Guest: Thanks.', '', 'Glad to be here.', '# Part two', 'So, tell me.'),
    );
    expect(turns(parsed)).toEqual([
      ['Host', 'Welcome.'],
      ['Guest', 'Thanks.'],
      ['Guest', 'Glad to be here.'],
      ['Guest', 'So, tell me.'],
    ]);
    expect(parsed.diagnostics.map((d) => [d.line, d.severity, d.message, d.excerpt])).toEqual([
      [
        4,
        'warning',
        'this line has no speaker name, so it was read as a new turn of Guest',
        'Glad to be here.',
      ],
      [6, 'warning', 'this line has no speaker name, so it was read as a new turn of Guest', 'So, tell me.'],
    ]);
    expect(parsed.diagnostics[0]?.fix).toBe(
      'if someone else says it, start the line with their name, e.g. `Host: ...`',
    );
    // One narrator's paragraphs, and a line that goes on after a pause, are not in doubt.
    expect(parseScript(script('Narrator: One.', '', 'Two.', '', 'Three.')).diagnostics).toEqual([]);
    expect(parseScript(script('Host: Hi.', 'Guest: Well [pause 1s]', 'then we go on.')).diagnostics).toEqual(
      [],
    );
  });

  it('takes a bare label as the start of a turn whose text follows, across blank lines', () => {
    const parsed = parseScript(script('Host:', 'Hello there,', 'everyone.', 'Guest:', '', 'Hi.'));
    expect(parsed.items).toEqual<ScriptItem[]>([
      { kind: 'turn', speaker: 'Host', text: 'Hello there, everyone.', line: 1, lastLine: 3 },
      { kind: 'turn', speaker: 'Guest', text: 'Hi.', line: 4, lastLine: 6 },
    ]);
    expect(parsed.diagnostics).toEqual([]);
  });

  it('warns about a label that never gets any text', () => {
    const parsed = parseScript(script('Host: Hi', 'Guest:', '', 'Host: Bye', 'Guest:'));
    expect(turns(parsed)).toEqual([
      ['Host', 'Hi'],
      ['Host', 'Bye'],
    ]);
    expect(parsed.diagnostics.map((d) => [d.line, d.severity, d.message])).toEqual([
      [2, 'warning', 'this turn of Guest has no text'],
      [5, 'warning', 'this turn of Guest has no text'],
    ]);
    expect(parsed.speakers).toEqual(['Host']);
  });

  it('reports a line before the first speaker with its line, its text and the fix', () => {
    const parsed = parseScript(script('My great episode', '', 'Host: Hi'));
    expect(turns(parsed)).toEqual([['Host', 'Hi']]);
    expect(parsed.diagnostics).toHaveLength(1);
    const [problem] = parsed.diagnostics;
    expect(problem).toMatchObject({ line: 1, severity: 'error', excerpt: 'My great episode' });
    expect(problem?.fix).toContain('start the line with a speaker name, e.g. `Host: ...`');
  });

  it('reports every orphan line separately, and a decorated label with a bad name as such', () => {
    const parsed = parseScript(
      script('one', 'two', '[A name that is much too long for any speaker]: x', 'Host: ok'),
    );
    expect(parsed.diagnostics.map((d) => [d.line, d.severity])).toEqual([
      [1, 'error'],
      [2, 'error'],
      [3, 'error'],
    ]);
    expect(parsed.diagnostics[2]?.message).toMatch(/looks like a speaker label/);
    expect(turns(parsed)).toEqual([['Host', 'ok']]);
  });

  it('reads a decorated label with a bad name after a turn as text, with a warning', () => {
    const parsed = parseScript(script('Host: Hi', '**Host (live):** and more'));
    expect(turns(parsed)).toEqual([['Host', 'Hi **Host (live):** and more']]);
    expect(parsed.diagnostics).toMatchObject([{ line: 2, severity: 'warning' }]);
  });
});

describe('parseScript: chapters', () => {
  it('turns # and ## headings into chapters and ends the turn', () => {
    const parsed = parseScript(script('# Intro', 'Host: Hi', '## Part Two ##', 'more words', '###### Deep'));
    expect(parsed.items).toEqual<ScriptItem[]>([
      { kind: 'chapter', title: 'Intro', line: 1 },
      { kind: 'turn', speaker: 'Host', text: 'Hi', line: 2, lastLine: 2 },
      { kind: 'chapter', title: 'Part Two', line: 3 },
      { kind: 'turn', speaker: 'Host', text: 'more words', line: 4, lastLine: 4 },
      { kind: 'chapter', title: 'Deep', line: 5 },
    ]);
  });

  it('keeps # inside words and treats #hashtag and ####### as text', () => {
    const parsed = parseScript(script('Host: Hi', '# Learning C#', '#hashtag here', '####### seven'));
    expect(parsed.items).toEqual<ScriptItem[]>([
      { kind: 'turn', speaker: 'Host', text: 'Hi', line: 1, lastLine: 1 },
      { kind: 'chapter', title: 'Learning C#', line: 2 },
      { kind: 'turn', speaker: 'Host', text: '#hashtag here ####### seven', line: 3, lastLine: 4 },
    ]);
  });

  it('reports empty headings', () => {
    const parsed = parseScript(script('#', 'Host: Hi', '##   ', '# ##'));
    expect(parsed.items.filter((i) => i.kind === 'chapter')).toEqual([]);
    expect(parsed.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [1, 'this chapter heading has no title'],
      [3, 'this chapter heading has no title'],
      [4, 'this chapter heading has no title'],
    ]);
    expect(parsed.diagnostics[0]?.fix).toMatch(/# Introduction/);
  });

  it('cuts a chapter title longer than 200 characters, with a warning', () => {
    const parsed = parseScript(script(`# ${'T'.repeat(250)}`, 'Host: Hi'));
    expect(parsed.items[0]).toEqual({ kind: 'chapter', title: 'T'.repeat(200), line: 1 });
    expect(parsed.diagnostics).toMatchObject([{ line: 1, severity: 'warning' }]);
  });
});

describe('parseScript: pauses', () => {
  it('makes a directive on its own line a pause item', () => {
    const parsed = parseScript(
      script('Host: Hi', '[pause 1.5s]', '[pause 800ms]', '[PAUSE 2 s]', '[pause]', 'Host: Bye'),
    );
    expect(parsed.items.filter((i) => i.kind === 'pause')).toEqual([
      { kind: 'pause', durationMs: 1500, line: 2 },
      { kind: 'pause', durationMs: 800, line: 3 },
      { kind: 'pause', durationMs: 2000, line: 4 },
      { kind: 'pause', durationMs: 1000, line: 5 },
    ]);
    expect(parsed.diagnostics).toEqual([]);
  });

  it('splits a turn at an inline pause into turn, pause, turn of the same speaker on the same line', () => {
    const parsed = parseScript('Host: Well [pause 500ms] that is it.');
    expect(parsed.items).toEqual<ScriptItem[]>([
      { kind: 'turn', speaker: 'Host', text: 'Well', line: 1, lastLine: 1 },
      { kind: 'pause', durationMs: 500, line: 1 },
      { kind: 'turn', speaker: 'Host', text: 'that is it.', line: 1, lastLine: 1 },
    ]);
  });

  it('splits inside continuation lines too, and continues the speaker after a pause line', () => {
    const parsed = parseScript(script('Host: One', 'two [pause] three', '[pause 2s]', 'four'));
    expect(parsed.items).toEqual<ScriptItem[]>([
      { kind: 'turn', speaker: 'Host', text: 'One two', line: 1, lastLine: 2 },
      { kind: 'pause', durationMs: 1000, line: 2 },
      { kind: 'turn', speaker: 'Host', text: 'three', line: 2, lastLine: 2 },
      { kind: 'pause', durationMs: 2000, line: 3 },
      { kind: 'turn', speaker: 'Host', text: 'four', line: 4, lastLine: 4 },
    ]);
  });

  it('lets a label wait for its text across a pause', () => {
    const parsed = parseScript(script('Host: [pause 1s] Hello', 'Guest:', '[pause 300ms]', 'Hi'));
    expect(parsed.items).toEqual<ScriptItem[]>([
      { kind: 'pause', durationMs: 1000, line: 1 },
      { kind: 'turn', speaker: 'Host', text: 'Hello', line: 1, lastLine: 1 },
      { kind: 'pause', durationMs: 300, line: 3 },
      { kind: 'turn', speaker: 'Guest', text: 'Hi', line: 2, lastLine: 4 },
    ]);
    expect(parsed.diagnostics).toEqual([]);
  });

  it('allows pauses before the first speaker', () => {
    const parsed = parseScript(script('[pause 2s]', 'Host: Hi'));
    expect(parsed.items[0]).toEqual({ kind: 'pause', durationMs: 2000, line: 1 });
    expect(parsed.diagnostics).toEqual([]);
  });

  it('reports malformed and out-of-range directives with a fix, drops them and keeps the words', () => {
    const parsed = parseScript(
      script(
        'Host: A [pause abc] B',
        '[pause -1s]',
        'Host: C [pause 90s] D',
        '[pause 2]',
        'Host: [pause 61s]',
      ),
    );
    expect(turns(parsed)).toEqual([
      ['Host', 'A B'],
      ['Host', 'C D'],
    ]);
    expect(parsed.items.some((i) => i.kind === 'pause')).toBe(false);
    expect(parsed.diagnostics.map((d) => [d.line, d.severity])).toEqual([
      [1, 'error'],
      [2, 'error'],
      [3, 'error'],
      [4, 'error'],
      [5, 'error'],
    ]);
    for (const d of parsed.diagnostics) expect(d.fix).toMatch(/\[pause/);
  });
});
