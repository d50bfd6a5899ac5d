/**
 * Languages in the studio: a Chinese line for a speaker with an English voice is warned about at its line
 * with the fix, and new speakers who write Chinese are shown Mandarin voices before the project exists.
 */
import { createProjectFromScript } from './support/new-project';
import { expect, test } from './support/studio-fixture';

test.use({ viewport: { width: 1280, height: 800 } });

test('new Chinese speakers get Mandarin voices; a Chinese line for an English voice is warned about', async ({
  studio,
}) => {
  const { page, url } = studio;
  await page.goto(url);
  await page.getByTestId('start-new-project').click();
  await page.getByTestId('script-input').fill('主持人：大家好，欢迎收听。\n小雨：谢谢，我很高兴来这里。\n');
  const found = page.getByTestId('found-speakers');
  await expect(found).toContainText('主持人');
  await expect(found).toContainText('Chinese (Mandarin', { timeout: 60_000 });
  await expect(page.getByTestId('diagnostic')).toHaveCount(0);

  await createProjectFromScript(page, url, 'Languages test', 'Host: Welcome.\nGuest: Thank you.\n');
  await page.getByTestId('add-script').click();
  const dialog = page.getByTestId('script-dialog');
  await dialog.getByTestId('script-input').fill('Host: One more thing.\nGuest: 大家好，我是今天的嘉宾。\n');
  const diagnostic = dialog.getByTestId('diagnostic');
  await expect(diagnostic).toHaveAttribute('data-line', '2');
  await expect(diagnostic).toContainText('Han script');
  await expect(diagnostic).toContainText('Give Guest a Mandarin Chinese voice, e.g.');
  await expect(diagnostic).toContainText('(espeak cmn)');
});
