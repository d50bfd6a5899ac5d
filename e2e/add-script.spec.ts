/**
 * Add script: turns from a pasted script join the open project in one undoable step; a line that cannot be
 * used is named, and the dialog says before adding that it would be left out.
 */
import { createProjectFromScript } from './support/new-project';
import { expect, test } from './support/studio-fixture';

test.use({ viewport: { width: 1280, height: 800 } });

test('adds turns from a script in one undoable step, and says which lines it would leave out', async ({
  studio,
}) => {
  const { page, url } = studio;
  await createProjectFromScript(
    page,
    url,
    'Add script test',
    'Host: The first turn.\nGuest: The second turn.\n',
  );
  await expect(page.getByTestId('turn-row')).toHaveCount(2);

  await page.getByTestId('add-script').click();
  const dialog = page.getByTestId('script-dialog');
  await dialog
    .getByTestId('script-input')
    .fill(
      '# Bonus\nHost: One more thing.\nNewcomer: Hello, I am new here.\nNewcomer: [pause 99h]\nHost: Bye.\n',
    );
  await expect(dialog.getByTestId('diagnostic')).toHaveAttribute('data-line', '4');
  await expect(dialog.getByTestId('script-dialog-warning')).toHaveText(
    '1 line could not be used: fix it first, or add the turns without it.',
  );
  await dialog
    .getByTestId('script-input')
    .fill('# Bonus\nHost: One more thing.\nNewcomer: Hello, I am new here.\n[pause 2s]\nHost: Bye.\n');
  await expect(dialog.getByTestId('script-dialog-warning')).toHaveCount(0);
  await expect(dialog.getByTestId('script-add')).toHaveText('Add 3 turns');
  await dialog.getByTestId('script-add').click();

  await expect(page.getByTestId('turn-row')).toHaveCount(5);
  await expect(page.getByTestId('toast')).toContainText('Added 3 turns.');
  await expect(page.getByTestId('speaker-row')).toHaveCount(3); // the newcomer got a speaker (and a voice)
  await expect(page.getByTestId('turn-row-text').nth(4)).toHaveText('Bye.');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('turn-row')).toHaveCount(2);
  await expect(page.getByTestId('speaker-row')).toHaveCount(2);

  // With a turn selected, the turns can go right after it instead of at the end; typing starts at once.
  await page.getByTestId('turn-row').first().click();
  await page.getByTestId('add-script').click();
  await expect(dialog.getByTestId('script-input')).toBeFocused();
  await page.keyboard.type('Guest: Inserted after the first turn.');
  await dialog.getByTestId('script-where-after').click();
  await dialog.getByTestId('script-add').click();
  await expect(page.getByTestId('turn-row-text')).toHaveText([
    'The first turn.',
    'Inserted after the first turn.',
    'The second turn.',
  ]);
  await expect(page.getByTestId('toast').last()).toContainText('Added 1 turn after turn 1.');
  await expect(page.getByTestId('turn-row').nth(1)).toHaveAttribute('aria-selected', 'true');

  // Words a voice cannot say are pointed out while typing.
  await page.getByTestId('turn-text').fill('...');
  await expect(page.getByTestId('turn-editor')).toContainText('Nothing here can be spoken');
  await page.getByTestId('turn-text').fill('Words again.');
  await expect(page.getByTestId('turn-editor')).not.toContainText('Nothing here can be spoken');
});

test('imports a script saved as UTF-16 or Windows-1252 and says how it was read', async ({ studio }) => {
  const { page, url } = studio;
  await page.goto(url);
  await page.getByTestId('start-new-project').click();
  const utf16 = Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from('Host: Hello from Notepad — café.\r\nGuest: Hi.\r\n', 'utf16le'),
  ]);
  await page
    .getByTestId('import-script')
    .setInputFiles({ name: 'notepad.txt', mimeType: 'text/plain', buffer: utf16 });
  await expect(page.getByTestId('script-input')).toHaveValue(/Hello from Notepad — café\./);
  await expect(page.getByText('notepad.txt (read as UTF-16 (little-endian))')).toBeVisible();
  await expect(page.getByTestId('diagnostic')).toHaveCount(0);

  const word = Buffer.from('Host: It\x92s \x93fine\x94.\r\n', 'latin1');
  await page
    .getByTestId('import-script')
    .setInputFiles({ name: 'word.txt', mimeType: 'text/plain', buffer: word });
  await expect(page.getByTestId('script-input')).toHaveValue(/^Host: It’s “fine”\.\s*$/);
  await expect(page.getByText('word.txt (read as Windows-1252)')).toBeVisible();
});

test('a mistyped speaker name is a warning with a one-click fix, in a new script and in one added to the project', async ({
  studio,
}) => {
  const { page, url } = studio;
  await page.goto(url);
  await page.getByTestId('start-new-project').click();
  await page.getByTestId('project-title').fill('Typo test');
  const input = page.getByTestId('script-input');
  await input.fill('Host: Welcome.\nGuest: Thanks.\nHost: So.\nHots: hello\n');
  const diagnostic = page.getByTestId('diagnostic');
  await expect(diagnostic).toHaveCount(1);
  await expect(diagnostic).toHaveAttribute('data-line', '4');
  await expect(diagnostic).toContainText('did you mean Host?');
  await diagnostic.getByTestId('diagnostic-apply').click();
  await expect(input).toHaveValue('Host: Welcome.\nGuest: Thanks.\nHost: So.\nHost: hello\n');
  await expect(page.getByTestId('diagnostic')).toHaveCount(0);
  await expect(page.getByTestId('create-project')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('speaker-row')).toHaveCount(2);

  // Added to the project, the script's names are checked against the project's speakers.
  await page.getByTestId('add-script').click();
  const dialog = page.getByTestId('script-dialog');
  await dialog.getByTestId('script-input').fill('Gust: One more thing.\n');
  await expect(dialog.getByTestId('diagnostic')).toContainText('did you mean Guest?');
  await dialog.getByTestId('diagnostic-apply').click();
  await expect(dialog.getByTestId('script-input')).toHaveValue('Guest: One more thing.\n');
  await dialog.getByTestId('script-add').click();
  await expect(page.getByTestId('turn-row')).toHaveCount(5);
  await expect(page.getByTestId('speaker-row')).toHaveCount(2);

  // Added anyway, the mistyped name is a speaker of its own: its card offers to move its turn over.
  await page.getByTestId('add-script').click();
  await dialog.getByTestId('script-input').fill('Hots: Added with the typo.\n');
  await expect(dialog.getByTestId('diagnostic')).toContainText('did you mean Host?');
  await dialog.getByTestId('script-add').click();
  await expect(page.getByTestId('speaker-row')).toHaveCount(3);
  const typo = page.getByTestId('speaker-row').nth(2).getByTestId('speaker-typo');
  await expect(typo).toContainText('did you mean Host?');
  await typo.getByTestId('speaker-typo-fix').click();
  await expect(page.getByTestId('speaker-row')).toHaveCount(2);
  await expect(page.getByTestId('speaker-typo')).toHaveCount(0);
  await page.getByTestId('turn-row').last().click();
  await expect(page.getByTestId('turn-speaker').locator('option:checked')).toHaveText('Host');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('speaker-row')).toHaveCount(3);
});
