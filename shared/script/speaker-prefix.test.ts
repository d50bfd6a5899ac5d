import { describe, expect, it } from 'vitest';
import { matchSpeakerPrefix } from './speaker-prefix';

function speakerOf(line: string): string | null {
  const match = matchSpeakerPrefix(line);
  return match !== null && match.kind === 'speaker' ? match.name : null;
}

describe('matchSpeakerPrefix: labels', () => {
  it.each([
    ['Speaker 1: Hello', 'Speaker 1', 'Hello'],
    ['Host: Hello there', 'Host', 'Hello there'],
    ['host: lower-case one-word names are fine', 'host', 'lower-case one-word names are fine'],
    ['speaker 2: any case for Speaker N', 'speaker 2', 'any case for Speaker N'],
    ['Host : space before the colon', 'Host', 'space before the colon'],
    ['Host:Hello without a space', 'Host', 'Hello without a space'],
    ['Host:', 'Host', ''],
    ['Dr. Jane Smith: Hi', 'Dr. Jane Smith', 'Hi'],
    ["Conan O'Brien: Hi", "Conan O'Brien", 'Hi'],
    ['Conan O’Brien: Hi', 'Conan O’Brien', 'Hi'],
    ['Jean-Luc Picard: Engage', 'Jean-Luc Picard', 'Engage'],
    ['Ludwig van Beethoven: Da-da-da-dum', 'Ludwig van Beethoven', 'Da-da-da-dum'],
    ['S1: short ids', 'S1', 'short ids'],
    ['主持人：大家好', '主持人', '大家好'],
    ['主持人: 大家好', '主持人', '大家好'],
    ['Ведущий: Привет', 'Ведущий', 'Привет'],
    ['مقدم: مرحبا', 'مقدم', 'مرحبا'],
    ['अनुराग: नमस्ते', 'अनुराग', 'नमस्ते'],
    ['[Speaker 1]: Hello', 'Speaker 1', 'Hello'],
    ['[ Host ] : Hello', 'Host', 'Hello'],
    ['**Host:** Hello', 'Host', 'Hello'],
    ['**Host**: Hello', 'Host', 'Hello'],
    ['** Host: ** Hello', 'Host', 'Hello'],
    ['__Host:__ Hello', 'Host', 'Hello'],
    ['__Host__: Hello', 'Host', 'Hello'],
    ['**Note:** decorated labels skip the prose rules', 'Note', 'decorated labels skip the prose rules'],
    ['[the narrator]: decorated, lower case', 'the narrator', 'decorated, lower case'],
    ['Host: Note: a second colon stays in the text', 'Host', 'Note: a second colon stays in the text'],
    ['Host: [laughs] stage directions stay', 'Host', '[laughs] stage directions stay'],
  ])('%s', (line, name, rest) => {
    expect(matchSpeakerPrefix(line)).toEqual({ kind: 'speaker', name, rest });
  });

  it('accepts exactly 40 characters and 4 words, not 41 or 5', () => {
    const forty = 'A'.repeat(40);
    expect(speakerOf(`${forty}: hi`)).toBe(forty);
    expect(speakerOf(`${'A'.repeat(41)}: hi`)).toBeNull();
    expect(speakerOf('Ann Bea Cid Dee: hi')).toBe('Ann Bea Cid Dee');
    expect(speakerOf('Ann Bea Cid Dee Eve: hi')).toBeNull();
  });
});

describe('matchSpeakerPrefix: prose that must stay text', () => {
  it.each([
    ['Note: the time is 10:30', 'note label'],
    ['NOTE: shouting', 'note label in capitals'],
    ['P.S. : one more thing', 'postscript'],
    ['Warning: hot', 'warning label'],
    ['Example: this', 'example label'],
    ['Source: the BBC', 'source label'],
    ['So: here we go', 'discourse word'],
    ['10:30 is when we start', 'a time'],
    ['1: numbered list', 'digits only'],
    ['Meeting at 10:30 sharp', 'digit after the colon'],
    ['John 3:16 says', 'bible verse'],
    ['https://example.com is the site', 'URL'],
    ['Visit https://example.com', 'URL after words'],
    ['mailto:someone@example.com', 'mail link'],
    ['C:\\Users\\me', 'windows path'],
    ['std::vector is a type', 'double colon'],
    ['Smile :) always', 'emoticon'],
    ['Here is the plan: we go', 'lower-case words in a multi-word name'],
    ['The three options are: one, two', 'lower-case words'],
    ['and then he said: yes', 'lower-case start'],
    ['This sentence has far too many words: yes', 'more than four words'],
    ['Chapter 2: The Return', 'numbering word'],
    ['Part One: Setup', 'numbering word'],
    ['Episode 12: The Future', 'numbering word'],
    ['Step 3: profit', 'numbering word'],
    ['Host (laughing): hi', 'parentheses are not name characters'],
    ['#hashtag: no', 'starts with #'],
    ['- Host: list item', 'starts with a dash'],
    [': no name', 'empty name'],
    ['[pause 1s]: not a speaker', 'pause directive'],
    ['[pause]', 'pause directive without colon'],
    ['[Host] no colon', 'bracket without colon'],
    ['**bold** text: with a colon later', 'bold text that is no label'],
  ])('%s (%s)', (line) => {
    expect(speakerOf(line)).toBeNull();
  });

  it('scans only a bounded head of very long lines', () => {
    const long = `${'word '.repeat(50_000)}: tail`;
    expect(matchSpeakerPrefix(long)).toBeNull();
  });
});

describe('matchSpeakerPrefix: decorated labels with bad names', () => {
  it('reports a bracketed label that is too long', () => {
    const match = matchSpeakerPrefix('[This label is far too long to be the name of anyone]: text');
    expect(match).toMatchObject({
      kind: 'invalid-label',
      label: '[This label is far too long to be the name of anyone]:',
    });
    expect(match?.kind === 'invalid-label' && match.reason).toMatch(/at most 40/);
  });

  it('reports a bold label with characters a name may not hold', () => {
    expect(matchSpeakerPrefix('**Host (live):** hi')).toMatchObject({ kind: 'invalid-label' });
  });
});
