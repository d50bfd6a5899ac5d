/** The `roundtable` command end to end, as a user runs it: a child process, real files, real audio. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ffmpegEbur128 } from '../host/audio/testing/oracle';
import { BIN, cliWorkspace } from './testing/run-cli';
import { meanVolumeDb } from './testing/ffmpeg-oracle';

// Exports never create folders (output-paths.test.ts): the folders the tests write into exist.
const { work, env, run, write } = cliWorkspace(['flat', 'levels', 'mixed', 'off', 'out', 'split']);

/** Integrated loudness (ffmpeg's ebur128) of the given stretches of a file taken together. */
function loudnessOfStretches(file: string, stretches: { startMs: number; endMs: number }[]): number {
  const select = stretches.map((s) => `between(t,${s.startMs / 1000},${s.endMs / 1000})`).join('+');
  const out = spawnSync(
    'ffmpeg',
    [
      '-nostats',
      '-hide_banner',
      '-i',
      file,
      '-af',
      `asetnsamples=n=441,aselect='${select}',ebur128`,
      '-f',
      'null',
      '-',
    ],
    { encoding: 'utf8' },
  );
  const summary = out.stderr.slice(out.stderr.lastIndexOf('Summary:'));
  return Number(/I:\s+(-?[\d.]+) LUFS/.exec(summary)?.[1]);
}

function probeDurationMs(file: string): number {
  return Math.round(
    Number(
      execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], {
        encoding: 'utf8',
      }).trim(),
    ) * 1000,
  );
}

const SCRIPT = `# Opening
Host: Welcome back to the show. Today we have two guests.
Guest One: Thanks for having me!
[pause 1.2s]
Guest Two: Glad to be here,
and happy to talk about sound.
Host: Let's begin.
`;

