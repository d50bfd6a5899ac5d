import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Project } from '../../../../shared/model/project';
import { voiceKey } from '../../../../shared/model/speaker-defaults';
import { sampleProject } from '../../state/test-fixtures';
import { mediaPlays } from '../../testing/dom-stubs';
import { speakerRow } from '../../testing/queries';
import { openStudio } from '../../testing/studio-harness';
import { SpeakersPanel } from './SpeakersPanel';

/** The sample episode with voices the fake host lists: Ada speaks as espeak's Avery, Bo as Beatrice. */
function episode(): Project {
  const project = sampleProject();
  project.speakers[0]!.voice = {
    engine: 'espeak',
    voice: 'en-us+m3',
    params: { ratePercent: 110, pitchSemitones: 2 },
  };
  project.speakers[1]!.voice = {
    engine: 'espeak',
    voice: 'en-gb-x-rp+f3',
    params: { ratePercent: 100, pitchSemitones: 0 },
  };
  return project;
}

const row = speakerRow;

describe('SpeakersPanel', () => {
  it('gives a speaker the voice chosen in the list, keeping rate and pitch', async () => {
    const { show, project, user } = await openStudio({ project: episode() });
    await show(<SpeakersPanel />);
    const ada = row('a');
    expect(within(ada).getByTestId('voice-select-face').textContent).toContain('Avery');

    const heart = voiceKey({ engine: 'kokoro', model: 'kokoro-v1', voice: 'af_heart' });
    await user.selectOptions(within(ada).getByTestId('voice-select'), heart);
    expect(project().speakers[0]!.voice).toEqual({
      engine: 'kokoro',
      model: 'kokoro-v1',
      voice: 'af_heart',
      params: { ratePercent: 110, pitchSemitones: 2 },
    });
    expect(within(ada).getByTestId('voice-select-face').textContent).toContain('Heart');
    // Bo keeps his voice.
    expect(project().speakers[1]!.voice.voice).toBe('en-gb-x-rp+f3');
  });

  it('says when a voice is not available rather than showing another', async () => {
    const project = episode();
    project.speakers[1]!.voice = {
      engine: 'piper',
      voice: 'de_DE-thorsten',
      params: { ratePercent: 100, pitchSemitones: 0 },
    };
    const { show } = await openStudio({ project });
    await show(<SpeakersPanel />);
    expect(within(row('b')).getByTestId('voice-select-face').textContent).toContain(
      'de_DE-thorsten (piper)not available',
    );
  });

  it('flags a rare name that looks like a typo and moves its turns to the meant speaker', async () => {
    const project = episode();
    project.speakers[0]!.name = 'Host';
    project.speakers[1]!.name = 'Hots';
    const { show, project: current, user } = await openStudio({ project });
    await show(<SpeakersPanel />);
    expect(within(row('a')).queryByTestId('speaker-typo')).toBeNull();
    const typo = within(row('b')).getByTestId('speaker-typo');
    expect(typo.textContent).toContain('Only one turn: did you mean Host?');

    await user.click(within(typo).getByTestId('speaker-typo-fix'));
    expect(current().speakers.map((s) => s.name)).toEqual(['Host']);
    expect(current().segments.map((s) => s.speakerId)).toEqual(['a', 'a', 'a']);
    expect(screen.getAllByTestId('speaker-row')).toHaveLength(1);
  });

  it('auditions the voice: renders a sentence in it and plays it', async () => {
    const { show, api, user } = await openStudio({ project: episode() });
    await show(<SpeakersPanel />);
    const audition = within(row('a')).getByTestId('speaker-audition');
    expect(audition.dataset.state).toBe('idle');
    await user.click(audition);
    await waitFor(() => expect(audition.dataset.state).toBe('playing'));
    const request = api.calls.find((c) => c.method === 'renderTakes')?.input as {
      requests: Array<{ text: string; voice: { voice: string } }>;
    };
    expect(request.requests[0]!.voice.voice).toBe('en-us+m3');
    expect(request.requests[0]!.text).toContain('Ada');
    expect(mediaPlays()).toHaveLength(1);
  });

  it('opens the voice picker for the speaker', async () => {
    const { show, studio, user } = await openStudio({ project: episode() });
    await show(<SpeakersPanel />);
    await user.click(screen.getByRole('button', { name: 'Choose a voice for Bo' }));
    expect(studio.ui.getState()).toMatchObject({ dialog: 'voices', voicePickerSpeakerId: 'b' });
  });
});
