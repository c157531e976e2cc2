// The messages on screen: server messages keyed by (conversation, seq), our own unacknowledged sends keyed by
// clientId, and local notices. Pure data, no DOM.

import type { MessageFrame, SenderKind } from './protocol.ts';

export type ItemStatus = 'sending' | 'sent' | 'read' | 'failed';

export interface ChatItem {
  key: string;
  conversationId: number | null;
  seq: number | null;
  clientId: string | null;
  /** text | image | order (or any kind the server invents: shown as text); 'notice' for local notices */
  kind: string;
  body: string;
  data: Record<string, unknown> | null;
  sender: SenderKind;
  senderName: string;
  at: number;
  /** Only for the shopper's own messages. */
  status?: ItemStatus;
  error?: string;
  /** A local preview (object URL) of an image being sent. */
  preview?: string;
  /** Bumped on every change, so the view re-renders only what changed. */
  version: number;
}

type SortKey = [conv: number, seq: number, tie: number];

export class MessageStore {
  private readonly items = new Map<string, ChatItem>();
  private readonly byClientId = new Map<string, string>();
  /** (conversation, seq) → item key; our own messages keep their clientId key after the ack. */
  private readonly bySeq = new Map<string, string>();
  private readonly convRank = new Map<number, number>();
  private readonly sortKeys = new Map<string, SortKey>();
  private readonly readUpTo = new Map<number, number>();
  private tie = 0;
  private sorted: ChatItem[] | null = [];

  /** Our own message, shown at once as "sending". */
  addLocal(clientId: string, kind: string, body: string, extra: { preview?: string; at?: number } = {}): ChatItem {
    const existing = this.byClientId.get(clientId);
    if (existing) return this.items.get(existing)!;
    const item: ChatItem = {
      key: `c:${clientId}`,
      conversationId: null,
      seq: null,
      clientId,
      kind,
      body,
      data: null,
      sender: 'shopper',
      senderName: '',
      at: extra.at ?? Date.now(),
      status: 'sending',
      preview: extra.preview,
      version: 0,
    };
    this.put(item, [Number.POSITIVE_INFINITY, 0, ++this.tie]);
    this.byClientId.set(clientId, item.key);
    return item;
  }

  /** The server stored our message. */
  ack(clientId: string, conversationId: number, seq: number, at?: string): ChatItem | null {
    const key = this.byClientId.get(clientId);
    const item = key ? this.items.get(key) : undefined;
    if (!item) return null;
    const sk = serverKey(conversationId, seq);
    const dupKey = this.bySeq.get(sk);
    const dup = dupKey ? this.items.get(dupKey) : undefined;
    if (dup && dup !== item) {
      // The message frame came first and already holds this seq: keep one.
      this.drop(item.key);
      this.byClientId.set(clientId, dup.key);
      return dup;
    }
    item.conversationId = conversationId;
    item.seq = seq;
    this.bySeq.set(sk, item.key);
    if (at) item.at = parseTime(at, item.at);
    item.status = this.isRead(conversationId, seq) ? 'read' : 'sent';
    item.error = undefined;
    item.version++;
    this.sortKeys.set(item.key, [this.rank(conversationId), seq, 0]);
    this.sorted = null;
    return item;
  }

  fail(clientId: string, error: string): void {
    const item = this.ownPending(clientId);
    if (!item) return;
    item.status = 'failed';
    item.error = error;
    item.version++;
  }

  resending(clientId: string): void {
    const item = this.ownPending(clientId);
    if (!item) return;
    item.status = 'sending';
    item.error = undefined;
    item.version++;
  }

  /** Changes our own message before its echo arrives (an uploaded image's file id and url). */
  patchLocal(clientId: string, patch: { body?: string; data?: Record<string, unknown> }): void {
    const key = this.byClientId.get(clientId);
    const item = key ? this.items.get(key) : undefined;
    if (!item) return;
    if (patch.body !== undefined) item.body = patch.body;
    if (patch.data !== undefined) item.data = patch.data;
    item.version++;
  }

  remove(clientId: string): void {
    const key = this.byClientId.get(clientId);
    if (key) this.drop(key);
    this.byClientId.delete(clientId);
  }

