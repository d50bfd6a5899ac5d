/** The `roundtable` command's handling of scripts and options: pronunciations, errors, typos, help, encodings. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliWorkspace } from './testing/run-cli';

const { work, run, write } = cliWorkspace(['out', 'said', 'word']);

describe('roundtable CLI: scripts and options', () => {
  it('says listed words as --pronunciations gives them, while the transcripts keep the written words', () => {
    const script = write('said.txt', 'Host: Our SQL database is fast.\nGuest: Thanks for having me.\n');
    const list = write('said-as.txt', '# how to say it\nSQL = structured query language\n');
    const render = (name: string, extra: string[]) => {
      const out = path.join(work, 'said', `${name}.wav`);
      const result = run(['render', script, '-o', out, '--loudness', 'off', ...extra]);
      expect(result.code, result.stderr).toBe(0);
      const { turns } = JSON.parse(fs.readFileSync(out.replace(/\.wav$/, '.json'), 'utf8')) as {
        turns: { text: string; startMs: number; endMs: number }[];
      };
      return { result, turns, srt: fs.readFileSync(out.replace(/\.wav$/, '.srt'), 'utf8') };
    };
    const written = render('written', []);
    const said = render('said', ['--pronunciations', list]);
    expect(said.result.stderr).toMatch(
      /^pronunciations: 1 word, 1 turn said differently from how it is written$/m,
    );
    // Three words take longer to say than three letters; the guest's turn is the same take.
    const length = (turn: { startMs: number; endMs: number }) => turn.endMs - turn.startMs;
    expect(length(said.turns[0]!)).toBeGreaterThan(length(written.turns[0]!) + 400);
    // Same take; its start and end are each rounded to whole ms at a different offset, so ±1 ms.
    expect(Math.abs(length(said.turns[1]!) - length(written.turns[1]!))).toBeLessThanOrEqual(1);
    expect(said.turns[0]!.text).toBe('Our SQL database is fast.');
    expect(said.srt).toContain('Our SQL database is fast.');

    // espeak-ng voices take phonemes in double brackets: said as the word, not read out as brackets.
    const word = render('word', ['--pronunciations', write('word.txt', 'SQL = sequel\n')]);
    const phonemes = render('phonemes', ['--pronunciations', write('phonemes.txt', "SQL = [[s'i:kw@l]]\n")]);
    expect(Math.abs(length(phonemes.turns[0]!) - length(word.turns[0]!))).toBeLessThan(120);

    const bad = run([
      'render',
      script,
      '-o',
      path.join(work, 'said', 'x.wav'),
      '--pronunciations',
      write('bad-said.txt', 'SQL sequel\n'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad-said\.txt:1: "SQL sequel" is not `written = said as`/);
  }, 600_000); // five renders one after another: a hang guard for a busy machine

  it('refuses a script with errors and names each line, writing nothing', () => {
    const script = write('broken.txt', 'this line has no speaker\nHost: fine\n[pause forever]\n');
    const out = path.join(work, 'out', 'broken.wav');
    const result = run(['render', script, '-o', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/broken\.txt:1: error/);
    expect(result.stderr).toMatch(/broken\.txt:3: error/);
    expect(result.stderr).toMatch(/nothing was rendered/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('warns about a speaker name that looks like a typo, lists it in the plan, and refuses it with --strict-speakers', () => {
    const script = write('typo.txt', 'Host: Welcome.\nGuest: Thanks.\nHost: So.\nHots: Hello.\n');
    const strictOut = path.join(work, 'out', 'typo-strict.wav');
    const strict = run(['render', script, '-o', strictOut, '--strict-speakers']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(
      /typo\.txt:4: error: speaker "Hots" appears only here .*did you mean Host\?/,
    );
    expect(strict.stderr).toMatch(/nothing was rendered/);
    expect(fs.existsSync(strictOut)).toBe(false);

    const out = path.join(work, 'out', 'typo.wav');
    const result = run(['render', script, '-o', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/typo\.txt:4: warning: .*did you mean Host\?/);
    expect(result.stderr).toMatch(/^plan: speaker Hots: \S+, 1 turn — did you mean Host\? \(line 4\)$/m);
  });

  it('explains the script syntax in render --help', () => {
    const help = run(['render', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('`Name: words` starts a turn');
    expect(help.stdout).toContain('# Chapter title');
    expect(help.stdout).toContain('[pause 1.5s]');
    expect(help.stdout).toContain('--strict-speakers');
  });

  it('gives one clear message for bad options and missing files', () => {
    const script = write('ok.txt', 'Host: Hi.\n');
    const cases: [string[], RegExp][] = [
      [['render', path.join(work, 'missing.txt'), '-o', 'x.wav'], /cannot read the script/],
      [['render', script, '-o', 'x.ogg'], /must end in \.wav, \.mp3 or \.flac/],
      [['render', script, '-o', 'x.wav', '--voice', 'Nobody=en-us'], /not in the script: Nobody/],
      [
        ['render', script, '-o', 'x.wav', '--sample-rate', '12345'],
        /--sample-rate 12345: the sample rate is 24000, 44100 or 48000/,
      ],
      [
        ['render', script, '-o', 'x.mp3', '--bitrate', '100'],
        /--bitrate 100: the MP3 bit rate is 96, 128, 192, 256 or 320/,
      ],
      [
        ['render', script, '-o', 'x.wav', '--loudness', '-60'],
        /--loudness -60: the loudness target is between -40 and -5 LUFS/,
      ],
      // Where the export cannot be written, nothing renders first.
      [
        ['render', script, '-o', path.join(script, 'x.wav')],
        /cannot write .*ok\.txt[/\\]x\.wav: .*ok\.txt is a file, not a folder/,
      ],
      [['render', script, '-o', 'x.wav', '--bogus'], /Unknown option/i],
      // When some turns rendered and others cannot (a voice that is not there), running again is not enough.
      [
        [
          'render',
          write('two.txt', 'Host: Hi.\nGuest: Hello.\n'),
          '-o',
          path.join(work, 'two-voices.wav'),
          '--voice',
          'Guest=xx',
        ],
        /^fix what the lines above say, then run the same command again: the finished turns are cached and only the rest render$/m,
      ],
      // A voice espeak does not have fails its turns; the error names each turn and why.
      [
        ['render', script, '-o', path.join(work, 'novoice.wav'), '--voice', 'Host=xx'],
        /^ {2}line 1 \(Host\): espeak-ng has no voice "xx"; run `roundtable voices` — "Hi\."\nno turn rendered: fix what the lines above say, then run again$/m,
      ],
    ];
    for (const [args, message] of cases) {
      const result = run(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("reads a script saved as Windows-1252 (Word's Plain Text) and says so", () => {
    const script = path.join(work, 'word.txt');
    fs.writeFileSync(script, Buffer.from('Host: It\x92s \x93fine\x94 \x96 caf\xe9.\r\n', 'latin1'));
    const out = path.join(work, 'word', 'word.wav');
    const result = run(['render', script, '-o', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`note: read "${script}" as Windows-1252 (it is not UTF-8)`);
    const srt = fs.readFileSync(out.replace(/\.wav$/, '.srt'), 'utf8');
    expect(srt).toContain('Host: It’s “fine” – café.');
  });

  it('lists at least eight distinct English voices', () => {
    const result = run(['voices', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const voices = JSON.parse(result.stdout) as { id: string; language: string }[];
    const english = voices.filter((voice) => voice.language.startsWith('en'));
    expect(new Set(english.map((voice) => voice.id)).size).toBeGreaterThanOrEqual(8);
  });
});
