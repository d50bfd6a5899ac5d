import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../../../shared/model/project';
import { sampleProject } from '../../state/test-fixtures';
import { mediaPlays } from '../../testing/dom-stubs';
import { openStudio } from '../../testing/studio-harness';
import { VoicePickerDialog } from './VoicePickerDialog';

/** Ada speaks as espeak's Avery (US English). */
function episode(): Project {
  const project = sampleProject();
  project.speakers[0]!.voice = {
    engine: 'espeak',
    voice: 'en-us+m3',
    params: { ratePercent: 100, pitchSemitones: 0 },
  };
  return project;
}

function voiceRow(where: string): HTMLElement {
  const found = screen.getAllByTestId('voice-row').find((r) => r.dataset.voice === where);
  if (!found) throw new Error(`no row for ${where}`);
  return found;
}

async function openPicker() {
  const harness = await openStudio({ project: episode() });
  harness.studio.ui.setState({ dialog: 'voices', voicePickerSpeakerId: 'a' });
  const view = await harness.show(<VoicePickerDialog />);
  return { ...harness, view };
}

describe('VoicePickerDialog', () => {
  it("opens on the speaker's language with the current voice marked in use", async () => {
    await openPicker();
    expect(screen.getByRole('dialog', { name: 'Voice for Ada' })).toBeTruthy();
    expect(screen.getByTestId<HTMLSelectElement>('voice-filter-language').value).toBe('en');
    for (const r of screen.getAllByTestId('voice-row')) {
      expect(r.querySelector('.voice-row__tag')?.textContent).toMatch(/^en/);
    }
    expect(within(voiceRow('espeak:en-us+m3')).getByTestId('voice-in-use')).toBeTruthy();
  });

  it('assigns the voice chosen with Use, keeping the speaker\u2019s rate and pitch', async () => {
    const { user, project } = await openPicker();
    await user.click(within(voiceRow('kokoro:kokoro-v1/am_michael')).getByTestId('voice-use'));
    expect(project().speakers[0]!.voice).toEqual({
      engine: 'kokoro',
      model: 'kokoro-v1',
      voice: 'am_michael',
      params: { ratePercent: 100, pitchSemitones: 0 },
    });
    expect(within(voiceRow('kokoro:kokoro-v1/am_michael')).getByTestId('voice-in-use')).toBeTruthy();
    expect(within(voiceRow('espeak:en-us+m3')).getByTestId('voice-use')).toBeTruthy();
  });

  it('stars favourites, filters by them, and remembers them the next time it opens', async () => {
    const { user, api, view, show } = await openPicker();
    const star = within(voiceRow('kokoro:kokoro-v1/af_heart')).getByTestId('voice-favourite');
    expect(star.getAttribute('aria-label')).toBe('Add Heart to favourites');
    await user.click(star);
    await waitFor(() => expect(star.getAttribute('aria-pressed')).toBe('true'));
    expect(star.getAttribute('aria-label')).toBe('Remove Heart from favourites');
    expect(api.calls.filter((c) => c.method === 'setFavouriteVoice').map((c) => c.input)).toEqual([
      { voice: { engine: 'kokoro', model: 'kokoro-v1', voice: 'af_heart' }, favourite: true },
    ]);

    await user.click(screen.getByTestId('voice-filter-favourites'));
    expect(screen.getAllByTestId('voice-row').map((r) => r.dataset.voice)).toEqual([
      'kokoro:kokoro-v1/af_heart',
    ]);

    view.unmount();
    await show(<VoicePickerDialog />);
    await waitFor(() =>
      expect(
        within(voiceRow('kokoro:kokoro-v1/af_heart'))
          .getByTestId('voice-favourite')
          .getAttribute('aria-pressed'),
      ).toBe('true'),
    );

    // A second click takes the star away again.
    const again = within(voiceRow('kokoro:kokoro-v1/af_heart')).getByTestId('voice-favourite');
    await user.click(again);
    await waitFor(() => expect(again.getAttribute('aria-pressed')).toBe('false'));
    expect(api.calls.filter((c) => c.method === 'setFavouriteVoice').at(-1)?.input).toMatchObject({
      favourite: false,
    });
    await user.click(screen.getByTestId('voice-filter-favourites'));
    expect(screen.getByTestId('voice-none')).toBeTruthy();
  });

  it('plays a sample in a voice without assigning it', async () => {
    const { user, project } = await openPicker();
    const emma = voiceRow('kokoro:kokoro-v1/bf_emma');
    await user.click(within(emma).getByTestId('voice-play'));
    await waitFor(() => expect(emma.dataset.sample).toBe('playing'));
    expect(emma.dataset.plays).toBe('1');
    expect(mediaPlays()).toHaveLength(1);
    expect(project().speakers[0]!.voice.voice).toBe('en-us+m3');
  });

  it('offers every voice again when the filters match none', async () => {
    const { user } = await openPicker();
    await user.type(screen.getByTestId('voice-search'), 'zzzz');
    expect(screen.getByTestId('voice-none')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show all voices' }));
    expect(screen.getByTestId('voice-count').textContent).toMatch(/^(\d+) of \1 voices/);
  });
});
