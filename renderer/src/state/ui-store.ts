/** Session UI state that is not part of the document: screen, selection, zoom, dialogs, toasts, save status. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { clampZoom, DEFAULT_PX_PER_SECOND } from '../timeline/timeline-geometry';
import type { UserError } from './user-error';

export type Screen = 'start' | 'new-project' | 'editor';
export type Dialog =
  null | 'export' | 'script' | 'shortcuts' | 'close' | 'pronunciations' | 'engines' | 'models' | 'voices';
export type SideTab = 'queue' | 'resources' | 'beds';

export interface Toast {
  id: number;
  kind: 'error' | 'info' | 'success';
  message: string;
  hint?: string | undefined;
}

export interface UiState {
  screen: Screen;
  selectedSegmentId: string | null;
  /** The bed shown in the Beds tab's editor. */
  selectedBedId: string | null;
  pxPerSecond: number;
  dialog: Dialog;
  /** The speaker the voice picker (dialog 'voices') chooses for. */
  voicePickerSpeakerId: string | null;
  sideTab: SideTab;
  toasts: Toast[];
  saving: boolean;
  lastSavedAtMs: number | null;
  lastAutosavedAtMs: number | null;
  /** The document the autosave last wrote (compared by reference with the open one). */
  autosavedProject: unknown;
  /** A newer autosave was found when the project was opened. */
  recoveryOffered: boolean;
  /** When the offered autosave was written. */
  recoveredAtMs: number | null;
}

export type UiStore = StoreApi<UiState>;

export const MAX_TOASTS = 4;

export function createUiStore(): UiStore {
  return createStore<UiState>()(() => ({
    screen: 'start',
    selectedSegmentId: null,
    selectedBedId: null,
    pxPerSecond: DEFAULT_PX_PER_SECOND,
    dialog: null,
    voicePickerSpeakerId: null,
    sideTab: 'queue',
    toasts: [],
    saving: false,
    lastSavedAtMs: null,
    lastAutosavedAtMs: null,
    autosavedProject: null,
    recoveryOffered: false,
    recoveredAtMs: null,
  }));
}

let toastCounter = 0;

/** Shows a toast; identical messages already on screen are not repeated. Returns its id. */
export function pushToast(ui: UiStore, toast: Omit<Toast, 'id'>): number {
  const existing = ui.getState().toasts.find((t) => t.message === toast.message && t.kind === toast.kind);
  if (existing) return existing.id;
  const id = ++toastCounter;
  ui.setState((s) => ({ toasts: [...s.toasts, { ...toast, id }].slice(-MAX_TOASTS) }));
  return id;
}

export function pushError(ui: UiStore, error: UserError): number {
  return pushToast(ui, { kind: 'error', message: error.message, hint: error.hint });
}

export function dismissToast(ui: UiStore, id: number): void {
  ui.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

export function setZoom(ui: UiStore, pxPerSecond: number): void {
  ui.setState({ pxPerSecond: clampZoom(pxPerSecond) });
}
