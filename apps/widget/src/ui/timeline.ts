// The message list: the greeting, the messages (keyed: only changed items are rebuilt), the slot for the
// leave-a-message form and "typing…". It stays at the bottom while the shopper is there.

import type { ChatItem } from '../store.ts';
import { h } from './dom.ts';
import { renderGreeting, renderItem, type MessageViewContext } from './messages.ts';

const TIME_GAP_MS = 5 * 60_000;

export class Timeline {
  readonly el: HTMLElement;
  /** Where the leave-a-message form goes, under the messages. */
  readonly leaveHost: HTMLElement;
  private readonly list: HTMLElement;
  private readonly greeting: HTMLElement;
  private readonly typingEl: HTMLElement;
  private readonly views = new Map<string, { el: HTMLElement; sig: string }>();
  /** The shopper is at the bottom of the list: keep it there as content grows (new messages, images loading). */
  private stick = true;
  private typingTimer = 0;

  constructor(private readonly ctx: MessageViewContext) {
    this.greeting = renderGreeting(ctx.t);
    this.list = h('div', { class: 'list', role: 'log', 'aria-live': 'polite' }, this.greeting);
    this.leaveHost = h('div');
    this.typingEl = h('div', { class: 'typing', hidden: true });
    this.el = h('div', { class: 'body' }, this.list, this.leaveHost, this.typingEl);
    this.el.addEventListener(
      'scroll',
      () => {
        this.stick = this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < 60;
      },
      { passive: true },
    );
    const grew = () => {
      if (this.stick) this.scrollDown();
    };
    if (typeof ResizeObserver === 'function') new ResizeObserver(grew).observe(this.list);
    this.list.addEventListener('load', grew, true); // images (load does not bubble; captured)
  }

  render(items: ChatItem[], forceScroll: boolean): void {
    const keep = new Set<string>();
    let prev: Element = this.greeting;
    let prevAt = 0;
    for (const item of items) {
      const showTime = item.kind !== 'notice' && item.at - prevAt > TIME_GAP_MS;
      if (item.kind !== 'notice') prevAt = item.at;
      const sig = `${item.version}|${item.status ?? ''}|${showTime ? 1 : 0}`;
      let v = this.views.get(item.key);
      if (!v || v.sig !== sig) {
        const el = renderItem(item, showTime, this.ctx);
        if (v) v.el.replaceWith(el);
        v = { el, sig };
        this.views.set(item.key, v);
      }
      keep.add(item.key);
      if (prev.nextElementSibling !== v.el) prev.after(v.el);
      prev = v.el;
    }
    for (const [key, v] of this.views) {
      if (!keep.has(key)) {
        v.el.remove();
        this.views.delete(key);
      }
    }
    if (forceScroll) this.stick = true;
    if (this.stick) this.scrollDown();
  }

  showTyping(name: string): void {
    this.typingEl.replaceChildren(h('span', { class: 'dots' }, h('i'), h('i'), h('i')), this.ctx.t('typing', { name }));
    this.typingEl.hidden = false;
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => this.hideTyping(), 5000);
    if (this.stick) this.scrollDown();
  }

  hideTyping(): void {
    window.clearTimeout(this.typingTimer);
    this.typingEl.hidden = true;
  }

  private scrollDown(): void {
    requestAnimationFrame(() => {
      this.el.scrollTop = this.el.scrollHeight;
      this.stick = true;
    });
  }
}
