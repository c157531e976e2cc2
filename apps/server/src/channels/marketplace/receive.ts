import type { Db } from '../../db/database.ts';
import { Gathered, perDatabase } from '../../db/gathered.ts';
import type { ChatService } from '../../conversations/chat-service.ts';
import { customerById, ensureShop, marketplaceVisitor, type Shop, type Visitor } from '../../conversations/visitors.ts';
import { customerOfIdentity } from '../../customers/service.ts';
import { MARKETPLACE_LABEL, type ImMessage, type Marketplace } from './contract.ts';

/** What the channels page shows of a marketplace: whether its connection is up, what came in, what was refused. */
export interface ImHealth {
  connected: boolean | null;
  detail: string | null;
  received: number;
  duplicates: number;
  refused: number;
  lastReceivedAt: Date | null;
  lastRefusal: { at: Date; reason: string } | null;
}

const CACHED_BUYERS = 20_000;

interface Receipt {
  platform: Marketplace;
  message_id: string;
  conversation_id: number;
  seq: number;
  buyer_id: string;
}
type Receipts = ReturnType<typeof receiptsOf>;

/**
 * Which platform message ids are stored, and each stored one recorded (with its conversation's outbox row): both
 * gathered (db/gathered.ts), so that at hundreds of pushes a second a look-up or a record is one statement for all
 * the pushes that came in meanwhile, not one round trip each (issue 14: 500 messages/s on 2 cores).
 */
const receiptsOf = perDatabase((db: Db) => ({
  seen: new Gathered<{ platform: Marketplace; ids: string[] }, string[]>(
    async (asks) => {
      const rows = await db
        .selectFrom('im_inbound')
        .select(['platform', 'message_id'])
        .where('platform', 'in', [...new Set(asks.map((a) => a.platform))])
        .where(
          'message_id',
          'in',
          asks.flatMap((a) => a.ids),
        )
        .execute();
      const found = new Set(rows.map((r) => `${r.platform}:${r.message_id}`));
      return asks.map((a) => a.ids.filter((id) => found.has(`${a.platform}:${id}`)));
    },
    { weight: (a) => a.ids.length },
  ),
  stored: new Gathered<Receipt, void>(
    async (receipts) => {
      await db
        .with('seen', (w) =>
          w
            .insertInto('im_inbound')
            .values(receipts.map((r) => ({ platform: r.platform, message_id: r.message_id, conversation_id: r.conversation_id, seq: r.seq })))
            .onConflict((oc) => oc.doNothing()),
        )
        .insertInto('im_outbound')
        .values(receipts.map((r) => ({ conversation_id: r.conversation_id, platform: r.platform, buyer_id: r.buyer_id, sent_seq: r.seq })))
        // The buyer's own message needs no sending: when all before it went out, the outbox is past it too (so the
        // outbox looks only at conversations with an answer to send, not at every one a buyer wrote in).
        .onConflict((oc) =>
          oc
            .column('conversation_id')
            .doUpdateSet({ sent_seq: (eb) => eb.ref('excluded.sent_seq') })
            .where('im_outbound.sent_seq', '=', (eb) => eb(eb.ref('excluded.sent_seq'), '-', 1)),
        )
        .execute();
      return receipts.map(() => undefined);
    },
    { key: (r) => String(r.conversation_id) },
  ),
}));

/**
 * Buyers' marketplace messages into kefu's conversations — the same path as the widget's (Messages.fromShopper):
 * the buyer is a visitor of the channel, filed under the customer with that marketplace identity (the platform has
 * proved who they are); the message opens or continues their conversation, goes to the bot or the queue, reaches
 * the agent and starts the response clock of the marketplace's rule. Each platform message id is stored once; a
 * buyer's messages are stored in the order the platform gave them, one buyer at a time, different buyers side by side.
 */
export class MarketplaceInbox {
  readonly health = new Map<Marketplace, ImHealth>();
  /** Each buyer's visitor, kept so the socket-like open conversation (Messages' WeakMap on the Visitor) carries over. */
  private readonly visitors = new Map<string, Visitor>();
  private readonly inOrder = new Map<string, Promise<unknown>>();
  private shop: Shop | undefined;
  private readonly receipts: Receipts;

  constructor(
    private readonly db: Db,
    private readonly chat: ChatService,
  ) {
    this.receipts = receiptsOf(db);
  }

