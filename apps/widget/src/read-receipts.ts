// Read receipts and the unread count: what the shopper has seen (remembered across pages) is reported to the
// agent; what came from the shop since is counted for the launcher's badge.

import type { Connection, KeyValueStore } from './connection.ts';
import type { ChatItem } from './store.ts';

type Seen = { id: number; seq: number };

export class ReadReceipts {
  private readonly seenKeys = new Set<string>();
  private seen: Seen | null;

  constructor(
    private readonly storage: KeyValueStore,
    private readonly storageKey: string,
  ) {
    this.seen = readSeen(storage.get(storageKey));
  }

  /** `looking`: the panel is open and the tab visible, so every item counts as seen. */
  update(items: ChatItem[], looking: boolean, conn: Connection): { unread: number; last: ChatItem | null } {
    const convId = conn.conversationId;
    if (looking) {
      let maxSeq = 0;
      for (const it of items) {
        this.seenKeys.add(it.key);
        if (it.conversationId === convId && it.sender !== 'shopper' && it.seq !== null && it.seq > maxSeq) maxSeq = it.seq;
      }
      if (convId !== null && maxSeq > 0) {
        conn.read(maxSeq);
        if (!this.seen || this.seen.id !== convId || this.seen.seq < maxSeq) {
          this.seen = { id: convId, seq: maxSeq };
          this.storage.set(this.storageKey, JSON.stringify(this.seen));
        }
      }
    }
    let unread = 0;
    let last: ChatItem | null = null;
    for (const it of items) {
      if (it.sender === 'shopper' || it.kind === 'notice' || it.seq === null || this.seenKeys.has(it.key)) continue;
      if (this.seen && it.conversationId === this.seen.id && it.seq <= this.seen.seq) continue;
      unread++;
      last = it;
    }
    return { unread, last };
  }
}

function readSeen(text: string | null): Seen | null {
  try {
    const v = text ? (JSON.parse(text) as Seen) : null;
    return v && typeof v.id === 'number' && typeof v.seq === 'number' ? v : null;
  } catch {
    return null;
  }
}
