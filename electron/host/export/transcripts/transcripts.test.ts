import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, runTool, seededRandom } from '../../audio/testing/oracle';
import { msToLabelSeconds, toAudacityLabels } from './audacity-labels';
import { buildCues, splitIntoCueTexts, wrapLines } from './cues';
import { toSrt } from './srt';
import { TranscriptError } from './timed-turn';
import type { TimedTurn } from './timed-turn';
import { buildTranscriptJson, toTranscriptJson } from './transcript-json';
import { escapeVttText, toWebVtt, toWebVttChapters } from './webvtt';
import { turnsOfSection } from './section-turns';
import { writeTranscripts } from './write-transcripts';
import { tempFilesOf } from '../../files/testing/temp-files-of';

const tmp = makeTempDir('transcripts');
afterAll(() => tmp.remove());

const LONG =
  'Welcome back to the roundtable, where three voices argue about one question every week. ' +
  'Today the question is simple: should a podcast ever be louder than minus sixteen LUFS? ' +
  'Our guest measured a thousand episodes, and the answer surprised all of us, including the producer.';

const turns: TimedTurn[] = [
  { speaker: 'Host', text: LONG, startMs: 0, endMs: 14_000 },
  { speaker: 'Guest <B&B>', text: 'No.', startMs: 14_350, endMs: 14_900 },
  { speaker: 'Host', text: 'Why not?\nTell us  more.', startMs: 15_250, endMs: 16_999 },
];

function parseSrt(srt: string) {
  return srt
    .trim()
    .split('\n\n')
    .map((block) => {
      const [index, timing, ...lines] = block.split('\n');
      const [start, end] = (timing as string).split(' --> ').map((t) => {
        const [h, m, rest] = t.split(':');
        const [s, ms] = (rest as string).split(',');
        return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(ms);
      });
      return { index: Number(index), start: start as number, end: end as number, lines };
    });
}

