// The forms: the sheets over the chat (order number, identify, rating) and the leave-a-message form under
// the messages, with what the chat remembers about them (rated, declined, dismissed).

import type { Connection } from './connection.ts';
import { FormRequests } from './form-requests.ts';
import type { Translate } from './i18n.ts';
import type { SignedIdentity } from './protocol.ts';
import type { MessageStore } from './store.ts';
import type { Composer } from './ui/composer.ts';
import { h } from './ui/dom.ts';
import { leaveForm, orderForm, ratingForm, type FormHandle } from './ui/forms.ts';
import { identifyForm, type IdentifyFormHandle } from './ui/identify-form.ts';

export interface ChatFormsOptions {
  t: Translate;
  conn: Connection;
  store: MessageStore;
  identity: SignedIdentity | null;
  composer: Composer;
  /** Where the leave-a-message form goes. */
  leaveHost: HTMLElement;
  /** The conversation the shopper can still end: null once it is closed. */
  openConversation(): number | null;
  connect(): void;
  render(forceScroll?: boolean): void;
  toast(message: string): void;
}

export class ChatForms {
  /** Dims the chat under a sheet; a click on it (outside the sheet) closes the sheet. */
  readonly shade: HTMLElement;
  /** The form waiting for the server's answer. */
  readonly requests: FormRequests;
  leave: 'off' | 'form' | 'done' = 'off';
  leaveDismissed = false;
  rateTarget: number | null = null;
  ratingOpenFor: number | null = null;
  readonly rated = new Set<number>();
  /** Conversations the shopper ended without rating: do not ask again when `closed` arrives. */
  readonly declined = new Set<number>();
  identifySheet: IdentifyFormHandle | null = null;

  constructor(private readonly o: ChatFormsOptions) {
    this.requests = new FormRequests(
      o.conn,
      () => o.connect(),
      () => o.t('interrupted'),
    );
    this.shade = h('div', {
      class: 'shade',
      hidden: true,
      onclick: (e) => {
        if (e.target === this.shade) this.closeSheet();
      },
    });
  }

  /** 结束 while a conversation is open, 评价 for a closed one not rated (nor declined) yet, neither otherwise. */
  endButton(): 'end' | 'rate' | null {
    const rt = this.rateTarget;
    if (this.o.openConversation() !== null) return 'end';
    return rt === null || this.rated.has(rt) || this.declined.has(rt) ? null : 'rate';
  }

  openOrder(): void {
    const f = orderForm(
      this.o.t,
      (no) => {
        const frame = this.o.conn.send('order', no);
        this.o.store.addLocal(frame.clientId, 'order', no);
        this.closeSheet();
        this.o.render(true);
      },
      () => this.closeSheet(),
    );
    this.openSheet(f);
  }

  openIdentify(): void {
    // Proof first: a code to the phone or address (on file, for an order number), then the code typed back.
    const f = identifyForm(this.o.t, {
      request: (v) => this.requests.start('identify', f, { type: 'request_code', ...v }),
      verify: (code) => this.requests.start('identify', f, { type: 'verify', code }),
      cancel: () => this.closeSheet(),
    });
    this.identifySheet = f;
    this.openSheet(f);
  }

  /**
   * The rating sheet: after `closed`, or when the shopper clicks 结束 (then submitting or skipping also ends the
   * open conversation with a `close` frame; dismissing the sheet keeps chatting).
   */
  openRating(ending: boolean): void {
    const open = this.o.openConversation();
    const id = ending ? (open ?? this.rateTarget) : this.rateTarget;
    if (id === null) return;
    const closeIt = ending && id === open;
    const end = () => {
      if (closeIt) this.o.conn.control({ type: 'close', conversationId: id });
    };
    if (this.rated.has(id)) {
      if (closeIt) end();
      else this.o.toast(this.o.t('rateThanks'));
      return;
    }
    this.rateTarget = id;
    const f = ratingForm(
      this.o.t,
      (score, comment) => {
        end();
        this.requests.start('rate', f, { type: 'rate', conversationId: id, score, ...(comment ? { comment } : {}) });
      },
      () => {
        end();
        this.declined.add(id);
        this.closeSheet();
      },
      closeIt,
    );
    this.openSheet(f);
    this.ratingOpenFor = id;
  }

  showLeave(): void {
    this.leave = 'form';
    const known = this.o.identity ? { name: this.o.identity.name, phone: this.o.identity.phone } : {};
    const f = leaveForm(
      this.o.t,
      (v) => this.requests.start('leave', f, { type: 'leave_message', ...v }),
      () => this.hideLeave(),
      known,
    );
    this.o.leaveHost.replaceChildren(f.el);
  }

  hideLeave(): void {
    this.leaveDismissed = true;
    this.leave = 'off';
    this.o.leaveHost.replaceChildren();
    if (this.requests.kind === 'leave') this.requests.fail('');
    this.o.render(true);
    this.o.composer.input.focus();
  }

  private openSheet(f: FormHandle): void {
    if (this.requests.kind !== null && this.requests.kind !== 'leave') this.requests.fail('');
    this.ratingOpenFor = null;
    this.o.composer.hideEmoji();
    this.shade.replaceChildren(f.el);
    this.shade.hidden = false;
    f.focus();
  }

  closeSheet(only?: FormHandle): void {
    if (only && !this.shade.contains(only.el)) return;
    if (this.requests.kind !== null && this.requests.kind !== 'leave') this.requests.fail('');
    this.ratingOpenFor = null;
    this.shade.hidden = true;
    this.shade.replaceChildren();
    if (this.leave === 'off') this.o.composer.input.focus({ preventScroll: true });
  }
}
