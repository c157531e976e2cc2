/** Moving the keyboard focus between the conversation list and the composer. */
const COMPOSER = 'kefu:focus-composer';
const LIST = 'kefu:focus-list';

export function focusComposer(): void {
  // After React has rendered the newly selected conversation.
  setTimeout(() => window.dispatchEvent(new Event(COMPOSER)), 0);
}

export function focusList(): void {
  window.dispatchEvent(new Event(LIST));
}

export function onFocusRequest(which: 'composer' | 'list', fn: () => void): () => void {
  const name = which === 'composer' ? COMPOSER : LIST;
  window.addEventListener(name, fn);
  return () => window.removeEventListener(name, fn);
}