describe('cue splitting', () => {
  it('wraps greedily at words and cuts words longer than a line', () => {
    expect(wrapLines('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrapLines('a ' + 'x'.repeat(20), 8)).toEqual(['a', 'xxxxxxxx', 'xxxxxxxx', 'xxxx']);
  });

  it('splits at sentences first, then clauses, then words, every cue within 2 x 42', () => {
    const texts = splitIntoCueTexts(LONG, 42, 2);
    for (const text of texts) expect(wrapLines(text, 42).length).toBeLessThanOrEqual(2);
    expect(texts.join(' ')).toBe(LONG);
    expect(texts[0]).toBe('Welcome back to the roundtable,');
    expect(texts).toContain('Today the question is simple:');
    expect(texts.some((t) => t.startsWith('should a podcast'))).toBe(true);
    // Short sentences share a cue.
    expect(splitIntoCueTexts('Yes. No. Maybe.', 42, 2)).toEqual(['Yes. No. Maybe.']);
  });

  it('shares the turn time by characters: exact ends, no overlap, no gaps inside a turn', () => {
    const random = seededRandom(7);
    const words = ['a', 'tiny', 'sentence.', 'and', 'extraordinarily', 'long-winded,', 'words?', 'Yes!'];
    for (let round = 0; round < 200; round++) {
      const text = Array.from(
        { length: 1 + Math.floor(random() * 80) },
        () => words[Math.floor(random() * 8)],
      ).join(' ');
      const startMs = Math.floor(random() * 100_000);
      const endMs = startMs + 1 + Math.floor(random() * 30_000);
      const cues = buildCues([{ speaker: 'S', text, startMs, endMs }]);
      expect(cues[0]?.startMs).toBe(startMs);
      expect(cues.at(-1)?.endMs).toBe(endMs);
      cues.forEach((cue, i) => {
        expect(cue.endMs).toBeGreaterThan(cue.startMs);
        if (i > 0) expect(cue.startMs).toBe(cues[i - 1]?.endMs);
        if (endMs - startMs >= 100) expect(cue.lines.length).toBeLessThanOrEqual(2);
        for (const line of cue.lines) expect(line.length).toBeLessThanOrEqual(42);
      });
      expect(cues.map((c) => c.lines.join(' ')).join(' ')).toBe(text);
    }
  });

  it('cuts a turn that runs into the next, and skips turns with no text or no time', () => {
    const cues = buildCues([
      { speaker: 'A', text: 'First.', startMs: 0, endMs: 2_000 },
      { speaker: 'B', text: 'Second.', startMs: 1_500, endMs: 3_000 },
      { speaker: 'C', text: '   ', startMs: 3_000, endMs: 4_000 },
      { speaker: 'D', text: 'Instant.', startMs: 4_000, endMs: 4_000 },
    ]);
    expect(cues.map((c) => [c.speaker, c.startMs, c.endMs])).toEqual([
      ['A', 0, 1_500],
      ['B', 1_500, 3_000],
    ]);
  });

  it('refuses turns with impossible times', () => {
    expect(() => buildCues([{ speaker: 'A', text: 'x', startMs: 10, endMs: 5 }])).toThrow(TranscriptError);
    expect(() => buildCues([{ speaker: 'A', text: 'x', startMs: 0.5, endMs: 5 }])).toThrow(/whole/);
  });
});

describe('SRT', () => {
  it('numbers cues, names the speaker once per turn and keeps every cue within the turn', () => {
    const srt = toSrt(turns);
    const cues = parseSrt(srt);
    expect(cues.map((c) => c.index)).toEqual(cues.map((_, i) => i + 1));
    expect(cues[0]).toMatchObject({ start: 0, lines: ['Host: Welcome back to the roundtable,'] });
    expect(cues.filter((c) => c.lines[0]?.startsWith('Host: '))).toHaveLength(2);
    const firstTurn = cues.filter((c) => c.end <= 14_000);
    expect(firstTurn.at(-1)?.end).toBe(14_000);
    expect(cues.find((c) => c.lines[0] === 'Guest <B&B>: No.')).toMatchObject({ start: 14_350, end: 14_900 });
    expect(cues.at(-1)).toMatchObject({
      start: 15_250,
      end: 16_999,
      lines: ['Host: Why not? Tell us more.'],
    });
    for (const cue of cues) {
      expect(cue.lines.length).toBeLessThanOrEqual(2);
      for (const line of cue.lines) expect(line.length).toBeLessThanOrEqual(42);
    }
    expect(srt).toContain('00:00:16,999');
    expect(srt.endsWith('\n')).toBe(true);
  });

  it('is read by ffmpeg as a subtitle stream with the same number of cues', () => {
    const path = tmp.file('check.srt');
    const srt = toSrt(turns);
    writeFileSync(path, srt);
    const { stdout } = runTool('ffprobe', ['-v', 'error', '-show_packets', '-of', 'csv', path]);
    const packets = stdout
      .toString('utf8')
      .split('\n')
      .filter((line) => line.startsWith('packet,'));
    expect(packets).toHaveLength(parseSrt(srt).length);
  });
});

describe('WebVTT', () => {
  it('starts with WEBVTT, uses voice spans and escapes markup characters', () => {
    const vtt = toWebVtt(turns);
    expect(vtt.startsWith('WEBVTT\n\n')).toBe(true);
    expect(vtt).toContain('00:00:14.350 --> 00:00:14.900\n<v Guest &lt;B&amp;B&gt;>No.\n');
    expect(vtt).toContain('<v Host>Welcome back to the roundtable,');
    expect(vtt).not.toContain('Host: ');
    expect(escapeVttText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    const path = tmp.file('check.vtt');
    writeFileSync(path, vtt);
    const { stdout } = runTool('ffprobe', ['-v', 'error', '-show_packets', '-of', 'csv', path]);
    const packets = stdout
      .toString('utf8')
      .split('\n')
      .filter((line) => line.startsWith('packet,'));
    expect(packets).toHaveLength((vtt.match(/ --> /g) ?? []).length);
  });

  it('writes a chapters track', () => {
    const chapters = toWebVttChapters(
      [
        { title: 'Part 2', startMs: 60_000 },
        { title: 'Intro & <hello>', startMs: 0 },
      ],
      90_500,
    );
    expect(chapters).toBe(
      'WEBVTT\n\n1\n00:00:00.000 --> 00:01:00.000\nIntro &amp; &lt;hello&gt;\n\n2\n00:01:00.000 --> 00:01:30.500\nPart 2\n',
    );
  });
});

describe('JSON transcript', () => {
  it('lists turns, speakers with speaking time and chapters with ends', () => {
    const json = buildTranscriptJson(turns, {
      title: 'Ep 1',
      chapters: [{ title: 'Start', startMs: 0 }],
      durationMs: 17_500,
    });
    expect(json).toMatchObject({ version: 1, title: 'Ep 1', durationMs: 17_500 });
    expect(json.speakers).toEqual([
      { name: 'Host', turnCount: 2, speakingMs: 14_000 + 1_749 },
      { name: 'Guest <B&B>', turnCount: 1, speakingMs: 550 },
    ]);
    expect(json.chapters).toEqual([{ title: 'Start', startMs: 0, endMs: 17_500 }]);
    expect(json.turns[2]).toEqual({
      index: 2,
      speaker: 'Host',
      text: 'Why not?\nTell us  more.',
      startMs: 15_250,
      endMs: 16_999,
      durationMs: 1_749,
    });
    expect(JSON.parse(toTranscriptJson(turns)).durationMs).toBe(16_999);
  });

  it("names each speaker's voice and its language where the export knows them", () => {
    const json = buildTranscriptJson(turns, {
      voices: [
        { name: 'Host', voice: 'cmn+f3', language: 'cmn' },
        { name: 'Guest <B&B>', voice: 'kokoro:K/af_heart' },
      ],
    });
    expect(json.speakers).toEqual([
      { name: 'Host', turnCount: 2, speakingMs: 15_749, voice: 'cmn+f3', language: 'cmn' },
      { name: 'Guest <B&B>', turnCount: 1, speakingMs: 550, voice: 'kokoro:K/af_heart' },
    ]);
  });
});

describe('Audacity labels', () => {
  it('writes tab-separated seconds with 6 decimals and one line per label', () => {
    expect(msToLabelSeconds(0)).toBe('0.000000');
    expect(msToLabelSeconds(16_999)).toBe('16.999000');
    expect(msToLabelSeconds(3_600_001)).toBe('3600.001000');
    const labels = toAudacityLabels(turns, { chapters: [{ title: 'Q & A', startMs: 14_350 }] }).split('\n');
    expect(labels[1]).toBe('14.350000\t14.350000\t# Q & A');
    expect(labels[2]).toBe('14.350000\t14.900000\tGuest <B&B>: No.');
    expect(labels[3]).toBe('15.250000\t16.999000\tHost: Why not? Tell us more.');
    expect(labels[4]).toBe('');
    expect(labels).toHaveLength(5);
  });
});

describe('writeTranscripts', () => {
  it('writes every format beside the audio, atomically', async () => {
    const base = tmp.file('episode');
    const written = await writeTranscripts(base, turns, {
      formats: ['srt', 'vtt', 'json', 'labels'],
      chapters: [{ title: 'Start', startMs: 0 }],
      durationMs: 17_000,
    });
    expect(written.map((w) => w.path)).toEqual([
      `${base}.srt`,
      `${base}.vtt`,
      `${base}.chapters.vtt`,
      `${base}.chapters.json`,
      `${base}.json`,
      `${base}.labels.txt`,
    ]);
    for (const { path } of written) {
      expect(existsSync(path)).toBe(true);
      expect(tempFilesOf(path)).toEqual([]);
    }
    expect(readFileSync(`${base}.srt`, 'utf8')).toBe(toSrt(turns));
  });

  it('writes nothing when a turn is invalid', async () => {
    const base = tmp.file('broken');
    await expect(
      writeTranscripts(base, [{ speaker: 'A', text: 'x', startMs: 5, endMs: 1 }], {
        formats: ['srt', 'json'],
      }),
    ).rejects.toThrow(TranscriptError);
    expect(existsSync(`${base}.srt`)).toBe(false);
  });

  // No clock here (a busy machine made a 10 s budget fail): a quadratic writer would only meet the hang
  // guard. What is checked is that twenty thousand long turns all arrive, numbered in order.
  it('writes twenty thousand long turns, every cue numbered in order', () => {
    const many: TimedTurn[] = Array.from({ length: 20_000 }, (_, i) => ({
      speaker: `Speaker ${i % 4}`,
      text: LONG,
      startMs: i * 15_000,
      endMs: i * 15_000 + 14_000,
    }));
    const srt = toSrt(many);
    expect(srt.length).toBeGreaterThan(20_000 * LONG.length);
    const numbers = srt.split(/\r?\n\r?\n/).map((block) => Number(block.split(/\r?\n/)[0]));
    const cues = numbers.filter((n) => Number.isInteger(n) && n > 0);
    expect(cues.length).toBeGreaterThanOrEqual(20_000);
    expect(cues.every((n, i) => n === i + 1)).toBe(true);
  });
});

describe('turns of one chapter file', () => {
  it('keeps the turns that start in the file, on its own clock, cut at its end', () => {
    expect(turnsOfSection(turns, 14_200, 16_000)).toEqual([
      { speaker: 'Guest <B&B>', text: 'No.', startMs: 150, endMs: 700 },
      { speaker: 'Host', text: 'Why not?\nTell us  more.', startMs: 1_050, endMs: 1_800 },
    ]);
    expect(turnsOfSection(turns, 0, 14_200).map((turn) => turn.speaker)).toEqual(['Host']);
    expect(turnsOfSection(turns, 17_000, 20_000)).toEqual([]);
  });
});
