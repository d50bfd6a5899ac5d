/**
 * Find in turns (Ctrl+F): typing selects the first turn at or after the selection whose words match, Enter
 * and the arrows step through the matches (Shift+Enter back), Escape clears it and returns to the list.
 */
import { useState } from 'react';
import { useProject, useStudio, useUi } from '../../app/studio-context';
import { matchingTurns, stepMatch } from '../../state/turn-search';
import { Icon } from '../common/Icon';

export function TurnSearch() {
  const studio = useStudio();
  const project = useProject();
  const selectedId = useUi((s) => s.selectedSegmentId);
  const [query, setQuery] = useState('');
  const segments = project?.segments ?? [];
  const matches = matchingTurns(segments, query);
  const selectedIndex = segments.findIndex((segment) => segment.id === selectedId);
  const position = matches.indexOf(selectedIndex);

  const go = (from: number, direction: 1 | -1, includeCurrent: boolean, among = matches) => {
    const index = stepMatch(among, from, direction, includeCurrent);
    const target = index === null ? undefined : segments[index];
    if (target) studio.ui.setState({ selectedSegmentId: target.id });
  };

  return (
    <div className="turn-search" role="search">
      <input
        className="input turn-search__input"
        type="search"
        data-testid="turn-search"
        aria-label="Find in turns"
        placeholder="Find (Ctrl+F)"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          go(selectedIndex, 1, true, matchingTurns(segments, e.target.value));
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            go(selectedIndex, e.shiftKey || e.key === 'ArrowUp' ? -1 : 1, false);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            setQuery('');
            document.querySelector<HTMLElement>('.turns__list')?.focus();
          }
        }}
      />
      {query.trim() ? (
        <span className="turn-search__count mono" data-testid="turn-search-count">
          {matches.length === 0 ? 'no match' : `${position >= 0 ? position + 1 : '–'} of ${matches.length}`}
        </span>
      ) : null}
      {matches.length > 1 ? (
        <>
          <button
            type="button"
            className="btn btn--ghost btn--icon btn--small"
            aria-label="Previous match"
            title="Previous match (Shift+Enter)"
            onClick={() => go(selectedIndex, -1, false)}
          >
            <span className="turn-search__up">
              <Icon name="chevronDown" size={13} />
            </span>
          </button>
          <button
            type="button"
            className="btn btn--ghost btn--icon btn--small"
            aria-label="Next match"
            title="Next match (Enter)"
            onClick={() => go(selectedIndex, 1, false)}
          >
            <Icon name="chevronDown" size={13} />
          </button>
        </>
      ) : null}
    </div>
  );
}
