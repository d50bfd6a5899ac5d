/** SubRip (.srt) subtitles: numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, the speaker named on each turn's first cue. */
import { formatTimestampMs } from '../../../../shared/model/time';
import { buildCues } from './cues';
import type { CueOptions } from './cues';
import type { TimedTurn } from './timed-turn';

export function toSrt(turns: readonly TimedTurn[], options: CueOptions = {}): string {
  const cues = buildCues(turns, { speakerPrefix: true, ...options });
  return cues
    .map((cue, index) => {
      const time = `${formatTimestampMs(cue.startMs, ',')} --> ${formatTimestampMs(cue.endMs, ',')}`;
      // "-->" inside the text would read as a timing line.
      const lines = cue.lines.map((line) => line.replaceAll('-->', '->'));
      return `${index + 1}\n${time}\n${lines.join('\n')}\n`;
    })
    .join('\n');
}
