/**
 * `roundtable models import` + `roundtable render` through the real CLI (bin/roundtable.js) with Kitten TTS
 * and Supertonic test folders laid out as published: a two-speaker script per engine, a distinct voice per
 * speaker, every turn audible (ffmpeg measures the output).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { meanVolumeDb } from '../../electron/cli/testing/ffmpeg-oracle';
import { cliRunner } from '../../electron/cli/testing/run-cli';
import { writeKittenTestPack } from './kitten-test-pack';
import { writeSupertonicTestPack } from './supertonic-test-pack';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-new-engines-'));
const env = { ...process.env, ROUNDTABLE_DATA_DIR: path.join(work, 'data'), ROUNDTABLE_FAULTS: '' };
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const run = cliRunner(env, work);
/** Renders run the CLI from its sources on a shared machine: a hang guard, not a speed requirement. */
const HANG_GUARD_MS = 600_000;

interface Transcript {
  turns: { speaker: string; text: string; startMs: number; endMs: number }[];
}

/** Renders a two-speaker script with the given voices; every turn must be audible. */
function renderDuo(name: string, host: string, guest: string): Transcript {
  const script = path.join(work, `${name}.txt`);
  fs.writeFileSync(
    script,
    'Host: Welcome to the show, everyone.\nGuest: Thank you, it is good to be here.\nHost: Let us begin with the news.\n',
  );
  fs.mkdirSync(path.join(work, name));
  const out = path.join(work, name, `${name}.wav`);
  const result = run([
    'render',
    script,
    '-o',
    out,
    '--json',
    '--voice',
    `Host=${host}`,
    '--voice',
    `Guest=${guest}`,
  ]);
  expect(result.code, result.stderr).toBe(0);
  expect((JSON.parse(result.stdout) as { checks: unknown }).checks).toMatchObject({
    ok: true,
    turnsChecked: 3,
  });
  const transcript = JSON.parse(fs.readFileSync(path.join(work, name, `${name}.json`), 'utf8')) as Transcript;
  expect(transcript.turns).toHaveLength(3);
  for (const turn of transcript.turns)
    expect(meanVolumeDb(out, turn.startMs + 50, turn.endMs - 50), turn.text).toBeGreaterThan(-45);
  return transcript;
}

describe('new ONNX engines from the CLI', () => {
  it(
    'imports a Kitten TTS folder and renders two speakers with two of its voices',
    () => {
      const dir = path.join(work, 'dl', 'kitten-tts-nano-0.8');
      return writeKittenTestPack(dir).then(() => {
        const imported = run(['models', 'import', dir]);
        expect(imported.code, imported.stderr).toBe(0);
        expect(imported.stdout).toMatch(
          /kitten-tts-nano-0\.8 {2}kitten {2}2 voices {2}24000 Hz .*license: apache-2\.0/,
        );
        const voices = run(['voices', '--engine', 'kitten']);
        expect(voices.stdout).toMatch(/Jasper — English \(US\), male/);
        renderDuo(
          'kitten',
          'kitten:kitten-tts-nano-0.8/expr-voice-2-m',
          'kitten:kitten-tts-nano-0.8/expr-voice-2-f',
        );
      });
    },
    HANG_GUARD_MS,
  );

  it(
    'imports a Supertonic folder and renders two speakers with two of its styles',
    async () => {
      const dir = path.join(work, 'dl', 'supertonic-3');
      await writeSupertonicTestPack(dir, { languages: ['en', 'ko'] });
      const imported = run(['models', 'import', dir]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toMatch(/supertonic-3 {2}supertonic {2}4 voices {2}44100 Hz/);
      expect(run(['voices', '--engine', 'supertonic']).stdout).toMatch(/M1 — Korean, male/);
      renderDuo('supertonic', 'supertonic:supertonic-3/M1-en', 'supertonic:supertonic-3/F1-en');
    },
    HANG_GUARD_MS,
  );

  it(
    "warns at a Korean turn of a Supertonic voice reading English, and renders it with the style's Korean voice",
    () => {
      // Run after the import above. NFKD turns Hangul syllables into jamo, which the test indexer knows.
      const script = path.join(work, 'ko.txt');
      fs.writeFileSync(script, 'Host: Welcome to the show.\nGuest: 안녕하세요, 반갑습니다.\n');
      fs.mkdirSync(path.join(work, 'ko'));
      const out = path.join(work, 'ko', 'ko.wav');
      const voices = (guest: string) => [
        '--voice',
        'Host=supertonic:supertonic-3/M1-en',
        '--voice',
        `Guest=${guest}`,
      ];
      const english = run(['render', script, '-o', out, ...voices('supertonic:supertonic-3/F1-en')]);
      expect(english.stderr).toMatch(
        /ko\.txt:2: warning: Guest's turn is in Hangul script, which Guest's voice \(supertonic supertonic-3\/F1-en, language en\) cannot speak/,
      );
      const korean = run(['render', script, '-o', out, '--json', ...voices('supertonic:supertonic-3/F1-ko')]);
      expect(korean.code, korean.stderr).toBe(0);
      expect(korean.stderr).not.toMatch(/warning/);
      expect(korean.stderr).toMatch(/^voice: Guest: supertonic supertonic-3\/F1-ko \(ko\)$/m);
      const transcript = JSON.parse(fs.readFileSync(path.join(work, 'ko', 'ko.json'), 'utf8')) as Transcript;
      for (const turn of transcript.turns)
        expect(meanVolumeDb(out, turn.startMs + 50, turn.endMs - 50), turn.text).toBeGreaterThan(-45);
    },
    HANG_GUARD_MS,
  );
});
