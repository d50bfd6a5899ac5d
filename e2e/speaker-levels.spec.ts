/**
 * Speaker levels in the studio: a level set with the slider is one undo step, re-renders nothing, is saved
 * with the project and plays (a boost through Web Audio); "Match levels" asks for rendered speech first,
 * then sets the levels the host's measurement calls for (shared matchedGains), in one undo step.
 *
 * data-testid: speaker-level (range), speaker-level-value, match-levels.
 */
import { WebSocket } from 'ws';
import { formatGainDb, matchedGains, type SpeakerLoudness } from '../shared/model/speaker-levels';
import { createProjectFromScript } from './support/new-project';
import { savedProject, turnStatuses } from './support/project-state';
import { expect, test } from './support/studio-fixture';

const TITLE = 'Level test';
const SCRIPT = [
  'Host: Welcome to the level test. Today we make two voices sound equally loud.',
  'Guest: Thank you for having me. My voice may well be quieter than yours.',
  'Host: Then we measure both of us, and the studio evens us out.',
].join('\n');

test.use({ viewport: { width: 1440, height: 900 } });

/** One StudioApi call over serve mode's WebSocket, as the page makes them. */
function callApi<T>(pageUrl: string, method: string, input: unknown): Promise<T> {
  const url = new URL(pageUrl);
  const ws = new WebSocket(`ws://${url.host}/api?token=${url.searchParams.get('token') ?? ''}`, {
    origin: url.origin,
  });
  return new Promise<T>((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, method, input })));
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as {
        id?: number;
        ok?: boolean;
        output?: T;
        error?: { message: string };
      };
      if (message.id !== 1) return;
      ws.close();
      if (message.ok) resolve(message.output as T);
      else reject(new Error(message.error?.message ?? 'call failed'));
    });
    ws.on('error', reject);
  });
}

test('speaker levels are set, saved, played and matched', async ({ studio }) => {
  const { page, url, dataDir } = studio;
  // Keeps the media elements routed through Web Audio (a level above 0 dB needs it) and their gain nodes.
  await page.addInitScript(() => {
    const seen = window as unknown as { routed: AudioContext[]; gains: GainNode[] };
    seen.routed = [];
    seen.gains = [];
    const createSource = AudioContext.prototype.createMediaElementSource;
    AudioContext.prototype.createMediaElementSource = function (this: AudioContext, element) {
      seen.routed.push(this);
      return createSource.call(this, element);
    };
    const createGain = AudioContext.prototype.createGain;
    AudioContext.prototype.createGain = function (this: AudioContext) {
      const node = createGain.call(this);
      seen.gains.push(node);
      return node;
    };
  });
  await createProjectFromScript(page, url, TITLE, SCRIPT);
  const rows = page.getByTestId('speaker-row');
  await expect(rows).toHaveCount(2);
  const hostLevel = rows.nth(0).getByTestId('speaker-level-value');
  const guestLevel = rows.nth(1).getByTestId('speaker-level-value');
  await expect(hostLevel).toHaveText('0 dB');
  await expect(guestLevel).toHaveText('0 dB');

  // Nothing rendered yet: nothing to match, and the toast says what to do.
  await page.getByTestId('match-levels').click();
  await expect(page.getByTestId('toast')).toContainText('Render turns of at least two speakers first.');
  await expect(hostLevel).toHaveText('0 dB');

  await page.getByTestId('render-all').click();
  await expect
    .poll(() => turnStatuses(page), { timeout: 90_000, intervals: [250, 500, 1000] })
    .toEqual(['done', 'done', 'done']);

  // Four steps with the keyboard are one undo step, and re-render nothing.
  const slider = rows.nth(1).getByTestId('speaker-level');
  await slider.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(guestLevel).toHaveText('+2 dB');
  await expect(slider).toHaveValue('2');
  expect(await turnStatuses(page)).toEqual(['done', 'done', 'done']);
  await expect(page.getByTestId('render-all')).toBeDisabled();
  await page.getByTestId('undo').click();
  await expect(guestLevel).toHaveText('0 dB');
  await page.getByTestId('redo').click();
  await expect(guestLevel).toHaveText('+2 dB');
  // Double-click goes back to 0 dB; undo brings +2 dB back.
  await slider.dblclick();
  await expect(guestLevel).toHaveText('0 dB');
  await page.getByTestId('undo').click();
  await expect(guestLevel).toHaveText('+2 dB');

  // The boosted speaker's turn plays, through Web Audio.
  const audio = page.getByTestId('audio-player');
  await page.getByTestId('turn-play').nth(1).click();
  await expect
    .poll(() => audio.evaluate((a) => (a as HTMLAudioElement).currentTime), { timeout: 15_000 })
    .toBeGreaterThan(0.2);
  const route = await page.evaluate(() => {
    const seen = window as unknown as { routed: AudioContext[]; gains: GainNode[] };
    return { routed: seen.routed.length, state: seen.routed[0]?.state, gain: seen.gains[0]?.gain.value };
  });
  expect(route).toMatchObject({ routed: 1, state: 'running' });
  expect(route.gain).toBeCloseTo(10 ** (2 / 20), 4);
  await page.getByTestId('transport-toggle').click(); // stop

  // Saved with the project, and there after closing and opening it again.
  await page.getByTestId('save').click();
  await expect(page.getByTestId('save')).toContainText('Saved');
  const saved = savedProject(dataDir, TITLE);
  expect(saved.project.speakers.map((s) => s.gainDb)).toEqual([0, 2]);
  await page.getByTestId('close-project').click();
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await page.getByTestId('recent-project').filter({ hasText: TITLE }).click();
  await expect(page.getByTestId('editor')).toBeVisible();
  await expect(guestLevel).toHaveText('+2 dB');
  await expect(hostLevel).toHaveText('0 dB');

  // Match levels: the gains the host's measurement calls for, in one undo step, named in the toast.
  const levels = await callApi<SpeakerLoudness[]>(url, 'measureSpeakerLevels', saved);
  const expected = matchedGains(levels);
  expect(expected.map((g) => g.speakerId)).toEqual(saved.project.speakers.map((s) => s.id));
  const [hostGain, guestGain] = expected.map((g) => formatGainDb(g.gainDb));
  await page.getByTestId('match-levels').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Levels matched' })).toHaveText(
    new RegExp(`Levels matched: Host ${hostGain}, Guest ${guestGain}`),
  );
  await expect(hostLevel).toHaveText(hostGain!);
  await expect(guestLevel).toHaveText(guestGain!);
  expect(await turnStatuses(page)).toEqual(['done', 'done', 'done']);
  await page.getByTestId('undo').click();
  await expect(hostLevel).toHaveText('0 dB');
  await expect(guestLevel).toHaveText('+2 dB');
});
