/**
 * "Play" in the voice picker: renders the speaker's audition sentence (with the project's pronunciations)
 * in another voice through the normal render path and take cache — a sample is rendered once, played from
 * the cache after — without assigning the voice. One audio element for the picker, released when it
 * closes; a sample that finishes rendering after another Play was pressed is not played.
 */
import { useEffect, useRef, useState } from 'react';
import type { Speaker } from '../../../../shared/model/project';
import { voiceInfoKey, voiceRefOf } from '../../../../shared/model/speaker-defaults';
import { dbToFactor } from '../../../../shared/model/speaker-levels';
import type { VoiceInfo } from '../../../../shared/model/voice';
import { useStudio } from '../../app/studio-context';
import type { GainOutput } from '../../audio/gain-output';
import { selectProject } from '../../state/document-store';
import { pushError } from '../../state/ui-store';
import { toUserError } from '../../state/user-error';
import { auditionSentence } from '../speakers/audition-sentence';

export interface SampleState {
  key: string;
  phase: 'rendering' | 'playing';
}

export function useVoiceSample(speaker: Speaker) {
  const studio = useStudio();
  const [state, setState] = useState<SampleState | null>(null);
  /** How often each voice's sample was played in this picker (rows show it as data-plays). */
  const [played, setPlayed] = useState<ReadonlyMap<string, number>>(new Map());
  const audio = useRef<{ element: HTMLAudioElement; output: GainOutput } | null>(null);
  const request = useRef(0);
  useEffect(
    () => () => {
      request.current++;
      if (!audio.current) return;
      audio.current.element.pause();
      audio.current.element.onended = null;
      audio.current.output.dispose();
      audio.current = null;
    },
    [],
  );

  const stop = () => {
    request.current++;
    audio.current?.element.pause();
    setState(null);
  };

  const play = async (voice: VoiceInfo) => {
    const key = voiceInfoKey(voice);
    if (state?.key === key) return stop();
    stop();
    const dir = studio.documents.getState().dir;
    if (!dir) return;
    const mine = ++request.current;
    setState({ key, phase: 'rendering' });
    studio.playback.stop();
    try {
      const pronunciations = selectProject(studio.documents.getState())?.settings.pronunciations ?? [];
      const take = await studio.renderer.renderOnce(
        `voice-sample-${speaker.id}`,
        auditionSentence(speaker.name, pronunciations),
        { ...voiceRefOf(voice), params: speaker.voice.params },
      );
      const url = await studio.urls.get(dir, take.hash);
      if (request.current !== mine) return;
      if (!audio.current) {
        const element = new Audio();
        audio.current = { element, output: studio.outputs.attach(element) };
      }
      const { element, output } = audio.current;
      element.onended = () => {
        if (request.current === mine) setState(null);
      };
      output.setGain(dbToFactor(speaker.gainDb));
      element.src = url;
      setPlayed((before) => new Map(before).set(key, (before.get(key) ?? 0) + 1));
      await element.play();
      if (request.current === mine) setState({ key, phase: 'playing' });
    } catch (error) {
      if (request.current !== mine) return;
      setState(null);
      pushError(studio.ui, toUserError(error, 'Check that the voice engine is available, then try again.'));
    }
  };

  return { state, played, play, stop };
}
