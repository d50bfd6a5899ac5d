/** `counted(1, 'turn')` → `1 turn`, `counted(3, 'turn')` → `3 turns`; irregular plurals are passed in. */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** The word alone, for counts shown apart from their noun (`<b>3</b> turns`). */
export function noun(count: number, singular: string, plural = `${singular}s`): string {
  return count === 1 ? singular : plural;
}
