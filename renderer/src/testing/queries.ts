/** Queries the component tests share. */
import { screen } from '@testing-library/react';

/** The speakers panel's row of one speaker. */
export function speakerRow(speakerId: string): HTMLElement {
  const found = screen.getAllByTestId('speaker-row').find((row) => row.dataset.speakerId === speakerId);
  if (!found) throw new Error(`no row for speaker ${speakerId}`);
  return found;
}
