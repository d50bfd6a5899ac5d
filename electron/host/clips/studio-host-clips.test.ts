/** Reference clips through the StudioApi handlers: import, consent, assign, render through audio.cpp's dialect, remove. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderProgress } from '../../../shared/api/studio-api';
import { scriptToProject } from '../../../shared/model/from-script';
import { CLIP_CONSENT_STATEMENT } from '../../../shared/model/reference-clip';
import type { VoiceRef } from '../../../shared/model/voice';
import { parseScript } from '../../../shared/script/parser';
import { FakeSpeechServer } from '../../../test-support/fake-speech-server/fake-speech-server';
import { takeKey } from '../render/take-key';
import { createStudioHost } from '../studio-host';
import type { StudioHost } from '../studio-host-types';
import { speechWav } from './testing/clip-fixtures';

let dataDir: string;
let fake: FakeSpeechServer;
let host: StudioHost;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-host-clips-'));
  fake = await FakeSpeechServer.start({ dialect: 'audiocpp' });
  fs.writeFileSync(
    path.join(dataDir, 'engines.json'),
    JSON.stringify({
      version: 1,
      engines: [
        {
          name: 'vibe',
          model: 'fake-tts',
          dialect: 'audiocpp',
          endpoints: [{ url: fake.url }],
          voices: ['alloy'],
        },
      ],
    }),
  );
  host = await createStudioHost({
    mode: 'serve',
    dataDir,
    env: { ROUNDTABLE_FAULTS: '' },
    takeUrl: (dir, hash) => `/take/${hash}?dir=${encodeURIComponent(dir)}`,
  });
});

afterAll(async () => {
  await host?.dispose();
  await fake?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function renderOnce(dir: string, voice: VoiceRef, text: string): Promise<RenderProgress> {
  return new Promise((resolve, reject) => {
    const off = host.on('onRenderProgress', (progress) => {
      if (progress.status === 'done' || progress.status === 'failed' || progress.status === 'cached') {
        off();
        resolve(progress);
      }
    });
    host.handlers
      .renderTakes({ dir, requests: [{ segmentId: 's1', text, voice, force: true }] })
      .catch((error: unknown) => {
        off();
        reject(error instanceof Error ? error : new Error(String(error)));
      });
  });
}

describe('reference clips through the StudioApi', () => {
  it('imports, refuses without consent, assigns only to engines that take clips, renders with the clip, and removes', async () => {
    const { handlers } = host;
    const { project: draft } = scriptToProject(parseScript('Host: Hello there.\nGuest: Hi.\n'), {
      title: 'Clips',
    });
    const created = await handlers.createProject({ title: 'Clips', project: draft });
    const dir = created.dir;
    const source = path.join(dataDir, 'guest.wav');
    fs.writeFileSync(source, speechWav(12));

    // Trimmed on import: 2 s to 8 s of the file.
    const { clip, loudnessLufs } = await handlers.importClip({
      dir,
      source: { path: source },
      trimStartMs: 2_000,
      trimEndMs: 8_000,
    });
    expect(clip).toMatchObject({
      label: 'guest',
      sourceName: 'guest.wav',
      durationSamples: 6 * 24_000,
      sampleRate: 24_000,
    });
    expect(clip.consent).toBeUndefined();
    expect(loudnessLufs).toBeCloseTo(-20, 0);
    expect(fs.existsSync(path.join(dir, 'clips', `${clip.sha256}.wav`))).toBe(true);
    expect(await handlers.listClips({ dir })).toEqual([clip]);
    expect((await handlers.getClipUrl({ dir, sha256: clip.sha256 })).url).toBe(
      `/clip/${clip.sha256}?dir=${encodeURIComponent(dir)}`,
    );
    expect(await host.resolveClipFile(dir, clip.sha256)).toBe(path.join(dir, 'clips', `${clip.sha256}.wav`));

    const vibe: VoiceRef = {
      engine: 'vibe',
      model: 'fake-tts',
      voice: 'alloy',
      params: { ratePercent: 100, pitchSemitones: 0 },
    };
    // No consent yet: neither assigned nor rendered, and the message says how to confirm.
    await expect(handlers.assignClip({ dir, sha256: clip.sha256, voice: vibe })).rejects.toThrow(
      /no consent recorded/,
    );
    await expect(renderOnce(dir, { ...vibe, clip: clip.sha256 }, 'Hello there.')).rejects.toMatchObject({
      code: 'clip-consent-missing',
      hint: expect.stringMatching(/tick the confirmation.*--consent/),
    });
    expect(fake.speechRequests()).toHaveLength(0);
    await expect(
      handlers.confirmConsentForClip({ dir, sha256: clip.sha256, statement: 'sure' }),
    ).rejects.toThrow(/confirmed as it is/);
    const confirmed = await handlers.confirmConsentForClip({
      dir,
      sha256: clip.sha256,
      statement: CLIP_CONSENT_STATEMENT,
    });
    expect(confirmed.consent?.statement).toBe(CLIP_CONSENT_STATEMENT);
    const stored = JSON.parse(
      fs.readFileSync(path.join(dir, 'clips', `${clip.sha256}.json`), 'utf8'),
    ) as typeof confirmed;
    expect(stored.consent).toEqual(confirmed.consent);

    // espeak cannot use a clip: the API refuses it, and a render with one fails its turn saying so.
    const espeak = created.project.speakers[0]!.voice;
    await expect(handlers.assignClip({ dir, sha256: clip.sha256, voice: espeak })).rejects.toThrow(
      /cannot speak in a voice from a reference clip/,
    );
    const refused = await renderOnce(dir, { ...espeak, clip: clip.sha256 }, 'Hello there.');
    expect(refused.status).toBe('failed');
    expect(refused.error?.message).toMatch(/cannot speak in a voice from a reference clip/);

    const { voice } = await handlers.assignClip({ dir, sha256: clip.sha256, voice: vibe });
    expect(voice.clip).toBe(clip.sha256);
    const done = await renderOnce(dir, voice, 'Hello there.');
    expect(done.status).toBe('done');
    expect(done.take?.hash).toBe(takeKey(voice, 'Hello there.'));
    expect(done.take?.hash).not.toBe(takeKey(vibe, 'Hello there.'));
    // The take's metadata names the clip it was cloned from.
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'takes', `${done.take!.hash}.json`), 'utf8')) as {
      clip?: string;
    };
    expect(meta.clip).toBe(clip.sha256);
    const body = fake.speechRequests().at(-1)?.body as { options?: { voice_samples?: string } };
    expect(body.options?.voice_samples).toBe(path.join(dir, 'clips', `${clip.sha256}.wav`));

    // Removing a clip a speaker uses is refused, naming the speaker.
    const project = {
      ...created.project,
      clips: [confirmed],
      speakers: created.project.speakers.map((speaker, index) =>
        index === 1 ? { ...speaker, voice } : speaker,
      ),
    };
    const guest = project.speakers[1]!.name;
    await expect(handlers.removeClip({ dir, sha256: clip.sha256, project })).rejects.toThrow(
      new RegExp(`is the voice of ${guest}`),
    );
    await handlers.removeClip({ dir, sha256: clip.sha256, project: created.project });
    expect(await handlers.listClips({ dir })).toEqual([]);
  });

  it('keeps the take key of voices without a clip as it was', () => {
    const voice: VoiceRef = {
      engine: 'espeak',
      voice: 'en-us',
      params: { ratePercent: 100, pitchSemitones: 0 },
    };
    // The key before clips existed (take-key.ts at TAKE_KEY_VERSION 1), for this voice and text.
    expect(takeKey(voice, 'Hello.')).toBe('f54c3ac71c498ade897da3f8d3f3d194');
    expect(takeKey({ ...voice, clip: 'a'.repeat(64) }, 'Hello.')).not.toBe(takeKey(voice, 'Hello.'));
    expect(takeKey({ ...voice, clip: 'a'.repeat(64) }, 'Hello.')).not.toBe(
      takeKey({ ...voice, clip: 'b'.repeat(64) }, 'Hello.'),
    );
  });
});
