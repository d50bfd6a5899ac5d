import { describe, expect, it } from 'vitest';
import { DocumentCommands } from './document-commands';
import { createDocumentStore, selectProject } from './document-store';
import { sampleProject } from './test-fixtures';
import { createUiStore } from './ui-store';

function setup() {
  const documents = createDocumentStore();
  const ui = createUiStore();
  documents.getState().load('/p', sampleProject());
  const commands = new DocumentCommands(documents, ui, (prefix) => `${prefix}-new`);
  const names = () => selectProject(documents.getState())!.speakers.map((s) => s.name);
  return { documents, ui, commands, names };
}

describe('renaming a speaker', () => {
  it('refuses a name another speaker has, in any case, and says what to do instead', () => {
    const { ui, commands, names } = setup();
    expect(names()).toEqual(['Ada', 'Bo']);
    expect(commands.updateSpeaker('b', { name: ' ada ' })).toBe(false);
    expect(names()).toEqual(['Ada', 'Bo']);
    expect(ui.getState().toasts.at(-1)).toMatchObject({
      message: 'There is already a speaker called “Ada”.',
      hint: expect.stringContaining("give these turns to Ada with the turn editor's Speaker list"),
    });
  });

  it('renames to a free name, and lets a speaker change the case of its own name', () => {
    const { commands, names } = setup();
    expect(commands.updateSpeaker('b', { name: 'Bob' })).toBe(true);
    expect(commands.updateSpeaker('a', { name: 'ADA' })).toBe(true);
    expect(names()).toEqual(['ADA', 'Bob']);
  });
});
