/**
 * `roundtable render --voice-clip "Guest=<file>" --consent` as a user runs it: the fake audio.cpp server in
 * its own process (it loads voice_samples from its disk, as audio.cpp does), the CLI in another.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTool } from '../host/audio/testing/oracle';
import { cliRunner } from './testing/run-cli';
import { fakeServerProcessArgs } from '../../test-support/fake-speech-server/process-command';
import { HANG_GUARD_MS } from '../../test-support/hang-guard';

const FAKE = fakeServerProcessArgs();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-voice-clip-'));
const dataDir = path.join(work, 'data');
const env = { ...process.env, ROUNDTABLE_DATA_DIR: dataDir, ROUNDTABLE_FAULTS: '' };
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(work, { recursive: true, force: true });
});
const run = cliRunner(env, work);

async function startFake(): Promise<{ url: string; output: () => string }> {
  const child = spawn(process.execPath, [...FAKE.args, '--dialect', 'audiocpp', '--log-requests'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (data: Buffer) => (out += data.toString()));
  await expect.poll(() => /"url"/.test(out), { timeout: HANG_GUARD_MS }).toBe(true);
  return { url: (JSON.parse(out.split('\n')[0] ?? '{}') as { url: string }).url, output: () => out };
}

describe('render --voice-clip', () => {
  it('refuses without --consent, for an engine that cannot clone, and renders with the clip through audio.cpp', async () => {
    const fake = await startFake();
    fs.writeFileSync(
      path.join(work, 'script.txt'),
      'Host: Welcome to the show.\nGuest: Thank you for having me here.\n',
    );
    const guest = path.join(work, 'guest.mp3');
    runTool('espeak-ng', [
      '-v',
      'en-us+f3',
      '-w',
      path.join(work, 'guest.wav'),
      'This is how I sound when I talk about the weather and the garden for a while.',
    ]);
    runTool('ffmpeg', ['-v', 'error', '-y', '-i', path.join(work, 'guest.wav'), '-ar', '44100', guest]);
    expect(
      run([
        'engines',
        'add',
        'vibe',
        '--url',
        fake.url,
        '--model',
        'fake-tts',
        '--dialect',
        'audiocpp',
        '--voice',
        'alloy',
      ]),
    ).toMatchObject({ code: 0 });

    const base = ['render', 'script.txt', '-o', 'episode.wav', '--voice', 'Guest=vibe:fake-tts/alloy'];
    const noConsent = run([...base, '--voice-clip', 'Guest=guest.mp3;start=0.5']);
    expect(noConsent.code).toBe(2);
    expect(noConsent.stderr).toContain('--voice-clip needs --consent');
    expect(noConsent.stderr).toContain('I have the right to use this voice.');

    const espeakSpeaker = run([...base, '--voice-clip', 'Host=guest.mp3', '--consent']);
    expect(espeakSpeaker.code).toBe(2);
    expect(espeakSpeaker.stderr).toMatch(/Host's voice \(eSpeak.*\) cannot speak in a voice from a clip/);

    const tooShort = run([...base, '--voice-clip', 'Guest=guest.mp3;start=0;end=1.5', '--consent']);
    expect(tooShort.code).toBe(2);
    expect(tooShort.stderr).toMatch(/1\.5 s long; a reference clip needs at least 3\.0 s/);

    const ok = run([...base, '--voice-clip', 'Guest=guest.mp3;start=0.5', '--consent']);
    expect(ok.stderr).toMatch(/plan: speaker Guest: vibe:fake-tts\/alloy;clip=[0-9a-f]{64}/);
    expect(ok.code).toBe(0);
    const clips = fs.readdirSync(path.join(dataDir, 'cache', 'clips'));
    const wav = clips.find((name) => name.endsWith('.wav'));
    expect(wav).toBeDefined();
    const record = JSON.parse(
      fs.readFileSync(path.join(dataDir, 'cache', 'clips', wav!.replace('.wav', '.json')), 'utf8'),
    ) as {
      sourceName: string;
      consent?: { statement: string };
    };
    expect(record).toMatchObject({
      sourceName: 'guest.mp3',
      consent: { statement: 'I have the right to use this voice.' },
    });
    // The Guest's request named the stored clip, by its absolute path; the Host's (espeak) went nowhere.
    // (The fake's output is read once this process's event loop runs again.)
    await expect
      .poll(() => fake.output(), { timeout: HANG_GUARD_MS })
      .toContain(`voice_samples ${path.join(dataDir, 'cache', 'clips', wav!)}`);
    // One request (the Guest's one turn): the refused runs sent nothing.
    expect(
      fake
        .output()
        .split('\n')
        .filter((line) => line === 'speech request'),
    ).toHaveLength(1);
    expect(fs.existsSync(path.join(work, 'episode.wav'))).toBe(true);
  });
});
