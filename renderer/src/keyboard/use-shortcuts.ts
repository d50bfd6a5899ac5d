/** Wires the editor's keyboard shortcuts to the studio while the editor is on screen. */
import { useEffect } from 'react';
import { useStudio } from '../app/studio-context';
import { TRIM_SNAP_MS } from '../state/clip-edits';
import { selectProject } from '../state/document-store';
import { pushToast, setZoom } from '../state/ui-store';
import { resolveShortcut, type FocusContext } from './shortcuts';

function focusContext(target: EventTarget | null): FocusContext {
  const element = target instanceof HTMLElement ? target : null;
  if (!element) return { editable: false, nativeUndo: false };
  const tag = element.tagName;
  const editable = tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || element.isContentEditable;
  return { editable, nativeUndo: element.closest('[data-native-undo]') !== null };
}

/** How far [ ] { } move a clip's edge. */
const TRIM_KEY_STEP_MS = TRIM_SNAP_MS;

/** How far J and L move the playhead. */
const SHUTTLE_STEP_MS = 5000;

export function useShortcuts(): void {
  const studio = useStudio();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const ui = studio.ui.getState();
      if (ui.screen !== 'editor') return;
      const command = resolveShortcut(event, focusContext(event.target));
      if (!command) return;
      // With a dialog open only save works; the dialog handles Escape itself.
      if (ui.dialog !== null && command !== 'save') return;
      event.preventDefault();
      const project = selectProject(studio.documents.getState());
      const segments = project?.segments ?? [];
      const selectedIndex = segments.findIndex((s) => s.id === ui.selectedSegmentId);
      const select = (index: number) => {
        const target = segments[Math.max(0, Math.min(segments.length - 1, index))];
        if (target) studio.ui.setState({ selectedSegmentId: target.id });
      };
      switch (command) {
        case 'toggle-play':
          if (!studio.playback.toggle()) {
            pushToast(studio.ui, {
              kind: 'info',
              message: 'Nothing to play yet.',
              hint: 'Render the turns first: press Render all.',
            });
          }
          break;
        case 'stop':
        case 'pause':
          studio.playback.stop();
          break;
        case 'toggle-loop':
          if (!studio.playback.toggleLoop(studio.ui.getState().selectedSegmentId)) {
            pushToast(studio.ui, {
              kind: 'info',
              message: 'Nothing to loop yet.',
              hint: 'Select a rendered turn, or Shift+drag on the ruler to set a range.',
            });
          }
          break;
        case 'shuttle-back':
          studio.playback.seekBy(-SHUTTLE_STEP_MS);
          break;
        case 'shuttle-forward':
          if (!studio.playback.shuttleForward(SHUTTLE_STEP_MS)) {
            pushToast(studio.ui, {
              kind: 'info',
              message: 'Nothing to play yet.',
              hint: 'Render the turns first: press Render all.',
            });
          }
          break;
        case 'select-previous':
          select(selectedIndex < 0 ? 0 : selectedIndex - 1);
          break;
        case 'select-next':
          select(selectedIndex < 0 ? 0 : selectedIndex + 1);
          break;
        case 'move-up':
          if (selectedIndex > 0) studio.commands.move(selectedIndex, selectedIndex - 1);
          break;
        case 'move-down':
          if (selectedIndex >= 0) studio.commands.move(selectedIndex, selectedIndex + 1);
          break;
        case 'delete-turn':
          if (ui.selectedSegmentId) studio.commands.delete(ui.selectedSegmentId);
          break;
        case 'save':
          void studio.projects.save();
          break;
        case 'undo':
          studio.commands.undo();
          break;
        case 'redo':
          studio.commands.redo();
          break;
        case 'render-all':
          void studio.renderer.renderAll();
          break;
        case 'zoom-in':
          setZoom(studio.ui, ui.pxPerSecond * 1.5);
          break;
        case 'zoom-out':
          setZoom(studio.ui, ui.pxPerSecond / 1.5);
          break;
        case 'show-shortcuts':
          studio.ui.setState({ dialog: 'shortcuts' });
          break;
        case 'trim-start-earlier':
        case 'trim-start-later':
        case 'trim-end-earlier':
        case 'trim-end-later': {
          const segment = segments[selectedIndex];
          if (!segment?.take) {
            pushToast(studio.ui, {
              kind: 'info',
              message: segment ? 'This turn has no take to trim yet.' : 'Select a turn to trim.',
              hint: segment ? 'Render it first (Regenerate).' : 'Click its clip on the timeline.',
            });
            break;
          }
          const edge = command.startsWith('trim-start') ? 'start' : 'end';
          const step = command.endsWith('later') ? TRIM_KEY_STEP_MS : -TRIM_KEY_STEP_MS;
          studio.commands.trimEdge(segment.id, edge, step);
          break;
        }
        case 'find':
          document.querySelector<HTMLInputElement>('[data-testid="turn-search"]')?.select();
          break;
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [studio]);
}
