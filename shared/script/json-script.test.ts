import { describe, expect, it } from 'vitest';
import { parseScript } from './parser';
import type { ScriptItem } from './types';

describe('parseScript: JSON form', () => {
  it('parses turns, chapters and pauses with the line each entry starts on', () => {
    const input = [
      '[',
      '  {"chapter": "Intro"},',
      '  {"speaker": "1", "text": "Hello there."},',
      '  {"pause_ms": 800},',
      '  {',
      '    "speaker": 2,',
      '    "text": "Hi,\\n  how   are you?"',
      '  },',
      '  {"speaker": "Host", "text": "Good. 你好 😀", "emotion": "happy"}',
      ']',
    ].join('\n');
    const parsed = parseScript(input);
    expect(parsed.format).toBe('json');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.items).toEqual<ScriptItem[]>([
      { kind: 'chapter', title: 'Intro', line: 2 },
      { kind: 'turn', speaker: 'Speaker 1', text: 'Hello there.', line: 3, lastLine: 3 },
      { kind: 'pause', durationMs: 800, line: 4 },
      { kind: 'turn', speaker: 'Speaker 2', text: 'Hi, how are you?', line: 5, lastLine: 8 },
      { kind: 'turn', speaker: 'Host', text: 'Good. 你好 😀', line: 9, lastLine: 9 },
    ]);
    expect(parsed.speakers).toEqual(['Speaker 1', 'Speaker 2', 'Host']);
    expect(parsed.lineCount).toBe(10);
  });

  it('rounds pause_ms to whole milliseconds and splits inline pause directives', () => {
    const parsed = parseScript(
      '[{"pause_ms": 12.6}, {"speaker": "A", "text": "one [pause 1s] two [pause x] three"}]',
    );
    expect(parsed.items).toEqual<ScriptItem[]>([
      { kind: 'pause', durationMs: 13, line: 1 },
      { kind: 'turn', speaker: 'A', text: 'one', line: 1, lastLine: 1 },
      { kind: 'pause', durationMs: 1000, line: 1 },
      { kind: 'turn', speaker: 'A', text: 'two three', line: 1, lastLine: 1 },
    ]);
    expect(parsed.diagnostics).toMatchObject([
      { line: 1, severity: 'error', message: expect.stringMatching(/index 1/) },
    ]);
  });

  it('reports bad entries by index and line and still parses the good ones', () => {
    const input = [
      '[',
      '  {"speaker": "Host", "text": "first"},',
      '  "just a string",',
      '  {"speaker": "Host"},',
      '  {"text": "no speaker"},',
      '  {"speaker": 1.5, "text": "x"},',
      '  {"speaker": "  ", "text": "x"},',
      '  {"chapter": ""},',
      '  {"chapter": 7},',
      '  {"pause_ms": -5},',
      '  {"pause_ms": 60001},',
      '  {"pause_ms": "800"},',
      '  {"chapter": "C", "speaker": "Host", "text": "mixed"},',
      '  {"foo": "bar"},',
      '  {"speaker": "Host", "text": "   "},',
      '  {"speaker": "Host", "text": "last"}',
      ']',
    ].join('\n');
    const parsed = parseScript(input);
    expect(parsed.format).toBe('json');
    expect(parsed.items.filter((i) => i.kind === 'turn').map((i) => i.kind === 'turn' && i.text)).toEqual([
      'first',
      'last',
    ]);
    const problems = parsed.diagnostics.map((d) => [d.line, d.severity, /index (\d+)/.exec(d.message)?.[1]]);
    expect(problems).toEqual([
      [3, 'error', '1'],
      [4, 'error', '2'],
      [5, 'error', '3'],
      [6, 'error', '4'],
      [7, 'error', '5'],
      [8, 'error', '6'],
      [9, 'error', '7'],
      [10, 'error', '8'],
      [11, 'error', '9'],
      [12, 'error', '10'],
      [13, 'error', '11'],
      [14, 'error', '12'],
      [15, 'warning', '13'],
    ]);
    for (const d of parsed.diagnostics) {
      expect(d.fix.length).toBeGreaterThan(0);
      expect(d.excerpt.length).toBeGreaterThan(0);
    }
  });

  it('recovers from broken entries: a missing quote or a trailing comma spoils one entry only', () => {
    const input = [
      '[',
      '  {"speaker": "Host", "text": "ok one"},',
      '  {"speaker": "Host", "text": "missing quote},',
      '  {"speaker": "Guest", "text": "ok two"},',
      '  {"speaker": "Guest" "text": "missing comma"},',
      '  {"speaker": "Host", "text": "ok three"},',
      ']',
    ].join('\n');
    const parsed = parseScript(input);
    expect(parsed.format).toBe('json');
    expect(parsed.items.map((i) => i.kind === 'turn' && i.text)).toEqual(['ok one', 'ok two', 'ok three']);
    expect(parsed.diagnostics.map((d) => [d.line, d.severity])).toEqual([
      [3, 'error'],
      [5, 'error'],
      [7, 'warning'], // the trailing comma
    ]);
    expect(parsed.diagnostics[0]?.message).toMatch(/^entry at index 1: not valid JSON/);
    expect(parsed.diagnostics[0]?.message.length).toBeLessThan(200);
  });

  it('reports an unclosed array and text after the array', () => {
    const unclosed = parseScript('[\n{"speaker": "A", "text": "hi"},\n{"speaker": "B", "text": "yo"}\n');
    expect(unclosed.items).toHaveLength(2);
    expect(unclosed.diagnostics).toMatchObject([
      { severity: 'error', message: 'the JSON array is not closed' },
    ]);
    const trailing = parseScript('[{"speaker": "A", "text": "hi"}]\nHost: more');
    expect(trailing.items).toHaveLength(1);
    expect(trailing.diagnostics).toMatchObject([{ line: 2, severity: 'error' }]);
  });

  it('reports an empty array as an empty script', () => {
    for (const input of ['[]', ' [\n ] ']) {
      const parsed = parseScript(input);
      expect(parsed.format).toBe('json');
      expect(parsed.diagnostics).toMatchObject([{ severity: 'error', message: 'the script is empty' }]);
    }
  });

  it('takes any valid JSON array as JSON, reporting non-object entries', () => {
    const parsed = parseScript('["Host: hi", 3]');
    expect(parsed.format).toBe('json');
    expect(parsed.diagnostics.map((d) => d.message)).toEqual([
      'entry at index 0: an entry must be an object',
      'entry at index 1: an entry must be an object',
    ]);
  });

  it('parses text scripts that start with [ as text', () => {
    for (const [input, first] of [
      ['[pause 1s]\nHost: hi', { kind: 'pause', durationMs: 1000, line: 1 }],
      ['[Host]: hi\n[Guest]: yo', { kind: 'turn', speaker: 'Host', text: 'hi', line: 1, lastLine: 1 }],
      [
        '  [Speaker 1]: [laughs] hi',
        { kind: 'turn', speaker: 'Speaker 1', text: '[laughs] hi', line: 1, lastLine: 1 },
      ],
    ] as const) {
      const parsed = parseScript(input);
      expect(parsed.format).toBe('text');
      expect(parsed.items[0]).toEqual(first);
    }
  });

  it('handles brackets, braces and escaped quotes inside strings', () => {
    const parsed = parseScript(
      '[{"speaker": "A", "text": "a ] b } c [ d { \\"quoted\\" \\\\"}, {"speaker": "B", "text": "x"}]',
    );
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.items.map((i) => i.kind === 'turn' && i.text)).toEqual([
      'a ] b } c [ d { "quoted" \\',
      'x',
    ]);
  });

  it('handles a BOM and CRLF in JSON', () => {
    const parsed = parseScript(
      '\uFEFF[\r\n{"speaker": "A", "text": "one"},\r\n{"speaker": "B", "text": "two"}\r\n]\r\n',
    );
    expect(parsed.format).toBe('json');
    expect(parsed.items).toMatchObject([{ line: 2 }, { line: 3 }]);
  });
});
