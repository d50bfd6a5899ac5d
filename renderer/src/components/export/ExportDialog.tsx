/** Export the episode: format, sample rate, channels, loudness, chapters; then progress, ETA and the files. */
import { useCallback, useState } from 'react';
import { defaultMp3BitrateKbps, type ExportOptions } from '../../../../shared/api/studio-api';
import { counted } from '../../../../shared/text/plural';
import { useCatalog, useExport, useProject, useStudio } from '../../app/studio-context';
import { countStatuses } from '../../state/turn-statuses';
import { formatEta } from '../../util/format';
import { useTurnStatuses } from '../editor/use-turn-statuses';
import { Icon } from '../common/Icon';
import { Modal } from '../common/Modal';
import { Segmented } from '../common/Segmented';
import { loadExportChoices, saveExportChoices, windowStorage } from './export-choices';
import { summaryPhrases } from '../../../../shared/text/export-summary';
import './export.css';
import { EpisodeFields } from './EpisodeFields';

type Format = 'wav' | 'mp3' | 'flac';
const PHASE_LABEL: Record<string, string> = {
  rendering: 'Rendering missing turns',
  measuring: 'Measuring loudness',
  encoding: 'Encoding',
  checking: 'Checking the file',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** The folder the files share (they all go to the project's exports/). */
function commonDir(files: string[]): string {
  const first = files[0] ?? '';
  return first.slice(0, first.length - baseName(first).length).replace(/[\\/]$/, '');
}

/** What an exported file is, from its name. */
export function fileKind(file: string): string {
  const name = baseName(file).toLowerCase();
  if (/\.(wav|mp3|flac)$/.test(name)) return 'Audio';
  if (name.endsWith('.chapters.vtt')) return 'Chapters';
  if (name.endsWith('.chapters.json')) return 'Chapters JSON';
  if (name.endsWith('.vtt')) return 'WebVTT';
  if (name.endsWith('.srt')) return 'Subtitles';
  if (name.endsWith('.json')) return 'Transcript';
  if (name.endsWith('.labels.txt')) return 'Labels';
  if (name.endsWith('.report.txt')) return 'Report';
  return 'File';
}

export function ExportDialog() {
  const studio = useStudio();
  const project = useProject();
  const appInfo = useCatalog((s) => s.appInfo);
  const exportState = useExport((s) => s);
  const statuses = useTurnStatuses();
  const counts = countStatuses(statuses, project?.segments ?? []);
  // The last choices for this project, or the defaults (export-choices.ts).
  const [initial] = useState(() => loadExportChoices(windowStorage(), studio.documents.getState().dir ?? ''));
  const [format, setFormat] = useState<Format>(initial.format);
  const [sampleRate, setSampleRate] = useState(initial.sampleRate);
  const [channels, setChannels] = useState(initial.channels);
  // 'auto' follows the channels: −19 LUFS mono, −16 LUFS stereo (the host's default for an unset target).
  const [loudness, setLoudness] = useState<string>(initial.loudness);
  const [bitrate, setBitrate] = useState(initial.bitrate);
  const [split, setSplit] = useState(initial.split);
  // The exported file being played in the dialog, and a note when the folder could not be opened.
  const [player, setPlayer] = useState<{ file: string; url: string } | null>(null);
  const [folderNote, setFolderNote] = useState<string | null>(null);
  const desktop = appInfo?.mode === 'desktop';
  // A player that just appeared is scrolled into the dialog's view (it sits under the file list).
  const revealPlayer = useCallback((audio: HTMLAudioElement | null) => {
    audio?.scrollIntoView({ block: 'nearest' });
  }, []);
  const close = () => {
    studio.exporter.reset();
    studio.ui.setState({ dialog: null });
  };
  if (!project) return null;

  const start = () => {
    const dir = studio.documents.getState().dir;
    if (!dir) return;
    const options: Partial<ExportOptions> = {
      format,
      sampleRate,
      channels,
      bitDepth: 16,
      ...(bitrate === 'auto' ? {} : { mp3BitrateKbps: bitrate }),
      ...(loudness === 'auto' ? {} : { loudnessLufs: loudness === 'off' ? null : Number(loudness) }),
      splitByChapter: split,
    };
    saveExportChoices(windowStorage(), dir, { format, sampleRate, channels, loudness, bitrate, split });
    void studio.exporter.start(dir, project, options);
  };

  const play = async (file: string) => {
    const dir = studio.documents.getState().dir;
    if (!dir) return;
    try {
      const { url } = await studio.api.getExportFileUrl({ dir, file });
      setPlayer({ file, url });
    } catch (caught) {
      setFolderNote(caught instanceof Error ? caught.message : String(caught));
    }
  };
  const openFolder = async () => {
    const dir = studio.documents.getState().dir;
    if (!dir) return;
    const result = await studio.api.openExportFolder({ dir }).catch(() => null);
    if (!result?.opened)
      setFolderNote(`Could not open the folder: the files are in ${result?.folder ?? folder}.`);
  };

  const { running, phase, fraction, etaMs, encodePass, files, error } = exportState;
  const finished = phase === 'done';
  const folder = `${studio.documents.getState().dir ?? appInfo?.dataDir ?? ''}/exports`;

  return (
    <Modal
      title="Export episode"
      onClose={close}
      testId="export-dialog"
      width={600}
      footer={
        running ? (
          <button
            type="button"
            className="btn"
            data-testid="export-cancel"
            onClick={() => void studio.exporter.cancel()}
          >
            Cancel export
          </button>
        ) : (
          <>
            <button type="button" className="btn btn--ghost" onClick={close}>
              {finished ? 'Close' : 'Cancel'}
            </button>
            <button type="button" className="btn btn--primary" data-testid="export-start" onClick={start}>
              <Icon name="export" size={14} /> {finished ? 'Export again' : 'Export'}
            </button>
          </>
        )
      }
    >
      <fieldset className="export-form" disabled={running}>
        <div className="field">
          <span className="field__label">Format</span>
          <Segmented<Format>
            label="Format"
            options={[
              ['wav', 'WAV'],
              ['mp3', 'MP3'],
              ['flac', 'FLAC'],
            ]}
            value={format}
            onChange={setFormat}
            testIdPrefix="export-format-"
          />
        </div>
        <div className="export-form__grid">
          <label className="field">
            <span className="field__label">Sample rate</span>
            <select
              className="select"
              data-testid="export-sample-rate"
              value={sampleRate}
              onChange={(e) => setSampleRate(Number(e.target.value) as 24000 | 44100 | 48000)}
            >
              <option value={24000}>24 kHz</option>
              <option value={44100}>44.1 kHz</option>
              <option value={48000}>48 kHz</option>
            </select>
          </label>
          <label className="field">
            <span className="field__label">Channels</span>
            <select
              className="select"
              data-testid="export-channels"
              value={channels}
              onChange={(e) => setChannels(Number(e.target.value) as 1 | 2)}
            >
              <option value={1}>Mono</option>
              <option value={2}>Stereo</option>
            </select>
          </label>
          <label className="field">
            <span className="field__label">Loudness target</span>
            <select
              className="select"
              data-testid="export-loudness"
              value={loudness}
              onChange={(e) => setLoudness(e.target.value)}
            >
              <option value="auto">Auto: {channels === 1 ? '−19 LUFS (mono)' : '−16 LUFS (stereo)'}</option>
              <option value="-16">−16 LUFS (podcast, stereo)</option>
              <option value="-19">−19 LUFS (podcast, mono)</option>
              <option value="-23">−23 LUFS (broadcast EBU R128)</option>
              <option value="-14">−14 LUFS (streaming)</option>
              <option value="off">No normalisation</option>
            </select>
          </label>
          {format === 'mp3' ? (
            <label className="field">
              <span className="field__label">MP3 bitrate</span>
              <select
                className="select"
                data-testid="export-bitrate"
                value={bitrate}
                onChange={(e) =>
                  setBitrate(
                    e.target.value === 'auto'
                      ? 'auto'
                      : (Number(e.target.value) as 96 | 128 | 192 | 256 | 320),
                  )
                }
              >
                <option value="auto">
                  {defaultMp3BitrateKbps(channels)} kbps CBR ({channels === 2 ? 'stereo' : 'mono'} default)
                </option>
                {[96, 128, 192, 256, 320].map((b) => (
                  <option key={b} value={b}>
                    {b} kbps CBR
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </div>
        <label className="check">
          <input
            type="checkbox"
            data-testid="export-split"
            checked={split}
            disabled={project.chapters.length === 0}
            onChange={(e) => setSplit(e.target.checked)}
          />
          <span>
            One file per chapter
            <span className="check__hint">
              {project.chapters.length === 0
                ? 'No chapters yet: start one at a turn in the turn editor, or with # lines in a script.'
                : counted(project.chapters.length, 'chapter')}
            </span>
          </span>
        </label>
        {counts.pending > 0 && !running && !finished ? (
          <div className="hint hint--warn">
            <Icon name="alert" size={13} /> {counted(counts.pending, 'turn is', 'turns are')} not rendered or
            out of date: the export renders {counts.pending === 1 ? 'it' : 'them'} first, which takes longer.
          </div>
        ) : null}
        <div className="field__help">
          Files go to <span className="mono">{folder}</span>
        </div>
      </fieldset>
      {!running && !finished ? <EpisodeFields project={project} /> : null}
      {phase !== null ? (
        <div className="export-progress" data-testid="export-progress" data-phase={phase}>
          <div className="export-progress__top">
            <span>
              {phase === 'encoding' && encodePass !== null
                ? `Encoding again (pass ${encodePass}: correcting the loudness)`
                : (PHASE_LABEL[phase] ?? phase)}
            </span>
            <span className="mono">
              {Math.round(fraction * 100)}%{running ? ` · ${formatEta(etaMs)}` : ''}
            </span>
          </div>
          <div className="progress">
            <div className="progress__bar" style={{ width: `${fraction * 100}%` }} />
          </div>
        </div>
      ) : null}
      {error ? (
        <div className="hint hint--bad" role="alert" data-testid="export-error">
          <Icon name="alert" size={13} />
          <span>
            <b>{error.message}</b> {error.hint}
          </span>
        </div>
      ) : null}
      {finished && files.length > 0 ? (
        <div className="export-result" data-testid="export-result">
          <div className="export-result__title">
            <Icon name="check" size={14} /> Exported {counted(files.length, 'file')}
          </div>
          <div className="export-result__where">
            <span className="export-result__dir mono" title={commonDir(files)} data-testid="export-folder">
              {commonDir(files)}
            </span>
            {desktop ? (
              <button
                type="button"
                className="btn btn--small"
                data-testid="export-open-folder"
                onClick={() => void openFolder()}
              >
                <Icon name="file" size={12} /> Open folder
              </button>
            ) : (
              <button
                type="button"
                className="btn btn--ghost btn--small"
                data-testid="export-copy-folder"
                onClick={() => void navigator.clipboard?.writeText(commonDir(files)).catch(() => undefined)}
              >
                Copy folder path
              </button>
            )}
          </div>
          {desktop ? null : (
            <div className="field__help" data-testid="export-folder-note">
              The browser cannot open folders: the files are in the folder above, on the computer running
              roundtable serve.
            </div>
          )}
          {folderNote ? (
            <div className="hint hint--warn" role="status">
              <Icon name="alert" size={13} /> {folderNote}
            </div>
          ) : null}
          {exportState.summary ? (
            <div
              className="export-summary"
              data-testid="export-summary"
              data-ok={String(exportState.summary.checks.ok)}
            >
              {summaryPhrases(exportState.summary).map((phrase) => (
                <span
                  key={phrase.text}
                  className={`export-summary__item${phrase.problem ? ' export-summary__item--problem' : ''}`}
                >
                  {phrase.text}
                </span>
              ))}
              {exportState.summary.checks.ok ? null : (
                <span className="export-summary__verdict">Checks found problems: the report lists them.</span>
              )}
            </div>
          ) : null}
          <ul>
            {files.map((file) => (
              <li key={file} className="export-result__file" data-testid="export-file" data-path={file}>
                <span className="export-result__kind">{fileKind(file)}</span>
                <span className="export-result__name mono" title={file}>
                  {baseName(file)}
                </span>
                {fileKind(file) === 'Audio' ? (
                  <button
                    type="button"
                    className="btn btn--small"
                    data-testid="export-play"
                    title={`Play ${baseName(file)} here`}
                    onClick={() => (player?.file === file ? setPlayer(null) : void play(file))}
                  >
                    <Icon name={player?.file === file ? 'stop' : 'play'} size={12} />{' '}
                    {player?.file === file ? 'Stop' : 'Play'}
                  </button>
                ) : null}
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  onClick={() => void navigator.clipboard?.writeText(file).catch(() => undefined)}
                >
                  Copy path
                </button>
              </li>
            ))}
          </ul>
          {player ? (
            <audio
              className="export-result__player"
              data-testid="export-player"
              src={player.url}
              controls
              autoPlay
              ref={revealPlayer}
              onEnded={() => setPlayer(null)}
            />
          ) : null}
        </div>
      ) : null}
    </Modal>
  );
}
