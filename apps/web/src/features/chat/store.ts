/** The chat workspace's store: one per signed-in session, fed by the agent socket, read with useSyncExternalStore. */
import { useSyncExternalStore } from 'react';
import { ChatStore } from './ChatStore.ts';
import { rememberStatus } from './presence.ts';
import { unreadTotal, type ChatState } from './state.ts';

export { sortedConversations, sortedQueue, unreadFor, unreadTotal, type ChatState } from './state.ts';

let store: ChatStore | null = null;
let watching = false;

/** The session's chat store, started on first use. */
export function chatStore(): ChatStore {
  if (!store) {
    store = new ChatStore();
    store.start();
    if (!watching) {
      watching = true;
      document.addEventListener('visibilitychange', () => {
        const id = store?.state.selectedId;
        if (store && id !== null && id !== undefined && !document.hidden) store.readIfShown(id);
      });
    }
  }
  return store;
}

export function stopChat() {
  rememberStatus(null);
  store?.stop();
  store = null;
}

export function useChat(): ChatState {
  const s = chatStore();
  return useSyncExternalStore(s.subscribe, () => s.state);
}

const noSubscribe = () => () => {};

/** Unread total for the menu badge: starts the store when asked, otherwise only reads a running one. */
export function useUnreadTotal(start: boolean): number {
  const s = start ? chatStore() : store;
  return useSyncExternalStore(s ? s.subscribe : noSubscribe, () => (s ? unreadTotal(s.state) : 0));
}
