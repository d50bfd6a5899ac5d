import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { selectProject } from '../../state/document-store';
import { openStudio } from '../../testing/studio-harness';
import { NewProjectScreen } from './NewProjectScreen';

async function openScreen() {
  const harness = await openStudio({ project: null });
  harness.studio.ui.setState({ screen: 'new-project' });
  await harness.show(<NewProjectScreen />);
  return harness;
}

function folderField() {
  return screen.getByTestId<HTMLInputElement>('project-dir');
}

function createCalls(calls: Array<{ method: string; input: unknown }>) {
  return calls
    .filter((c) => c.method === 'createProject')
    .map((c) => c.input as { title: string; dir?: string });
}

describe('NewProjectScreen', () => {
  it('suggests the folder the host will create for the title, following the title as it changes', async () => {
    const { user } = await openScreen();
    // No title yet: the folder of an untitled episode.
    await waitFor(() => expect(folderField().placeholder).toBe('/fake/projects/Untitled episode'));

    // A script's first heading names the episode while no title is typed.
    await user.click(screen.getByTestId('script-input'));
    await user.paste('# Pilot\nHost: Welcome.');
    await waitFor(() => expect(folderField().placeholder).toBe('/fake/projects/Pilot'));

    await user.type(screen.getByTestId('project-title'), 'Episode 7');
    await waitFor(() => expect(folderField().placeholder).toBe('/fake/projects/Episode 7'));
    expect(folderField().title).toBe('Left empty, the project goes to /fake/projects/Episode 7');
    expect(folderField().value).toBe('');
  });

  it('creates the project in the suggested place when the folder is left empty, with the script turns', async () => {
    const { user, api, studio } = await openScreen();
    await user.type(screen.getByTestId('project-title'), 'Pilot');
    await user.click(screen.getByTestId('script-input'));
    await user.paste('Host: Welcome.\nGuest: Thank you.');
    const found = await screen.findByTestId('found-speakers');
    expect(found.textContent).toContain('Host');
    expect(found.textContent).toContain('Guest');

    const create = screen.getByTestId('create-project');
    await waitFor(() => expect(create.textContent).toBe('Create project with 2 turns'));
    await user.click(create);
    await waitFor(() => expect(studio.ui.getState().screen).toBe('editor'));
    expect(createCalls(api.calls)).toEqual([expect.objectContaining({ title: 'Pilot' })]);
    expect(createCalls(api.calls)[0]!.dir).toBeUndefined();
    const project = selectProject(studio.documents.getState());
    expect(project?.segments.map((s) => s.text)).toEqual(['Welcome.', 'Thank you.']);
    expect(studio.documents.getState().dir).toBe('/home/producer/.roundtable/projects/pilot');
  });

  it('creates the project in the folder typed', async () => {
    const { user, api, studio } = await openScreen();
    await user.click(folderField());
    await user.paste('/home/producer/shows/pilot');
    await user.click(screen.getByTestId('create-project'));
    await waitFor(() => expect(studio.ui.getState().screen).toBe('editor'));
    expect(createCalls(api.calls)[0]!.dir).toBe('/home/producer/shows/pilot');
    expect(studio.documents.getState().dir).toBe('/home/producer/shows/pilot');
  });
});
