// One message on screen.

import type { Translate } from '../i18n.ts';
import type { ChatItem } from '../store.ts';
import { h, icon, richText } from './dom.ts';

export interface MessageViewContext {
  t: Translate;
  origin: string;
  onRetry(clientId: string): void;
  onRemove(clientId: string): void;
  onZoom(url: string): void;
  /** The shopper's 👍/👎 on a bot answer; `feedback(id)` is what they said already, if anything. */
  onFeedback(answerId: number, helpful: boolean): void;
  feedback(answerId: number): boolean | undefined;
}

export function renderItem(item: ChatItem, showTime: boolean, ctx: MessageViewContext): HTMLElement {
  const { t } = ctx;
  const wrap = h('div', { 'data-key': item.key });
  if (showTime) wrap.append(h('div', { class: 'time' }, formatTime(item.at)));
  if (item.kind === 'notice' || item.sender === 'system') {
    wrap.append(h('div', { class: 'row sys' }, h('div', { class: item.data?.tone === 'ok' ? 'note ok' : 'note' }, item.body)));
    return wrap;
  }
  const mine = item.sender === 'shopper';
  const content = bubble(item, ctx);
  if (mine) {
    wrap.append(h('div', { class: 'row me', 'data-seq': item.seq ?? undefined }, h('div', { class: 'col' }, content, meta(item, ctx))));
  } else {
    const bot = item.sender === 'bot';
    const name = bot ? t('bot') : item.senderName || t('kefu');
    const answerId = bot && typeof item.data?.botAnswerId === 'number' ? item.data.botAnswerId : null;
    wrap.append(
      h(
        'div',
        { class: 'row them', 'data-seq': item.seq ?? undefined },
        h('div', { class: bot ? 'mav bot' : 'mav', title: name }, bot ? icon('headset') : (Array.from(name)[0] ?? '')),
        h('div', { class: 'col' }, h('div', { class: 'nm' }, name), content, answerId === null ? null : feedbackRow(answerId, ctx)),
      ),
    );
  }
  return wrap;
}

/** Under a bot answer: was it helpful? Once answered, the choice stays shown. */
function feedbackRow(answerId: number, ctx: MessageViewContext): HTMLElement {
  const { t } = ctx;
  const given = ctx.feedback(answerId);
  if (given !== undefined) return h('div', { class: 'fb done' }, given ? t('helpfulThanks') : t('notHelpfulThanks'));
  return h(
    'div',
    { class: 'fb' },
    h('button', { type: 'button', class: 'fb-b', 'data-helpful': 'yes', onclick: () => ctx.onFeedback(answerId, true) }, '👍 ', t('helpful')),
    h('button', { type: 'button', class: 'fb-b', 'data-helpful': 'no', onclick: () => ctx.onFeedback(answerId, false) }, '👎 ', t('notHelpful')),
  );
}

/** The greeting at the top, shown as the shop's first message. */
export function renderGreeting(t: Translate): HTMLElement {
  return h(
    'div',
    { class: 'row them greet' },
    h('div', { class: 'mav' }, icon('headset')),
    h('div', { class: 'col' }, h('div', { class: 'nm' }, t('kefu')), h('div', { class: 'bb' }, t('greeting'))),
  );
}

function bubble(item: ChatItem, ctx: MessageViewContext): HTMLElement {
  if (item.kind === 'image') {
    const url = absolute(str(item.data?.url), ctx.origin) ?? item.preview;
    const box = h('div', { class: 'bb img' });
    if (url) {
      box.append(h('img', { src: url, alt: ctx.t('imageAlt'), loading: 'lazy', onclick: () => ctx.onZoom(url) }));
    } else {
      box.append(h('div', { style: 'width:120px;height:90px' }));
    }
    if (item.status === 'sending' && item.seq === null && !item.body)
      box.append(h('div', { class: 'up' }, h('i', { class: 'spin' }), ctx.t('uploading')));
    return box;
  }
  if (item.kind === 'order') return orderCard(item, ctx.t);
  if (item.kind === 'product') return productCard(item, ctx);
  return h('div', { class: 'bb' }, richText(item.body));
}

