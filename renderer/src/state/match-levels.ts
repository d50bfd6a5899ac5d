/**
 * "Match levels": the host measures each speaker's rendered turns, the gains that bring them to the median
 * speaker's loudness are set in one undo step, and a toast says what changed (or what to render first).
 */
import type { StudioApi } from '../../../shared/api/studio-api';
import {
  formatGainDb,
  matchedGains,
  MIN_MATCH_MS,
  type SpeakerLoudness,
} from '../../../shared/model/speaker-levels';
import type { DocumentCommands } from './document-commands';
import { selectProject, type DocumentStore } from './document-store';
import { pushError, pushToast, type UiStore } from './ui-store';
import { toUserError } from './user-error';

export type MatchLevelsOutcome = 'matched' | 'unchanged' | 'too-little-audio' | 'failed' | 'abandoned';

export interface MatchLevelsDeps {
  api: Pick<StudioApi, 'measureSpeakerLevels'>;
  documents: DocumentStore;
  commands: Pick<DocumentCommands, 'setSpeakerGains'>;
  ui: UiStore;
}

const MIN_MATCH_SECONDS = MIN_MATCH_MS / 1000;

export async function matchSpeakerLevels({
  api,
  documents,
  commands,
  ui,
}: MatchLevelsDeps): Promise<MatchLevelsOutcome> {
  const { dir } = documents.getState();
  const project = selectProject(documents.getState());
  if (!dir || !project) return 'abandoned';
  let levels: SpeakerLoudness[];
  try {
    levels = await api.measureSpeakerLevels({ dir, project });
  } catch (error) {
    pushError(ui, toUserError(error, 'Try again. If it keeps failing, render the turns again.'));
    return 'failed';
  }
  // Another project was opened while the takes were measured: these levels are not for it.
  if (documents.getState().dir !== dir) return 'abandoned';

  const gains = matchedGains(levels);
  if (gains.length === 0) {
    pushToast(ui, {
      kind: 'info',
      message: 'Render turns of at least two speakers first.',
      hint: `Match levels compares at least ${MIN_MATCH_SECONDS} s of rendered speech from each speaker.`,
    });
    return 'too-little-audio';
  }

  const changed = commands.setSpeakerGains(gains);
  const current = selectProject(documents.getState()) ?? project;
  const matched = new Set(gains.map((g) => g.speakerId));
  const listed = current.speakers
    .filter((s) => matched.has(s.id))
    .map((s) => `${s.name} ${formatGainDb(s.gainDb)}`)
    .join(', ');
  const left = current.speakers.filter((s) => !matched.has(s.id)).map((s) => s.name);
  const leftNote = left.length
    ? `Not matched, with less than ${MIN_MATCH_SECONDS} s rendered: ${left.join(', ')}.`
    : undefined;
  pushToast(ui, {
    kind: changed ? 'success' : 'info',
    message: changed ? `Levels matched: ${listed}` : `Levels were already matched: ${listed}`,
    hint: changed ? [leftNote, 'Undo puts the previous levels back.'].filter(Boolean).join(' ') : leftNote,
  });
  return changed ? 'matched' : 'unchanged';
}
