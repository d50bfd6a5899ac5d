/** React access to the one Studio of this window, and store hooks with selectors. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Project } from '../../../shared/model/project';
import type { PlaybackState } from '../audio/playback-controller';
import type { CatalogState } from '../state/catalog-store';
import { selectProject, type DocumentState } from '../state/document-store';
import type { ExportState } from '../state/export-store';
import type { MonitorState } from '../state/monitor-store';
import type { RenderState } from '../state/render-store';
import type { Studio } from '../state/studio';
import type { UiState } from '../state/ui-store';

const StudioContext = createContext<Studio | null>(null);

export function StudioProvider({ studio, children }: { studio: Studio; children: ReactNode }) {
  return <StudioContext.Provider value={studio}>{children}</StudioContext.Provider>;
}

export function useStudio(): Studio {
  const studio = useContext(StudioContext);
  if (!studio) throw new Error('useStudio outside StudioProvider');
  return studio;
}

export function useDocument<T>(selector: (state: DocumentState) => T): T {
  return useStore(useStudio().documents, selector);
}

export function useProject(): Project | null {
  return useDocument(selectProject);
}

export function useUi<T>(selector: (state: UiState) => T): T {
  return useStore(useStudio().ui, selector);
}

export function useRenders<T>(selector: (state: RenderState) => T): T {
  return useStore(useStudio().renders, selector);
}

export function usePlayback<T>(selector: (state: PlaybackState) => T): T {
  return useStore(useStudio().playback.store, selector);
}

export function useMonitor<T>(selector: (state: MonitorState) => T): T {
  return useStore(useStudio().monitor, selector);
}

export function useCatalog<T>(selector: (state: CatalogState) => T): T {
  return useStore(useStudio().catalog, selector);
}

export function useExport<T>(selector: (state: ExportState) => T): T {
  return useStore(useStudio().exporter.store, selector);
}
