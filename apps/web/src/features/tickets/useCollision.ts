/**
 * Collision on a ticket's page, over the tab's agent socket (chatStore): tells the others this user is viewing or
 * typing a reply (repeated every 10 s), and keeps who else is here. A viewer not heard of for the TTL is dropped,
 * so a closed or crashed tab disappears even when no `left` came.
 */
import { TICKET_PRESENCE_TTL_SECONDS } from '@kefu/protocol/chat/agent';
import { useCallback, useEffect, useRef, useState } from 'react';
import { chatStore } from '../chat/store.ts';

export interface Viewer {
  id: number;
  name: string;
  state: 'viewing' | 'typing';
  at: number;
}
export interface Replied {
  id: number;
  name: string;
  eventId: string | null;
}

const REPEAT_MS = 10_000;
const TYPING_MS = 6_000;

/** The viewers still fresh at `now`. */
export function freshViewers(viewers: Record<number, Viewer>, now: number): Record<number, Viewer> {
  return Object.fromEntries(Object.entries(viewers).filter(([, v]) => now - v.at <= TICKET_PRESENCE_TTL_SECONDS * 1000));
}

export function useCollision(ticketId: number, enabled: boolean) {
  const [viewers, setViewers] = useState<Record<number, Viewer>>({});
  const [replied, setReplied] = useState<Replied | null>(null);
  const typedAt = useRef(0);
  const sentState = useRef<'viewing' | 'typing'>('viewing');

  const report = useCallback(
    (state: 'viewing' | 'typing' | 'left') => {
      if (state !== 'left') sentState.current = state;
      chatStore().command({ type: 'ticket_presence', ticketId, state });
    },
    [ticketId],
  );

  useEffect(() => {
    if (!enabled) return;
    setViewers({});
    setReplied(null);
    const store = chatStore();
    const current = () => (Date.now() - typedAt.current < TYPING_MS ? 'typing' : 'viewing');
    const off = store.tap((f) => {
      if (f.type === 'welcome') report(current());
      if (f.type !== 'ticket_presence' || f.ticketId !== ticketId) return;
      const { id, name } = f.user;
      if (f.state === 'replied') setReplied({ id, name, eventId: f.eventId ?? null });
      setViewers((all) => {
        const next = { ...all };
        if (f.state === 'left') delete next[id];
        else next[id] = { id, name, state: f.state === 'typing' ? 'typing' : 'viewing', at: Date.now() };
        return next;
      });
      // Someone just arrived: answer at once, so they see us without waiting for our next repeat.
      if (f.fresh) report(current());
    });
    if (store.state.connection === 'open') report('viewing');
    const timer = setInterval(() => {
      if (!document.hidden) report(current());
      setViewers((all) => freshViewers(all, Date.now()));
    }, REPEAT_MS / 2);
    return () => {
      off();
      clearInterval(timer);
      report('left');
    };
  }, [ticketId, enabled, report]);

  /** The user typed in the reply box: `typing` now (once), `viewing` again after a few quiet seconds. */
  const typing = useCallback(() => {
    typedAt.current = Date.now();
    if (enabled && sentState.current !== 'typing') report('typing');
  }, [enabled, report]);

  /** The reply went: back to viewing at once. */
  const sent = useCallback(() => {
    typedAt.current = 0;
    if (enabled) report('viewing');
  }, [enabled, report]);

  return { viewers: Object.values(viewers), replied, clearReplied: () => setReplied(null), typing, sent };
}