describe('roundtable CLI', () => {
  it('prints help and its version, and rejects unknown commands with exit code 2', () => {
    expect(run(['--help']).stdout).toMatch(/render <script>/);
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const bad = run(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('renders a script to a WAV with SRT, WebVTT and JSON whose cues cover exactly each turn', () => {
    const script = write('show.txt', SCRIPT);
    const out = path.join(work, 'out', 'show.wav');
    const result = run([
      'render',
      script,
      '-o',
      out,
      '--json',
      '--voice',
      'Guest Two=en-gb-scotland+m1;rate=120',
    ]);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack traces
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      durationMs: number;
      speakers: { name: string; voice: string; turns: number }[];
      checks: { ok: boolean; turnsChecked: number };
    };
    expect(summary.checks).toMatchObject({ ok: true, turnsChecked: 4 });
    expect(summary.speakers.map((s) => [s.name, s.turns])).toEqual([
      ['Host', 2],
      ['Guest One', 1],
      ['Guest Two', 1],
    ]);
    expect(summary.speakers[2]?.voice).toBe('en-gb-scotland+m1;rate=120');
    expect(result.stderr).toContain('plan: speaker Guest Two: en-gb-scotland+m1;rate=120, 1 turn\n');
    const report = fs.readFileSync(path.join(work, 'out', 'show.report.txt'), 'utf8');
    expect(report).toMatch(
      /^Voices: Host=[^,]+, Guest One=[^,]+, Guest Two=en-gb-scotland\+m1;rate=120 \(en-GB-scotland\)$/m,
    );
    expect(Math.abs(probeDurationMs(out) - summary.durationMs)).toBeLessThanOrEqual(2);

    const transcript = JSON.parse(fs.readFileSync(path.join(work, 'out', 'show.json'), 'utf8')) as {
      turns: { speaker: string; text: string; startMs: number; endMs: number }[];
    };
    expect(transcript.turns.map((turn) => turn.speaker)).toEqual(['Host', 'Guest One', 'Guest Two', 'Host']);
    expect(transcript.turns[2]!.text).toBe('Glad to be here, and happy to talk about sound.');
    // The [pause 1.2s] adds to the default gap before Guest Two.
    const gapBeforeThird = transcript.turns[2]!.startMs - transcript.turns[1]!.endMs;
    expect(gapBeforeThird).toBeGreaterThanOrEqual(1500);
    expect(gapBeforeThird).toBeLessThanOrEqual(1600);
    for (const turn of transcript.turns)
      expect(meanVolumeDb(out, turn.startMs + 50, turn.endMs - 50)).toBeGreaterThan(-45);
    // Digital silence between turns: ffmpeg reports it at its floor of -91 dB.
    const gapDb = meanVolumeDb(out, transcript.turns[1]!.endMs + 100, transcript.turns[2]!.startMs - 100);
    expect(gapDb).toBeLessThanOrEqual(-90);

    const vtt = fs.readFileSync(path.join(work, 'out', 'show.vtt'), 'utf8');
    expect(vtt.startsWith('WEBVTT')).toBe(true);
    expect(vtt).toContain('<v Guest Two>');
    const srt = fs.readFileSync(path.join(work, 'out', 'show.srt'), 'utf8');
    const cueTimes = [
      ...srt.matchAll(/(\d\d):(\d\d):(\d\d),(\d\d\d) --> (\d\d):(\d\d):(\d\d),(\d\d\d)/g),
    ].map((m) => [
      ((+m[1]! * 60 + +m[2]!) * 60 + +m[3]!) * 1000 + +m[4]!,
      ((+m[5]! * 60 + +m[6]!) * 60 + +m[7]!) * 1000 + +m[8]!,
    ]);
    expect(cueTimes[0]![0]).toBe(transcript.turns[0]!.startMs);
    expect(cueTimes.at(-1)![1]).toBe(transcript.turns.at(-1)!.endMs);
  });

  it('renders again from the take cache, and writes MP3 with chapters at the loudness target written as `--loudness -17`', () => {
    const script = write('show2.txt', SCRIPT);
    const out = path.join(work, 'out', 'show2.mp3');
    const result = run(['render', script, '-o', out, '--loudness', '-17', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const chapters = JSON.parse(
      execFileSync('ffprobe', ['-v', 'error', '-show_chapters', '-of', 'json', out], { encoding: 'utf8' }),
    ) as {
      chapters: { tags: { title: string } }[];
    };
    expect(chapters.chapters.map((chapter) => chapter.tags.title)).toEqual(['Opening']);
    // Decoded, the MP3 meets the target (LAME's own level change is planned for) and the -1 dBTP ceiling.
    const decoded = ffmpegEbur128(out);
    expect(Math.abs(decoded.integratedLufs - -17)).toBeLessThanOrEqual(0.2);
    expect(decoded.truePeakDbtp).toBeLessThanOrEqual(-1);
  });

  it('keeps the level as rendered with --loudness off, with the peaks held so nothing clips', () => {
    const script = write('show3.txt', SCRIPT);
    const normalised = path.join(work, 'off', 'normalised.wav');
    const plain = path.join(work, 'off', 'plain.wav');
    const normalisedRun = run(['render', script, '-o', normalised]);
    expect(normalisedRun.code).toBe(0);
    // One line says what came out: loudness, peak and the checks.
    expect(normalisedRun.stderr).toMatch(
      /^result: -19\.\d LUFS, true peak -\d+\.\d dBTP, 4 of 4 turns audible, gaps silent, nothing clipped$/m,
    );
    const result = run(['render', script, '-o', plain, '--loudness', 'off']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /^result: level as rendered \(not normalised\), 4 of 4 turns audible, gaps silent, nothing clipped$/m,
    );
    const report = fs.readFileSync(path.join(work, 'off', 'plain.report.txt'), 'utf8');
    expect(report).toContain('Loudness: not normalised (--loudness off); true peaks held under -0.1 dBTP');
    expect(report).toContain('Clipped samples: 0');
    const source = Number(
      /Loudness: source (-?[\d.]+) LUFS/.exec(
        fs.readFileSync(path.join(work, 'off', 'normalised.report.txt'), 'utf8'),
      )?.[1],
    );
    const measured = ffmpegEbur128(plain);
    // The episode's own loudness (as the normalised render measured its source), not the target.
    expect(Math.abs(measured.integratedLufs - source)).toBeLessThanOrEqual(0.2);
    expect(Math.abs(measured.integratedLufs - -19)).toBeGreaterThan(0.3);
    expect(measured.truePeakDbtp).toBeLessThanOrEqual(0);
  });

  it('renders a long-turn script after a tiny one in the same data folder (calibration carries over sanely)', () => {
    // One data folder across runs, like every clone on a machine: the first render calibrates from a chunk
    // of three characters, which once made the next script's plan ask for gigabytes and refuse to run.
    const shared = { ...env, ROUNDTABLE_DATA_DIR: path.join(work, 'shared-data') };
    const runShared = (args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], { env: shared, encoding: 'utf8', cwd: work });
    const tiny = runShared(['render', write('tiny.txt', 'Host: Hi.\n'), '-o', path.join(work, 'tiny.wav')]);
    expect(tiny.status, tiny.stderr).toBe(0);
    const sentence = 'This sentence is long enough to fill a chunk of a couple of hundred characters';
    const long = `Host: ${sentence}, and it goes on; ${sentence}, again.\nGuest: ${sentence}.\n`;
    const second = runShared(['render', write('long.txt', long), '-o', path.join(work, 'long.wav')]);
    expect(second.status, second.stderr).toBe(0);
    const plan = /need(?:s)? about ([\d.]+) (MiB|GiB) at peak/.exec(second.stderr);
    expect(plan, second.stderr).not.toBeNull();
    const mib = Number(plan![1]) * (plan![2] === 'GiB' ? 1024 : 1);
    expect(mib).toBeLessThan(1024);
    expect(second.stderr).toMatch(/about \d+ s\b|about [\d.]+ minutes/);
  });

  it('splits a stereo 48 kHz FLAC export into one decodable file per chapter', () => {
    const script = write(
      'chapters.txt',
      '# One\nHost: The first part.\n# Two\nGuest: The second part, a little longer.\n',
    );
    const out = path.join(work, 'split', 'show.flac');
    const result = run([
      'render',
      script,
      '-o',
      out,
      '--channels',
      '2',
      '--split-chapters',
      '--sample-rate',
      '48000',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const files = fs
      .readdirSync(path.join(work, 'split'))
      .filter((name) => name.endsWith('.flac'))
      .sort();
    expect(files).toEqual(['show-01-one.flac', 'show-02-two.flac']);
    for (const file of files) {
      const info = JSON.parse(
        execFileSync(
          'ffprobe',
          ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', path.join(work, 'split', file)],
          { encoding: 'utf8' },
        ),
      ) as {
        streams: { sample_rate: string; channels: number }[];
        format: { tags: Record<string, string> };
      };
      expect(info.streams[0]).toMatchObject({ sample_rate: '48000', channels: 2 });
      // A set: the episode is the album, each chapter a numbered track with its own title.
      const tags = Object.fromEntries(
        Object.entries(info.format.tags).map(([key, value]) => [key.toLowerCase(), value]),
      );
      const number = files.indexOf(file) + 1;
      expect(tags).toMatchObject({
        title: ['One', 'Two'][number - 1],
        album: 'chapters',
        track: String(number),
        tracktotal: '2',
      });
      // Each file has captions on its own clock: its one turn, inside the file, ending by its end.
      const base = path.join(work, 'split', file.replace(/\.flac$/, ''));
      const srt = fs.readFileSync(`${base}.srt`, 'utf8');
      const cues = [...srt.matchAll(/(\d\d):(\d\d):(\d\d),(\d\d\d) --> (\d\d):(\d\d):(\d\d),(\d\d\d)/g)];
      expect(cues).toHaveLength(1);
      const ms = (m: RegExpMatchArray, at: number) =>
        ((Number(m[at]) * 60 + Number(m[at + 1])) * 60 + Number(m[at + 2])) * 1000 + Number(m[at + 3]);
      const durationMs = Number((info as unknown as { format: { duration: string } }).format.duration) * 1000;
      expect(ms(cues[0]!, 1)).toBeLessThan(1000); // the chapter's gap, then the turn
      expect(ms(cues[0]!, 5)).toBeLessThanOrEqual(Math.ceil(durationMs));
      expect(ms(cues[0]!, 5)).toBeGreaterThan(durationMs - 1000);
      expect(srt).toContain(number === 1 ? 'The first part.' : 'The second part, a little longer.');
      expect(fs.readFileSync(`${base}.vtt`, 'utf8')).toMatch(/^WEBVTT/);
    }
    expect(result.stderr).not.toMatch(/no chapters/);

    // Without chapters there is one file, and the CLI says why.
    const flat = run([
      'render',
      write('flat.txt', 'Host: No chapters here.\n'),
      '-o',
      path.join(work, 'flat', 'f.wav'),
      '--split-chapters',
    ]);
    expect(flat.code, flat.stderr).toBe(0);
    expect(flat.stderr).toMatch(
      /^note: there are no chapters \(`# Title` lines\), so --split-chapters writes one file$/m,
    );
    expect(fs.readdirSync(path.join(work, 'flat')).filter((name) => name.endsWith('.wav'))).toEqual([
      'f.wav',
    ]);
  });

  it('imports Kokoro and Piper packs and renders one script with three engines', async () => {
    const { writeKokoroTestPack, writePiperTestPack } = await import('../../test-support/onnx/test-packs');
    await writeKokoroTestPack(path.join(work, 'dl', 'kokoro'));
    await writePiperTestPack(path.join(work, 'dl', 'piper'), { numSpeakers: 2 });
    expect(run(['models', 'import', path.join(work, 'dl', 'kokoro'), '--id', 'kokoro-test']).code).toBe(0);
    expect(run(['models', 'import', path.join(work, 'dl', 'piper'), '--id', 'piper-test']).code).toBe(0);
    const voices = JSON.parse(run(['voices', '--json']).stdout) as {
      engine: string;
      model?: string;
      id: string;
    }[];
    const piperVoice = voices.find((voice) => voice.engine === 'piper')!;
    expect(voices.some((voice) => voice.engine === 'kokoro' && voice.model === 'kokoro-test')).toBe(true);
    const script = write(
      'mixed.txt',
      'Host: Hello from Kokoro.\nGuest: And hello from Piper.\nNarrator: And espeak closes.\n',
    );
    const out = path.join(work, 'mixed', 'mixed.wav');
    const result = run([
      'render',
      script,
      '-o',
      out,
      '--json',
      '--voice',
      'Host=kokoro:kokoro-test/af_test',
      '--voice',
      `Guest=piper:piper-test/${piperVoice.id}`,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(
      (JSON.parse(result.stdout) as { checks: { ok: boolean; turnsChecked: number } }).checks,
    ).toMatchObject({ ok: true, turnsChecked: 3 });
    const missing = run(['render', script, '-o', out, '--voice', 'Host=kokoro:nope/af_test']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/not installed/);
  });

  it("sets speakers' levels with --gain, and evens them out with --match-levels", () => {
    const script = write(
      'levels.txt',
      [
        'Host: Welcome back to the show. Today we talk about levels, and why they matter to every listener.',
        'Guest: Thank you. When one voice is quieter than the other, people reach for the volume knob all the time.',
        'Host: So we match them before the episode goes out.',
        'Guest: Exactly, and the loudness target does the rest.',
      ].join('\n'),
    );
    // A whispering guest: about 2 LU under the host (Avery, trimmed by 0.5 dB) as espeak-ng renders it.
    const whisper = ['--voice', 'Guest=en-us+whisper'];
    const render = (name: string, extra: string[]) => {
      const out = path.join(work, 'levels', `${name}.wav`);
      const result = run(['render', script, '-o', out, ...whisper, ...extra]);
      expect(result.code, result.stderr).toBe(0);
      const turns = (
        JSON.parse(fs.readFileSync(out.replace(/\.wav$/, '.json'), 'utf8')) as {
          turns: { speaker: string; startMs: number; endMs: number }[];
        }
      ).turns;
      // Each speaker's loudness over its own turns, measured by ffmpeg.
      const lufs = (speaker: string) =>
        loudnessOfStretches(
          out,
          turns.filter((turn) => turn.speaker === speaker),
        );
      return { result, host: lufs('Host'), guest: lufs('Guest'), out };
    };
    const plain = render('plain', ['--loudness', 'off']);
    expect(plain.host - plain.guest).toBeGreaterThan(1.5);

    const lowered = render('lowered', ['--loudness', 'off', '--gain', 'Host=-6']);
    expect(lowered.host - plain.host).toBeCloseTo(-6, 0);
    expect(Math.abs(lowered.guest - plain.guest)).toBeLessThan(0.1);
    expect(fs.readFileSync(lowered.out.replace(/\.wav$/, '.report.txt'), 'utf8')).toContain(
      'Speaker levels: Host −6 dB, Guest 0 dB',
    );

    const matched = render('matched', ['--match-levels']);
    expect(matched.result.stderr).toMatch(/^levels matched: Host −1(\.5)? dB, Guest \+1(\.5)? dB$/m);
    expect(Math.abs(matched.host - matched.guest)).toBeLessThan(0.6);
    expect(ffmpegEbur128(matched.out).integratedLufs).toBeCloseTo(-19, 0);

    const both = run([
      'render',
      script,
      '-o',
      path.join(work, 'levels', 'x.wav'),
      '--gain',
      'Host=1',
      '--match-levels',
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--gain and --match-levels set the same thing/);
    const offScale = run(['render', script, '-o', path.join(work, 'levels', 'x.wav'), '--gain', 'Host=1.25']);
    expect(offScale.stderr).toMatch(/a speaker's level is from -24 to \+12 dB in 0\.5 dB steps/);
    const nobody = run(['render', script, '-o', path.join(work, 'levels', 'x.wav'), '--gain', 'Nobody=1']);
    expect(nobody.stderr).toMatch(/--gain names a speaker not in the script: Nobody/);
  });
});
