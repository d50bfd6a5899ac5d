/** The onModelPackProgress events of one import or verify, matched by the operation id the caller chose. */
import { useEffect, useRef, useState } from 'react';
import type { ModelPackProgress } from '../../../../shared/api/models-api';
import { useStudio } from '../../app/studio-context';

let operations = 0;

export function usePackProgress() {
  const studio = useStudio();
  const [progress, setProgress] = useState<ModelPackProgress | null>(null);
  const current = useRef<string | null>(null);
  useEffect(
    () =>
      studio.api.onModelPackProgress((event) => {
        if (event.operationId === current.current) setProgress(event);
      }),
    [studio.api],
  );
  /** A new operation id: its events show from now on. */
  const begin = (): string => {
    operations += 1;
    current.current = `op-${Date.now()}-${operations}`;
    setProgress(null);
    return current.current;
  };
  const end = () => {
    current.current = null;
    setProgress(null);
  };
  return { progress, begin, end };
}

/** "hashing voices/af_heart.bin — 41%" */
export function progressText(progress: ModelPackProgress | null): string {
  if (!progress) return 'starting…';
  if (progress.phase === 'checking') return 'loading the model to check it…';
  const percent =
    progress.bytesTotal > 0 ? Math.floor((progress.bytesDone / progress.bytesTotal) * 100) : 100;
  return `hashing ${progress.file ?? ''} — ${percent}%`;
}
