/** Episode details for the exported files' tags and the chapters JSON: title, show, number, artwork. */
import { useRef, useState } from 'react';
import type { EpisodeInfo } from '../../../../shared/model/beds';
import type { Project } from '../../../../shared/model/project';
import { useStudio } from '../../app/studio-context';
import { fileToBase64 } from '../beds/upload';

export function EpisodeFields({ project }: { project: Project }) {
  const studio = useStudio();
  const info: EpisodeInfo = project.settings.episode ?? {};
  const picker = useRef<HTMLInputElement>(null);
  const [artworkError, setArtworkError] = useState<string | null>(null);
  const set = (patch: Partial<EpisodeInfo>, field: string) =>
    studio.commands.setEpisodeInfo({ ...info, ...patch }, field);
  const importArtwork = async (file: File) => {
    const dir = studio.documents.getState().dir;
    if (!dir) return;
    try {
      const artwork = await studio.api.importArtwork({
        dir,
        fileName: file.name,
        dataBase64: await fileToBase64(file),
      });
      setArtworkError(null);
      set({ artwork }, 'artwork');
    } catch (error) {
      setArtworkError(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <fieldset className="export__episode" data-testid="episode-fields">
      <legend>Episode details (tags and chapters)</legend>
      <label className="field">
        <span className="field__label">Episode title</span>
        <input
          className="input"
          data-testid="episode-title"
          value={info.title ?? ''}
          placeholder={project.title}
          maxLength={200}
          onChange={(e) => set({ title: e.target.value || undefined }, 'title')}
        />
      </label>
      <label className="field">
        <span className="field__label">Show</span>
        <input
          className="input"
          data-testid="episode-show"
          value={info.show ?? ''}
          maxLength={200}
          onChange={(e) => set({ show: e.target.value || undefined }, 'show')}
        />
      </label>
      <label className="field">
        <span className="field__label">Episode number</span>
        <input
          className="input mono"
          type="number"
          min={0}
          data-testid="episode-number"
          value={info.episodeNumber ?? ''}
          onChange={(e) =>
            set(
              {
                episodeNumber:
                  e.target.value === '' ? undefined : Math.max(0, Math.round(Number(e.target.value))),
              },
              'number',
            )
          }
        />
      </label>
      <div className="field">
        <span className="field__label">Artwork</span>
        <div className="export__artwork">
          <button
            type="button"
            className="btn btn--small"
            data-testid="episode-artwork"
            onClick={() => picker.current?.click()}
          >
            {info.artwork ? 'Replace image…' : 'Choose image…'}
          </button>
          {info.artwork ? (
            <>
              <span className="mono">{info.artwork.mimeType === 'image/png' ? 'PNG' : 'JPEG'} set</span>
              <button
                type="button"
                className="btn btn--ghost btn--small"
                onClick={() => set({ artwork: undefined }, 'artwork')}
              >
                Remove
              </button>
            </>
          ) : null}
          <input
            ref={picker}
            type="file"
            accept="image/png,image/jpeg"
            hidden
            data-testid="episode-artwork-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importArtwork(file);
            }}
          />
        </div>
        {artworkError ? (
          <span className="export__error" role="alert">
            {artworkError}
          </span>
        ) : null}
      </div>
    </fieldset>
  );
}
