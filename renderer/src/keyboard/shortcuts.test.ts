import { describe, expect, it } from 'vitest';
import { resolveShortcut, type KeyLike } from './shortcuts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});
const plain = { editable: false, nativeUndo: false };
const typing = { editable: true, nativeUndo: false };
const script = { editable: true, nativeUndo: true };

describe('keyboard shortcuts', () => {
  it('maps transport, selection and editing keys outside text fields', () => {
    expect(resolveShortcut(key(' '), plain)).toBe('toggle-play');
    expect(resolveShortcut(key('ArrowUp'), plain)).toBe('select-previous');
    expect(resolveShortcut(key('ArrowDown'), plain)).toBe('select-next');
    expect(resolveShortcut(key('ArrowDown', { altKey: true }), plain)).toBe('move-down');
    expect(resolveShortcut(key('Delete'), plain)).toBe('delete-turn');
    expect(resolveShortcut(key('x'), plain)).toBeNull();
    expect(resolveShortcut(key('j'), plain)).toBe('shuttle-back');
    expect(resolveShortcut(key('K'), plain)).toBe('pause');
    expect(resolveShortcut(key('l'), plain)).toBe('shuttle-forward');
    expect(resolveShortcut(key('L', { shiftKey: true }), plain)).toBe('toggle-loop');
    expect(resolveShortcut(key('l'), typing)).toBeNull();
    expect(resolveShortcut(key('['), plain)).toBe('trim-start-earlier');
    expect(resolveShortcut(key(']'), plain)).toBe('trim-start-later');
    expect(resolveShortcut(key('{', { shiftKey: true }), plain)).toBe('trim-end-earlier');
    expect(resolveShortcut(key('}', { shiftKey: true }), plain)).toBe('trim-end-later');
    expect(resolveShortcut(key('['), typing)).toBeNull();
  });

  it('leaves keys to text fields but keeps save and the document undo there', () => {
    expect(resolveShortcut(key(' '), typing)).toBeNull();
    expect(resolveShortcut(key('Delete'), typing)).toBeNull();
    expect(resolveShortcut(key('ArrowUp'), typing)).toBeNull();
    expect(resolveShortcut(key('s', { ctrlKey: true }), typing)).toBe('save');
    expect(resolveShortcut(key('z', { ctrlKey: true }), typing)).toBe('undo');
    expect(resolveShortcut(key('Z', { ctrlKey: true, shiftKey: true }), typing)).toBe('redo');
    expect(resolveShortcut(key('y', { metaKey: true }), plain)).toBe('redo');
    expect(resolveShortcut(key('f', { ctrlKey: true }), typing)).toBe('find');
    expect(resolveShortcut(key('F', { metaKey: true }), plain)).toBe('find');
  });

  it('lets the script input keep its own undo', () => {
    expect(resolveShortcut(key('z', { ctrlKey: true }), script)).toBeNull();
    expect(resolveShortcut(key('s', { ctrlKey: true }), script)).toBe('save');
  });
});
