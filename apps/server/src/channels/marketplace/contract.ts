import { z } from 'zod';

/**
 * What every marketplace adapter (taobao.ts, jd.ts, pdd.ts) turns its platform's messages into, and what it is handed
 * to send back. The platforms differ in how they sign, push or get polled and name things; past the adapter a buyer's
 * message is one shape, and it goes through the same conversations as the widget's (receive.ts).
 */
export const MARKETPLACES = ['taobao', 'jd', 'pdd'] as const;
export type Marketplace = (typeof MARKETPLACES)[number];

export const MARKETPLACE_LABEL: Record<Marketplace, string> = { taobao: '淘宝/天猫', jd: '京东', pdd: '拼多多' };

/** One buyer message, as every adapter hands it on. */
export const ImMessage = z.object({
  /** The platform's id of the message: kefu stores each once. */
  id: z.string().trim().min(1).max(100),
  /** The platform's id of the buyer (Taobao's OpenUid, JD's and Pinduoduo's buyer ids): the customer file's identity. */
  buyerId: z.string().trim().min(1).max(100),
  /** What the platform shows as the buyer's name, if it tells (Taobao no longer gives the nick). */
  buyerNick: z.string().trim().max(64).nullable(),
  /** text: what the buyer wrote; order: an order card the buyer sent (its order number); image: the picture's link. */
  kind: z.enum(['text', 'order', 'image']),
  body: z.string().trim().min(1).max(4000),
  sentAt: z.date(),
});
export type ImMessage = z.output<typeof ImMessage>;

/** What kefu sends a buyer: a text, or an order card (the platform shows the order to the buyer). */
export type ImReply = { kind: 'text'; text: string } | { kind: 'order'; orderNo: string };

/** The platform refused or could not take the send; `permanent` means sending it again cannot help. */
export class ImRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly permanent: boolean,
  ) {
    super(`${code}: ${message}`);
  }
}

/** An inbound push kefu did not take, and why (logged; the platform sees a 4xx and the reason). */
export class ImPushRefused extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** A batch of polled messages; `confirm` tells the platform they are stored, so it does not hand them out again. */
export interface ImBatch {
  messages: ImMessage[];
  /** Messages in the batch kefu could not read (wrong shape, wrong topic), with why: confirmed too, and logged. */
  unreadable: { id: string; reason: string }[];
  confirm(): Promise<void>;
}

/** A push request as the route hands it to an adapter: the query, the headers and the raw body. */
export interface ImPush {
  query: Record<string, string | undefined>;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Where a listening adapter hands what it receives: `deliver` resolves once stored (then the platform is acked). */
export interface ImSink {
  deliver(messages: ImMessage[]): Promise<void>;
  unreadable(id: string, reason: string): void;
  status(connected: boolean, detail?: string): void;
}

/**
 * One marketplace's adapter. A platform delivers by push (`readPush`: verify the signature and freshness, read the
 * messages), by polling (`poll`) or over a connection kefu keeps open (`listen`); every platform sends through `send`.
 */
export interface MarketplaceIm {
  readonly platform: Marketplace;
  send(buyerId: string, reply: ImReply): Promise<void>;
  readPush?(push: ImPush): ImMessage[];
  poll?(): Promise<ImBatch>;
  listen?(sink: ImSink): { close(): Promise<void> };
}