/** A product the agent recommends: picture, name, price, whether it is in stock. */
function productCard(item: ChatItem, ctx: MessageViewContext): HTMLElement {
  const { t } = ctx;
  const d = item.data ?? {};
  const image = absolute(str(d.image), ctx.origin);
  const price = money(d.priceFen, undefined);
  return h(
    'div',
    { class: 'card' },
    h('div', { class: 'card-h' }, icon('order'), h('span', null, t('productCard')), d.inStock === false ? h('span', null, t('outOfStock')) : null),
    h(
      'div',
      { class: 'card-b' },
      image ? h('img', { class: 'card-img', src: image, alt: str(d.name) ?? '', loading: 'lazy' }) : null,
      h('div', { class: 'card-nm' }, str(d.name) ?? item.body),
      h('div', { class: 'card-l' }, h('span', null, str(d.sku) ?? ''), price ? h('b', null, price) : null),
    ),
  );
}

function orderCard(item: ChatItem, t: Translate): HTMLElement {
  const d = item.data ?? {};
  const no = str(d.orderNo) ?? str(d.order_no) ?? item.body;
  const status = str(d.status);
  const total = money(d.totalFen ?? d.total_fen, d.total);
  const tracking = str(d.trackingNo) ?? str(d.tracking_no);
  const lines = Array.isArray(d.items) ? d.items : Array.isArray(d.lines) ? d.lines : null;
  const count = lines?.reduce<number>(
    (n, l) => n + (Number((l as Record<string, unknown>)?.quantity ?? (l as Record<string, unknown>)?.qty) || 1),
    0,
  );
  const first = lines?.[0] as Record<string, unknown> | undefined;
  const firstName = first ? (str(first.name) ?? str(first.productName) ?? str(first.product_name)) : undefined;
  return h(
    'div',
    { class: 'card' },
    h('div', { class: 'card-h' }, icon('order'), h('span', null, t('orderCard')), status ? h('span', null, statusLabel(status, t)) : null),
    h(
      'div',
      { class: 'card-b' },
      h('div', { class: 'card-no' }, no),
      firstName ? h('div', { class: 'card-l' }, h('span', null, firstName), count ? h('span', null, t('orderItems', { n: count })) : null) : null,
      tracking ? h('div', { class: 'card-l' }, h('span', null, t('orderTracking')), h('span', null, tracking)) : null,
      total ? h('div', { class: 'card-l' }, h('span', null, t('orderTotal')), h('b', null, total)) : null,
    ),
  );
}

function meta(item: ChatItem, ctx: MessageViewContext): HTMLElement | null {
  const { t } = ctx;
  switch (item.status) {
    case 'sending':
      return item.kind === 'image' && !item.body ? null : h('div', { class: 'meta' }, h('i', { class: 'spin' }), t('sending'));
    case 'sent':
      return h('div', { class: 'meta ur' }, t('unread'));
    case 'read':
      return h('div', { class: 'meta rd' }, t('read'));
    case 'failed': {
      const id = item.clientId!;
      return h(
        'div',
        { class: 'meta err', role: 'alert' },
        icon('alert'),
        item.error ?? t('failed'),
        h('button', { type: 'button', onclick: () => ctx.onRetry(id) }, t('resend')),
        h('button', { type: 'button', onclick: () => ctx.onRemove(id) }, t('remove')),
      );
    }
    default:
      return null;
  }
}

export function statusLabel(status: string, t: Translate): string {
  for (const pair of t('orderStatuses').split('|')) {
    const [k, v] = pair.split(':');
    if (k === status && v) return v;
  }
  return status;
}

function money(fen: unknown, yuan: unknown): string | undefined {
  if (typeof fen === 'number') return `¥${(fen / 100).toFixed(2)}`;
  if (typeof yuan === 'number') return `¥${yuan.toFixed(2)}`;
  if (typeof yuan === 'string' && yuan) return yuan.startsWith('¥') ? yuan : `¥${yuan}`;
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined;
}

export function absolute(url: string | undefined, origin: string): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url, origin);
    return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'blob:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function formatTime(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) return hm;
  return `${d.getMonth() + 1}-${pad(d.getDate())} ${hm}`;
}