  /** A message frame; returns the item and whether it was new (not a duplicate or our own echo). */
  receive(m: MessageFrame): { item: ChatItem; isNew: boolean } {
    const key = serverKey(m.conversationId, m.seq);
    const knownKey = this.bySeq.get(key);
    const known = knownKey ? this.items.get(knownKey) : undefined;
    if (known) {
      // A duplicate (resume after reconnect): keep it, take fresher data if any.
      if (m.data && JSON.stringify(m.data) !== JSON.stringify(known.data)) {
        known.data = m.data;
        known.version++;
      }
      return { item: known, isNew: false };
    }
    const ownKey = m.clientId ? this.byClientId.get(m.clientId) : undefined;
    const own = ownKey ? this.items.get(ownKey) : undefined;
    if (own && m.clientId) {
      this.ack(m.clientId, m.conversationId, m.seq, m.at);
      const item = this.items.get(this.byClientId.get(m.clientId)!)!;
      item.data = m.data ?? null;
      item.version++;
      return { item, isNew: false };
    }
    const mine = m.sender?.kind === 'shopper';
    const item: ChatItem = {
      key,
      conversationId: m.conversationId,
      seq: m.seq,
      clientId: m.clientId ?? null,
      kind: m.kind,
      body: m.body ?? '',
      data: m.data ?? null,
      sender: m.sender?.kind ?? 'system',
      senderName: m.sender?.name ?? '',
      at: parseTime(m.at, Date.now()),
      status: mine ? (this.isRead(m.conversationId, m.seq) ? 'read' : 'sent') : undefined,
      version: 0,
    };
    this.put(item, [this.rank(m.conversationId), m.seq, 0]);
    this.bySeq.set(key, key);
    if (m.clientId) this.byClientId.set(m.clientId, key);
    return { item, isNew: true };
  }

  /** The agent has read our messages up to `seq`. */
  markRead(conversationId: number, seq: number): void {
    if ((this.readUpTo.get(conversationId) ?? 0) >= seq) return;
    this.readUpTo.set(conversationId, seq);
    for (const item of this.items.values()) {
      if (item.sender === 'shopper' && item.conversationId === conversationId && item.seq !== null && item.seq <= seq && item.status === 'sent') {
        item.status = 'read';
        item.version++;
      }
    }
  }

  /** Marks the items matching as changed, so the view draws them again (e.g. after feedback on a bot answer). */
  touchWhere(match: (item: ChatItem) => boolean): void {
    for (const item of this.items.values()) if (match(item)) item.version++;
  }

  /** A local notice (agent assigned, conversation closed…), placed after what is on screen now. */
  notice(text: string, key?: string): ChatItem {
    const k = `n:${key ?? ++this.tie}`;
    const known = this.items.get(k);
    if (known) return known;
    const item: ChatItem = {
      key: k,
      conversationId: null,
      seq: null,
      clientId: null,
      kind: 'notice',
      body: text,
      data: null,
      sender: 'system',
      senderName: '',
      at: Date.now(),
      version: 0,
    };
    const last = this.lastConfirmedKey();
    this.put(item, [last[0], last[1], ++this.tie]);
    return item;
  }

  list(): ChatItem[] {
    if (!this.sorted) {
      this.sorted = [...this.items.values()].sort((a, b) => compare(this.sortKeys.get(a.key)!, this.sortKeys.get(b.key)!));
    }
    return this.sorted;
  }

  get size(): number {
    return this.items.size;
  }

  private ownPending(clientId: string): ChatItem | undefined {
    const key = this.byClientId.get(clientId);
    const item = key ? this.items.get(key) : undefined;
    return item && item.seq === null ? item : undefined;
  }

  private isRead(conversationId: number, seq: number): boolean {
    return (this.readUpTo.get(conversationId) ?? 0) >= seq;
  }

  private rank(conversationId: number): number {
    let r = this.convRank.get(conversationId);
    if (r === undefined) {
      r = this.convRank.size;
      this.convRank.set(conversationId, r);
    }
    return r;
  }

  private lastConfirmedKey(): SortKey {
    let best: SortKey = [-1, 0, 0];
    for (const k of this.sortKeys.values()) if (k[0] !== Number.POSITIVE_INFINITY && compare(k, best) > 0) best = k;
    return best;
  }

  private put(item: ChatItem, key: SortKey): void {
    this.items.set(item.key, item);
    this.sortKeys.set(item.key, key);
    this.sorted = null;
  }

  private drop(key: string): void {
    const item = this.items.get(key);
    if (item?.seq != null && item.conversationId != null) {
      const sk = serverKey(item.conversationId, item.seq);
      if (this.bySeq.get(sk) === key) this.bySeq.delete(sk);
    }
    this.items.delete(key);
    this.sortKeys.delete(key);
    this.sorted = null;
  }
}

function serverKey(conversationId: number, seq: number): string {
  return `s:${conversationId}:${seq}`;
}

function compare(a: SortKey, b: SortKey): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function parseTime(at: string | undefined, fallback: number): number {
  const t = at ? Date.parse(at) : Number.NaN;
  return Number.isNaN(t) ? fallback : t;
}
