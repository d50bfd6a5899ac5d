/**
 * "Listen" in the Pronunciations dialog: renders what a row says (outside the document, like the speaker
 * audition) with a speaker's voice and plays it at that speaker's level. One audio element for the whole
 * dialog, made on first use and released when the dialog closes; a render that finishes after the dialog
 * closed, or after another row's Listen was pressed, is not played.
 */
import { useEffect, useRef, useState } from 'react';
import type { Speaker } from '../../../../shared/model/project';
import { dbToFactor } from '../../../../shared/model/speaker-levels';
import { useStudio } from '../../app/studio-context';
import type { GainOutput } from '../../audio/gain-output';
import { pushError } from '../../state/ui-store';
import { toUserError } from '../../state/user-error';

export interface ListenState {
  rowId: number;
  phase: 'rendering' | 'playing';
}

export function useListen(speaker: Speaker | undefined) {
  const studio = useStudio();
  const [state, setState] = useState<ListenState | null>(null);
  const audio = useRef<{ element: HTMLAudioElement; output: GainOutput } | null>(null);
  // Bumped by every press and by closing: a render that comes back under an older value is dropped.
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

  const listen = async (rowId: number, text: string) => {
    if (state?.rowId === rowId) return stop();
    stop();
    const dir = studio.documents.getState().dir;
    const said = text.trim();
    if (!dir || !speaker || said === '') return;
    const mine = ++request.current;
    setState({ rowId, phase: 'rendering' });
    studio.playback.stop();
    try {
      const take = await studio.renderer.renderOnce(`pronunciation-${speaker.id}`, said, speaker.voice);
      const url = await studio.urls.get(dir, take.hash);
      if (request.current !== mine) return;
      if (!audio.current) {
        const element = new Audio();
        audio.current = { element, output: studio.outputs.attach(element) };
      }
      const { element, output } = audio.current;
      element.onended = () => setState(null);
      output.setGain(dbToFactor(speaker.gainDb));
      element.src = url;
      await element.play();
      if (request.current === mine) setState({ rowId, phase: 'playing' });
    } catch (error) {
      if (request.current !== mine) return;
      setState(null);
      pushError(studio.ui, toUserError(error, 'Check that the voice engine is available, then try again.'));
    }
  };

  return { state, listen };
}
