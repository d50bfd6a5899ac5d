/** The Speakers panel's "Match levels": evens out the speakers' loudness from their rendered turns. */
import { useEffect, useRef, useState } from 'react';
import { useStudio } from '../../app/studio-context';
import { matchSpeakerLevels } from '../../state/match-levels';
import { Icon } from '../common/Icon';

export function MatchLevelsButton({ speakerCount }: { speakerCount: number }) {
  const studio = useStudio();
  const [measuring, setMeasuring] = useState(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = async () => {
    setMeasuring(true);
    try {
      await matchSpeakerLevels(studio);
    } finally {
      if (mounted.current) setMeasuring(false);
    }
  };
  return (
    <button
      type="button"
      className="btn btn--ghost btn--small speakers__match"
      data-testid="match-levels"
      aria-label="Match levels"
      data-state={measuring ? 'measuring' : 'idle'}
      disabled={speakerCount < 2 || measuring}
      title={
        speakerCount < 2
          ? 'Match levels needs two speakers or more.'
          : "Match levels: measure each speaker's rendered turns and set the levels so that every speaker " +
            'sounds as loud as the others. One undo step; nothing is rendered again.'
      }
      onClick={() => void run()}
    >
      {measuring ? <span className="spinner" /> : <Icon name="levels" size={13} />}
      <span className="btn__label">Match levels</span>
    </button>
  );
}
