/** The editor: top bar; speakers | timeline over turns | turn editor over queue and resources; status bar. */
import { ErrorBoundary } from '../../app/ErrorBoundary';
import { useUi } from '../../app/studio-context';
import { useShortcuts } from '../../keyboard/use-shortcuts';
import { EnginesDialog } from '../engines/EnginesDialog';
import { ModelsDialog } from '../models/ModelsDialog';
import { VoicePickerDialog } from '../voices/VoicePickerDialog';
import { ExportDialog } from '../export/ExportDialog';
import { TurnEditor } from '../inspector/TurnEditor';
import { PronunciationsDialog } from '../pronunciations/PronunciationsDialog';
import { ScriptDialog } from '../script/ScriptDialog';
import { ChaptersPanel } from '../speakers/ChaptersPanel';
import { SpeakersPanel } from '../speakers/SpeakersPanel';
import { TurnList } from '../turns/TurnList';
import { RecoveryBanner } from './Banners';
import { CloseDialog } from './CloseDialog';
import { ShortcutsDialog } from './ShortcutsDialog';
import { SideDock } from './SideDock';
import { StatusBar } from './StatusBar';
import { TimelineView } from './TimelineView';
import { TopBar } from './TopBar';
import './editor.css';

export function EditorScreen() {
  useShortcuts();
  const dialog = useUi((s) => s.dialog);
  return (
    <div className="editor" data-testid="editor">
      <ErrorBoundary area="the top bar">
        <TopBar />
      </ErrorBoundary>
      <RecoveryBanner />
      <div className="editor__main">
        <aside className="editor__left">
          <ErrorBoundary area="the speakers panel">
            <SpeakersPanel />
          </ErrorBoundary>
          <ErrorBoundary area="the chapters">
            <ChaptersPanel />
          </ErrorBoundary>
        </aside>
        <main className="editor__center">
          <ErrorBoundary area="the timeline">
            <TimelineView />
          </ErrorBoundary>
          <ErrorBoundary area="the turn list">
            <TurnList />
          </ErrorBoundary>
        </main>
        <aside className="editor__right">
          <ErrorBoundary area="the turn editor">
            <TurnEditor />
          </ErrorBoundary>
          <SideDock />
        </aside>
      </div>
      <StatusBar />
      <ErrorBoundary area="the dialog">
        {dialog === 'export' ? <ExportDialog /> : null}
        {dialog === 'script' ? <ScriptDialog /> : null}
        {dialog === 'shortcuts' ? <ShortcutsDialog /> : null}
        {dialog === 'close' ? <CloseDialog /> : null}
        {dialog === 'pronunciations' ? <PronunciationsDialog /> : null}
        {dialog === 'engines' ? <EnginesDialog /> : null}
        {dialog === 'models' ? <ModelsDialog /> : null}
        {dialog === 'voices' ? <VoicePickerDialog /> : null}
      </ErrorBoundary>
    </div>
  );
}
