import { useEffect, useMemo, useState, useSyncExternalStore, type KeyboardEvent, type RefObject } from 'react';
import { chatStore } from './store.ts';
import type { ChatState } from './state.ts';
import { fillVariables, matchQuickReplies, placeholderRanges, type Variables } from './logic.ts';
import type { QuickReply } from './types.ts';

const none = { quickReplies: [], forbidden: [] } satisfies Pick<ChatState, 'quickReplies' | 'forbidden'>;
const noSubscribe = () => () => {};

/**
 * The shop's quick replies and forbidden phrases, for the desk (`enabled`): loaded with the chat workspace, or here
 * when a ticket page is the session's first screen. Others have no chat store and get none.
 */
export function useScripts(enabled: boolean): Pick<ChatState, 'quickReplies' | 'forbidden'> {
  const store = enabled ? chatStore() : null;
  useEffect(() => {
    if (store && store.state.quickReplies.length === 0 && store.state.forbidden.length === 0) void store.loadScripts();
  }, [store]);
  return useSyncExternalStore(store ? store.subscribe : noSubscribe, () => (store ? store.state : none));
}

/**
 * Quick replies for a text box outside the chat workspace (the ticket reply box): typing "/" at the start, or the
 * button, opens QuickReplyPopup; a pick is filled with the variables and the first placeholder left is selected.
 */
export function useQuickReplyPicker(
  text: string,
  setText: (v: string) => void,
  vars: Variables,
  replies: QuickReply[],
  input: RefObject<HTMLTextAreaElement | null>,
) {
  const [index, setIndex] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [manual, setManual] = useState<string | null>(null);

  const slash = /^\/(\S*)$/.exec(text);
  const query = manual ?? (slash && dismissed !== text ? slash[1]! : null);
  const matches = useMemo(() => (query === null ? [] : matchQuickReplies(replies, query).slice(0, 30)), [query, replies]);

  function put(filled: string, replaceAll: boolean) {
    const el = input.current;
    const at = el?.selectionStart ?? text.length;
    const next = replaceAll ? filled : text.slice(0, at) + filled + text.slice(el?.selectionEnd ?? at);
    const caret = replaceAll ? filled.length : at + filled.length;
    setText(next);
    setTimeout(() => {
      if (!el) return;
      el.focus();
      const hole = placeholderRanges(next)[0];
      el.setSelectionRange(hole?.start ?? caret, hole?.end ?? caret);
    }, 0);
  }

  function pick(r: QuickReply) {
    const fromButton = manual !== null;
    setManual(null);
    put(fillVariables(r.body, vars).text, !fromButton);
  }

  function close() {
    setDismissed(text);
    setManual(null);
  }

  /** ↑/↓, Enter/Tab and Esc while the popup is open; true when the key was the popup's. */
  function keys(e: KeyboardEvent): boolean {
    if (query === null) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = matches.length || 1;
      setIndex((i) => (i + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
      return true;
    }
    if ((e.key === 'Enter' || e.key === 'Tab') && matches[index]) {
      e.preventDefault();
      pick(matches[index]);
      return true;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
      input.current?.focus();
      return true;
    }
    return false;
  }

  return {
    query,
    matches,
    index,
    setIndex,
    pick,
    close,
    keys,
    open: () => {
      setManual('');
      setIndex(0);
    },
    /** A knowledge answer, filled, replacing the text. */
    take: (answer: string) => put(fillVariables(answer, vars).text, true),
    search:
      manual !== null
        ? {
            value: manual,
            onChange: (v: string) => {
              setManual(v);
              setIndex(0);
            },
            onKeyDown: (e: KeyboardEvent) => void keys(e),
          }
        : undefined,
  };
}