  /** Stores what it has not stored before; resolves when every message is stored (then the platform may be acked). */
  async receive(platform: Marketplace, messages: readonly ImMessage[]): Promise<{ stored: number; duplicates: number }> {
    const health = this.healthOf(platform);
    const fresh = await this.unseen(platform, messages);
    const byBuyer = new Map<string, ImMessage[]>();
    for (const m of fresh) byBuyer.set(m.buyerId, [...(byBuyer.get(m.buyerId) ?? []), m]);
    await Promise.all([...byBuyer].map(([buyerId, mine]) => this.oneBuyerAtATime(`${platform}:${buyerId}`, () => this.storeFor(platform, mine))));
    const duplicates = messages.length - fresh.length;
    health.received += fresh.length;
    health.duplicates += duplicates;
    if (fresh.length) health.lastReceivedAt = new Date();
    return { stored: fresh.length, duplicates };
  }

  refused(platform: Marketplace, reason: string): void {
    const health = this.healthOf(platform);
    health.refused += 1;
    health.lastRefusal = { at: new Date(), reason };
  }

  connection(platform: Marketplace, connected: boolean, detail?: string): void {
    const health = this.healthOf(platform);
    health.connected = connected;
    health.detail = detail ?? null;
  }

  healthOf(platform: Marketplace): ImHealth {
    let health = this.health.get(platform);
    if (!health) {
      health = { connected: null, detail: null, received: 0, duplicates: 0, refused: 0, lastReceivedAt: null, lastRefusal: null };
      this.health.set(platform, health);
    }
    return health;
  }

  /** The messages of the batch not stored before (a batch may repeat an id too: the first one counts). */
  private async unseen(platform: Marketplace, messages: readonly ImMessage[]): Promise<ImMessage[]> {
    if (!messages.length) return [];
    const ids = [...new Set(messages.map((m) => m.id))];
    const seen = new Set(await this.receipts.seen.add({ platform, ids }));
    return messages.filter((m) => !seen.has(m.id) && (seen.add(m.id), true));
  }

  private async oneBuyerAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.inOrder.get(key) ?? Promise.resolve();
    const mine = before.then(work, work);
    const settled = mine.catch(() => undefined);
    this.inOrder.set(key, settled);
    void settled.then(() => this.inOrder.get(key) === settled && this.inOrder.delete(key));
    return mine;
  }

  private async storeFor(platform: Marketplace, messages: ImMessage[]): Promise<void> {
    const shop = await this.defaultShop();
    const visitor = await this.visitorOf(shop, platform, messages[0]!);
    for (const m of messages) {
      // The platform's id makes the client id: a retry that got past `unseen` (a race) is stored once by the conversation.
      const stored = await this.chat.messages.fromShopper(shop, visitor, {
        clientId: `${platform}:${m.id}`.slice(0, 64).padEnd(8, '_'),
        kind: m.kind === 'order' ? 'order' : 'text',
        body: (m.kind === 'image' ? `[图片] ${m.body}` : m.body).slice(0, 2000),
      });
      await this.receipts.stored.add({ platform, message_id: m.id, conversation_id: stored.conversationId, seq: stored.seq, buyer_id: m.buyerId });
    }
  }

  /** The buyer's visitor of the channel, made (with their customer file) at their first message. */
  private async visitorOf(shop: Shop, platform: Marketplace, first: ImMessage): Promise<Visitor> {
    const key = `${platform}:${first.buyerId}`;
    const known = this.visitors.get(key);
    if (known) return known;
    const visitor = await this.db.transaction().execute(async (tx) => {
      const name = (first.buyerNick || `${MARKETPLACE_LABEL[platform]}买家${first.buyerId.slice(-4)}`).slice(0, 64);
      const customerId = await customerOfIdentity(tx, platform, first.buyerId, name);
      const customer = customerId ? await customerById(tx, customerId) : null;
      return marketplaceVisitor(tx, shop.id, platform, first.buyerId, customer?.name ?? name, customer?.id ?? null);
    });
    if (this.visitors.size >= CACHED_BUYERS) this.visitors.delete(this.visitors.keys().next().value!);
    this.visitors.set(key, visitor);
    return visitor;
  }

  /** Marketplace chats come into the installation's first shop (the one the widget uses by default). */
  private async defaultShop(): Promise<Shop> {
    if (!this.shop) await ensureShop(this.db);
    this.shop ??= await this.db
      .selectFrom('shops')
      .select(['id', 'key', 'name', 'identity_secret', 'default_group_id'])
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    return this.shop;
  }
}
