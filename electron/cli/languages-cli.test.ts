/** `roundtable render` with Chinese: the Mandarin example with default voices, and a mixed script's warning. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliWorkspace, ROOT } from './testing/run-cli';
import { meanVolumeDb } from './testing/ffmpeg-oracle';

const { work, run } = cliWorkspace([], 'rt-lang-');

describe('roundtable render in Chinese', () => {
  it('renders the Mandarin example with default voices: every turn audible, every speaker a cmn voice', () => {
    fs.mkdirSync(path.join(work, 'zh'));
    const out = path.join(work, 'zh', 'demo-zh.wav');
    const result = run(['render', path.join(ROOT, 'examples/roundtable-demo-zh.txt'), '-o', out, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/warning/);
    const voices = [...result.stderr.matchAll(/^voice: (.+): espeak (\S+) \((\S+)\)$/gm)].map((m) => [
      m[1],
      m[2],
      m[3],
    ]);
    expect(voices.map((v) => v[0])).toEqual(['主持人', '林博士', '小雨']);
    for (const [, voice, language] of voices) {
      expect(voice).toMatch(/^cmn\+/);
      expect(language).toBe('cmn');
    }
    expect(new Set(voices.map((v) => v[1])).size).toBe(3);

    const summary = JSON.parse(result.stdout) as {
      checks: { ok: boolean; turnsChecked: number };
      speakers: { name: string; voice: string; language: string }[];
    };
    expect(summary.checks).toMatchObject({ ok: true, turnsChecked: 10 });
    // The plan, --json, the JSON transcript and the report all say which voice and language each got.
    const got = voices.map(([name, voice]) => ({ name, voice, language: 'cmn' }));
    expect(summary.speakers.map(({ name, voice, language }) => ({ name, voice, language }))).toEqual(got);
    const transcript = JSON.parse(fs.readFileSync(path.join(work, 'zh', 'demo-zh.json'), 'utf8')) as {
      turns: { speaker: string; text: string; startMs: number; endMs: number }[];
      chapters: { title: string }[];
      speakers: { name: string; voice: string; language: string }[];
    };
    expect(transcript.speakers.map(({ name, voice, language }) => ({ name, voice, language }))).toEqual(got);
    expect(fs.readFileSync(path.join(work, 'zh', 'demo-zh.report.txt'), 'utf8')).toContain(
      `Voices: ${got.map(({ name, voice }) => `${name}=${voice} (cmn)`).join(', ')}\n`,
    );
    expect(transcript.turns).toHaveLength(10);
    expect(transcript.chapters.map((c) => c.title)).toEqual(['第一章：离线语音合成']);
    for (const turn of transcript.turns) {
      expect(meanVolumeDb(out, turn.startMs + 50, turn.endMs - 50), turn.text).toBeGreaterThan(-45);
      // Spoken in Mandarin, about 3-8 characters a second, not spelled out letter by letter.
      const hanChars = [...turn.text.matchAll(/\p{Script=Han}/gu)].length;
      expect((turn.endMs - turn.startMs) / hanChars, turn.text).toBeLessThan(400);
    }
  });

  it('warns at the Chinese turn of an English speaker before anything renders, naming a voice for it', () => {
    const script = path.join(work, 'mixed.txt');
    fs.writeFileSync(
      script,
      'Host: Welcome to the show.\nGuest: Thanks for having me.\nGuest: 大家好。\nGuest: That is hello in Mandarin.\n',
    );
    fs.mkdirSync(path.join(work, 'mixed'));
    const result = run(['render', script, '-o', path.join(work, 'mixed', 'mixed.wav')]);
    expect(result.code, result.stderr).toBe(0);
    const warning = result.stderr.indexOf(`${script}:3: warning: Guest's turn is in Han script`);
    expect(warning, result.stderr).toBeGreaterThanOrEqual(0);
    expect(result.stderr).toContain('fix: give Guest a Mandarin Chinese voice, e.g. espeak cmn+f3');
    expect(warning).toBeLessThan(result.stderr.indexOf('rendering'));
    expect(result.stderr.match(/warning:/g)).toHaveLength(1);
  });
});
