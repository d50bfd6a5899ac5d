/** Keyboard shortcuts of the editor, resolved from a key event without touching the DOM. */

export type ShortcutCommand =
  | 'toggle-play'
  | 'stop'
  | 'shuttle-back'
  | 'pause'
  | 'shuttle-forward'
  | 'toggle-loop'
  | 'select-previous'
  | 'select-next'
  | 'move-up'
  | 'move-down'
  | 'delete-turn'
  | 'save'
  | 'undo'
  | 'redo'
  | 'render-all'
  | 'zoom-in'
  | 'zoom-out'
  | 'show-shortcuts'
  | 'find'
  | 'trim-start-earlier'
  | 'trim-start-later'
  | 'trim-end-earlier'
  | 'trim-end-later';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export interface FocusContext {
  /** Focus is in a text field, select, slider or other control that uses keys itself. */
  editable: boolean;
  /** Focus is in a field that keeps the browser's own undo (the script input). */
  nativeUndo: boolean;
}

export function resolveShortcut(event: KeyLike, focus: FocusContext): ShortcutCommand | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (mod && !event.altKey) {
    if (key === 's') return 'save';
    if (key === 'f') return 'find';
    if (focus.nativeUndo) return null;
    if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
    if (key === 'y') return 'redo';
    if (key === 'enter' || key === 'Enter') return 'render-all';
    return null;
  }
  if (focus.editable || mod) return null;
  switch (key) {
    case ' ':
      return 'toggle-play';
    case 'Escape':
      return 'stop';
    case 'j':
      return 'shuttle-back';
    case 'k':
      return 'pause';
    case 'l':
      return event.shiftKey ? 'toggle-loop' : 'shuttle-forward';
    case 'ArrowUp':
    case 'ArrowLeft':
      return event.altKey && key === 'ArrowUp' ? 'move-up' : 'select-previous';
    case 'ArrowDown':
    case 'ArrowRight':
      return event.altKey && key === 'ArrowDown' ? 'move-down' : 'select-next';
    case 'Delete':
    case 'Backspace':
      return 'delete-turn';
    case '=':
    case '+':
      return 'zoom-in';
    case '-':
      return 'zoom-out';
    case '?':
      return 'show-shortcuts';
    case '[':
      return 'trim-start-earlier';
    case ']':
      return 'trim-start-later';
    case '{':
      return 'trim-end-earlier';
    case '}':
      return 'trim-end-later';
    default:
      return null;
  }
}

/** The shortcut list the help dialog shows. */
export const SHORTCUT_HELP: Array<[keys: string[], what: string]> = [
  [['Space'], 'Play from the playhead / pause (the playhead stays)'],
  [['J', 'K', 'L'], 'Back 5 s / pause / play (playing: on 5 s)'],
  [['Shift', 'L'], 'Loop the range (Shift+drag on the ruler) or the selected turn; again: stop'],
  [['↑', '↓'], 'Select the previous / next turn'],
  [['Alt', '↑ ↓'], 'Move the selected turn up / down'],
  [['Delete'], 'Delete the selected turn (undoable)'],
  [['[', ']'], "Move the selected clip's start edge 10 ms left / right (trims its take)"],
  [['Shift', '[ ]'], "Move the selected clip's end edge 10 ms left / right (trims its take)"],
  [['Ctrl', 'Z'], 'Undo'],
  [['Ctrl', 'Shift', 'Z'], 'Redo (also Ctrl+Y)'],
  [['Ctrl', 'S'], 'Save the project'],
  [['Ctrl', 'F'], 'Find in turns (Enter: next match)'],
  [['Ctrl', 'Enter'], 'Render all turns not rendered or out of date'],
  [['+', '−'], 'Zoom the timeline (also Ctrl+wheel)'],
  [['Esc'], 'Stop playback, close dialogs'],
  [['?'], 'Show this list'],
];
