import { describe, expect, it } from 'vitest';
import { guardUnsavedChanges, reloadWithoutAsking, type UnloadTarget } from './unsaved-guard';

function fakeWindow() {
  const listeners = new Set<(event: BeforeUnloadEvent) => void>();
  const target: UnloadTarget = {
    addEventListener: (_type, listener) => listeners.add(listener),
    removeEventListener: (_type, listener) => listeners.delete(listener),
  };
  /** Dispatches a beforeunload; true when a listener asked to stay. */
  const unload = () => {
    let prevented = false;
    const event = {
      preventDefault: () => (prevented = true),
      returnValue: undefined as unknown,
    } as unknown as BeforeUnloadEvent;
    for (const listener of listeners) listener(event);
    return prevented && (event.returnValue as unknown) === '';
  };
  return { target, unload, listeners };
}

describe('guardUnsavedChanges', () => {
  it('asks only while there are unsaved changes, and stops asking once removed', () => {
    const window = fakeWindow();
    let dirty = false;
    const remove = guardUnsavedChanges(window.target, () => dirty);
    expect(window.unload()).toBe(false);
    dirty = true;
    expect(window.unload()).toBe(true);
    remove();
    expect(window.listeners.size).toBe(0);
    expect(window.unload()).toBe(false);
  });

  it('does not ask when the studio reloads itself (after an error; the autosave has the edits)', () => {
    const window = fakeWindow();
    const remove = guardUnsavedChanges(window.target, () => true);
    expect(window.unload()).toBe(true);
    let reloaded = 0;
    reloadWithoutAsking({ reload: () => reloaded++ });
    expect(reloaded).toBe(1);
    expect(window.unload()).toBe(false);
    remove();
  });
});
