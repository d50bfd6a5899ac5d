/**
 * Seeds in the studio, against the fake speech server in audio.cpp's dialect (its audio depends on the
 * seed): an endpoint is added in Settings → Engines, its voice picked for a speaker, the turn rendered;
 * Regenerate draws a new seed and makes a new take (other audio), the earlier one enters the history with
 * its seed; restoring it uses the cached audio; restoring a take whose audio the cache lost renders it
 * again from its seed, sample for sample; a take with music after the words is flagged (take QA) and
 * regenerated from its note.
 *
 * data-testid: engine-add-dialect, turn-seed (data-seed, data-hash), take-history-item (data-seed,
 * data-hash), take-history-seed, take-restore, turn-regenerate (data-new-seed), take-qa-note,
 * take-qa-regenerate, queue-row-qa.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FakeSpeechServer } from '../test-support/fake-speech-server/fake-speech-server';
import { createProjectFromScript } from './support/new-project';
import { savedProject, turnStatuses } from './support/project-state';
import { expect, test } from './support/studio-fixture';

test('Regenerate draws a new seed, the history keeps each take with its seed, and restores reproduce them', async ({
  studio,
}) => {
  const { page, url, dataDir } = studio;
  const fake = await FakeSpeechServer.start({ dialect: 'audiocpp' });
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await createProjectFromScript(page, url, 'Seeds test', 'Host: A model that samples says this line.');
    const takesDir = path.join(savedProject(dataDir, 'Seeds test').dir, 'takes');

    await page.getByRole('button', { name: 'Engines' }).click();
    const dialog = page.getByTestId('engines-dialog');
    await dialog.getByTestId('engine-add-name').fill('vibe');
    await dialog.getByTestId('engine-add-url').fill(fake.url);
    await dialog.getByTestId('engine-add-model').fill(fake.model);
    await dialog.getByTestId('engine-add-dialect').selectOption('audiocpp');
    await dialog.getByTestId('engine-add').click();
    const row = dialog.getByTestId('engine-row').filter({ hasText: 'vibe' });
    await expect(row.getByTestId('engine-dialect')).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();

    const select = page.getByTestId('speaker-row').first().getByTestId('voice-select');
    const option = select.locator('optgroup[label*="vibe"] option', { hasText: 'alloy' });
    await expect(option).toHaveCount(1);
    await select.selectOption((await option.getAttribute('value')) ?? '');
    await page.getByTestId('render-all').click();
    await expect.poll(() => turnStatuses(page), { timeout: 90_000 }).toEqual(['done']);

    await page.getByTestId('turn-row').first().click();
    const regenerate = page.getByTestId('turn-regenerate');
    await expect(regenerate).toHaveAttribute('data-new-seed', 'true');
    const seedLine = page.getByTestId('turn-seed');
    await expect(seedLine).toContainText('Seed derived from the text');
    const firstHash = await seedLine.getAttribute('data-hash');
    const speechRequests = () => fake.speechRequests().filter((request) => request.status === 200);
    const seedsSent = () => speechRequests().map((request) => (request.body as { seed: number }).seed);

    // Regenerate: a new seed, a new take; the first one goes to the history.
    await regenerate.click();
    await expect(seedLine).toHaveAttribute('data-seed', /^\d+$/, { timeout: 60_000 });
    await expect.poll(() => turnStatuses(page), { timeout: 60_000 }).toEqual(['done']);
    const seedA = Number(await seedLine.getAttribute('data-seed'));
    const hashA = (await seedLine.getAttribute('data-hash')) ?? '';
    expect(hashA).not.toBe(firstHash);
    expect(seedsSent().at(-1)).toBe(seedA);
    await expect(page.getByTestId('take-history-item')).toHaveCount(1);

    // Again: another seed, other audio; the take of seed A is in the history with its seed.
    await regenerate.click();
    await expect(seedLine).not.toHaveAttribute('data-seed', String(seedA), { timeout: 60_000 });
    await expect(seedLine).toHaveAttribute('data-seed', /^\d+$/);
    await expect.poll(() => turnStatuses(page), { timeout: 60_000 }).toEqual(['done']);
    const seedB = Number(await seedLine.getAttribute('data-seed'));
    const hashB = (await seedLine.getAttribute('data-hash')) ?? '';
    expect(seedB).not.toBe(seedA);
    expect(seedsSent().at(-1)).toBe(seedB);
    const wavA = fs.readFileSync(path.join(takesDir, `${hashA}.wav`));
    const wavB = fs.readFileSync(path.join(takesDir, `${hashB}.wav`));
    expect(wavA.equals(wavB)).toBe(false);
    const itemA = page.locator(`[data-testid="take-history-item"][data-seed="${seedA}"]`);
    await expect(itemA.getByTestId('take-history-seed')).toHaveText(`seed ${seedA}`);
    await expect(page.getByTestId('take-history-item')).toHaveCount(2);

    // Restore the take of seed A: its cached audio, nothing is sent to the server.
    const sentBefore = speechRequests().length;
    await itemA.getByTestId('take-restore').click();
    await expect(seedLine).toHaveAttribute('data-seed', String(seedA));
    await expect(seedLine).toHaveAttribute('data-hash', hashA);
    await expect.poll(() => turnStatuses(page)).toEqual(['done']);
    expect(speechRequests().length).toBe(sentBefore);

    // The cache loses the take of seed B; restoring it renders it again from its seed: the same take.
    for (const suffix of ['.wav', '.json', '.peaks.json'])
      fs.rmSync(path.join(takesDir, `${hashB}${suffix}`));
    const itemB = page.locator(`[data-testid="take-history-item"][data-seed="${seedB}"]`);
    await itemB.getByTestId('take-restore').click();
    await expect.poll(() => seedsSent().at(-1), { timeout: 60_000 }).toBe(seedB);
    await expect
      .poll(() => fs.existsSync(path.join(takesDir, `${hashB}.json`)), { timeout: 60_000 })
      .toBe(true);
    await expect(seedLine).toHaveAttribute('data-seed', String(seedB));
    await expect(seedLine).toHaveAttribute('data-hash', hashB);
    await expect.poll(() => turnStatuses(page), { timeout: 60_000 }).toEqual(['done']);
    expect(fs.readFileSync(path.join(takesDir, `${hashB}.wav`)).equals(wavB)).toBe(true);

    // Take QA: the server answers music after the words; the take is flagged, Regenerate from the note.
    fake.faults.push({ kind: 'music' });
    await regenerate.click();
    const note = page.getByTestId('take-qa-note');
    await expect(note).toBeVisible({ timeout: 60_000 });
    await expect(note).toContainText('sounds like music, a held tone or noise, not speech');
    await expect(page.getByTestId('queue-row-qa').first()).toBeVisible();
    const flaggedSeed = await seedLine.getAttribute('data-seed');
    await page.getByTestId('take-qa-regenerate').click();
    await expect(seedLine).not.toHaveAttribute('data-seed', flaggedSeed ?? '', { timeout: 60_000 });
    await expect(note).toHaveCount(0, { timeout: 60_000 });
    await expect.poll(() => turnStatuses(page), { timeout: 60_000 }).toEqual(['done']);

    // Leave the server's engines as they were (the data folder is shared by the specs of a run).
    await page.getByRole('button', { name: 'Engines' }).click();
    const added = page.getByTestId('engine-row').filter({ hasText: 'vibe' });
    await added.getByTestId('engine-remove').click();
    await added.getByTestId('engine-remove-confirm').click();
    await expect(page.getByTestId('engines-empty')).toBeVisible();
  } finally {
    await fake.close();
  }
});
