/**
 * Music and sound beds: import an audio file, see it on the bed lane under the speech, and set where it
 * plays, its fades, loop, level, ducking under speech and licence. Exports mix the beds in (loudness is
 * measured on the mix); the timeline's playback plays them too (audio/bed-player.ts).
 */
import { useRef, useState } from 'react';
import { placeBeds, programFrames } from '../../../../shared/model/bed-placement';
import { buildTimeline } from '../../../../shared/model/timeline';
import { useProject, useStudio, useUi } from '../../app/studio-context';
import { pushError } from '../../state/ui-store';
import { toUserError } from '../../state/user-error';
import { BedEditor } from './BedEditor';
import { BedLane } from './BedLane';
import { fileToBase64 } from './upload';
import './beds.css';

export function BedsPanel() {
  const studio = useStudio();
  const project = useProject();
  const selectedId = useUi((s) => s.selectedBedId);
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  if (!project) return null;
  const timeline = buildTimeline(project);
  let placed: ReturnType<typeof placeBeds> = [];
  let problem: string | null = null;
  try {
    placed = placeBeds(project, timeline, 1000);
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  const totalMs = programFrames(buildTimeline({ ...project, sampleRate: 1000 }), placed, 1000);
  const turns = buildTimeline({ ...project, sampleRate: 1000 }).entries.map((entry) => ({
    startMs: entry.startSample,
    endMs: entry.endSample,
  }));
  const beds = project.beds ?? [];
  const selected = beds.find((bed) => bed.id === selectedId) ?? null;

  const importFile = async (file: File) => {
    const dir = studio.documents.getState().dir;
    if (!dir) return;
    setBusy(true);
    try {
      const audio = await studio.api.importBed({
        dir,
        fileName: file.name,
        dataBase64: await fileToBase64(file),
      });
      studio.commands.addBed(audio);
    } catch (error) {
      pushError(studio.ui, toUserError(error, 'Import a WAV, MP3 or FLAC file.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="beds" data-testid="beds-panel">
      <div className="beds__head">
        <button
          type="button"
          className="btn btn--small"
          data-testid="bed-import"
          disabled={busy}
          onClick={() => input.current?.click()}
        >
          {busy ? 'Importing…' : 'Import bed…'}
        </button>
        <span className="beds__note">
          WAV, MP3 or FLAC. Beds play under the timeline and are mixed into exports.
        </span>
        <input
          ref={input}
          type="file"
          accept=".wav,.mp3,.flac,audio/wav,audio/mpeg,audio/flac"
          hidden
          data-testid="bed-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </div>
      {problem ? (
        <div className="beds__problem" role="alert">
          {problem}
        </div>
      ) : null}
      {beds.length === 0 ? (
        <div className="beds__empty">
          No beds yet: import an intro, an outro or music to play under the speech.
        </div>
      ) : (
        <BedLane totalMs={totalMs} turns={turns} placed={placed} selectedId={selected?.id ?? null} />
      )}
      {selected ? <BedEditor bed={selected} project={project} /> : null}
    </div>
  );
}
