// The chat panel: wires the connection and the message store to the DOM. Used by the embedded widget and by
// the full-page chat (/chat).

import { Connection, randomUuid, type ConnectionStatus, type KeyValueStore, type SocketFactory } from './connection.ts';
import { browserSocket, socketUrl } from './env.ts';
import { errorKey, translator, type Lang, type Translate } from './i18n.ts';
import { unhandled, type ControlFrame, type Conversation, type ServerFrame, type SignedIdentity, type UploadedFile } from './protocol.ts';
import { MessageStore, type ChatItem } from './store.ts';
import { h, icon } from './ui/dom.ts';
import { emojiPicker } from './ui/emoji.ts';
import { leaveForm, orderForm, ratingForm, type FormHandle } from './ui/forms.ts';
import { identifyForm, type IdentifyFormHandle } from './ui/identify-form.ts';
import { renderGreeting, renderItem, type MessageViewContext } from './ui/messages.ts';
import { MAX_IMAGE_BYTES, MAX_TEXT } from './validate.ts';

export interface ChatAppOptions {
  origin: string;
  shop: string;
  lang: Lang;
  identity: SignedIdentity | null;
  mode: 'widget' | 'page';
  storage: KeyValueStore;
  socket?: SocketFactory;
  onMinimize?(): void;
  /** Messages from the shop not yet seen by the shopper (the panel is closed or the tab hidden). */
  onUnread?(count: number, last: ChatItem | null): void;
}

type ConvState = 'none' | 'open' | 'bot' | 'queued' | 'active' | 'closed';
type Pending = { kind: 'rate' | 'identify' | 'leave'; form: FormHandle; frame: ControlFrame; sent: boolean; timer: number };

const TIME_GAP_MS = 5 * 60_000;
const ANSWER_TIMEOUT_MS = 15_000;

export class ChatApp {
  readonly el: HTMLElement;
  readonly conn: Connection;
  readonly store = new MessageStore();
  private readonly t: Translate;
  private readonly ctx: MessageViewContext;

  private agentsOnline: number | null = null;
  private conv: ConvState = 'none';
  private agentName: string | null = null;
  private queuePos: number | null = null;
  private leave: 'off' | 'form' | 'done' = 'off';
  private leaveDismissed = false;
  private rateTarget: number | null = null;
  private ratingOpenFor: number | null = null;
  private readonly rated = new Set<number>();
  /** Conversations the shopper ended without rating: do not ask again when `closed` arrives. */
  private readonly declined = new Set<number>();
  /** The shop key is unknown: nothing to do but say so. */
  private fatal: string | null = null;
  private visible = false;
  private identitySent = false;
  private autoIdentify = false;
  private pending: Pending | null = null;
  private identifySheet: IdentifyFormHandle | null = null;
  private readonly uploads = new Map<string, File>();
  private readonly views = new Map<string, { el: HTMLElement; sig: string }>();
  private readonly seenKeys = new Set<string>();
  private seen: { id: number; seq: number } | null;
  /** The shopper is at the bottom of the list: keep it there as content grows (new messages, images loading). */
  private stick = true;
  private typingTimer = 0;
  private toastTimer = 0;

  // elements
  private readonly sub: HTMLElement;
  private readonly dot: HTMLElement;
  private readonly endBtn: HTMLButtonElement;
  private readonly humanBtn: HTMLButtonElement;
  private readonly feedbackGiven = new Map<number, boolean>();
  private readonly banner: HTMLElement;
  private readonly body: HTMLElement;
  private readonly list: HTMLElement;
  private readonly greeting: HTMLElement;
  private readonly leaveHost: HTMLElement;
  private readonly typingEl: HTMLElement;
  private readonly composer: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendBtn: HTMLButtonElement;
  private readonly counter: HTMLElement;
  private readonly emoji: HTMLElement;
  private readonly emojiBtn: HTMLButtonElement;
  private readonly fileInput: HTMLInputElement;
  private readonly shade: HTMLElement;
  private readonly toastEl: HTMLElement;
  private readonly lightbox: HTMLElement;

  constructor(private readonly opts: ChatAppOptions) {
    const t = (this.t = translator(opts.lang));
    this.conn = new Connection({ url: socketUrl(opts.origin), shop: opts.shop, socket: opts.socket ?? browserSocket, storage: opts.storage });
    this.seen = readSeen(opts.storage.get(this.key('seen')));
    this.ctx = {
      t,
      origin: opts.origin,
      onRetry: (id) => this.retry(id),
      onRemove: (id) => this.removeFailed(id),
      onZoom: (url) => this.zoom(url),
      onFeedback: (answerId, helpful) => this.giveFeedback(answerId, helpful),
      feedback: (answerId) => this.feedbackGiven.get(answerId),
    };

    this.sub = h('span', null, t('connecting'));
    this.dot = h('i', { class: 'dot wait' });
    this.endBtn = h('button', { type: 'button', class: 'hd-b', hidden: true, onclick: () => this.openRating(true) }, t('end'));
    this.humanBtn = h('button', { type: 'button', class: 'hd-b', hidden: true, onclick: () => this.askForPerson() }, t('toHuman'));
    const header = h(
      'div',
      { class: 'hd' },
      h('div', { class: 'av' }, icon('headset')),
      h('div', { class: 'hd-t' }, h('b', null, t('title')), h('div', { class: 'hd-s', 'aria-live': 'polite' }, this.dot, this.sub)),
      this.humanBtn,
      this.endBtn,
      opts.mode === 'widget'
        ? h(
            'button',
            { type: 'button', class: 'hd-i', title: t('minimize'), 'aria-label': t('minimize'), onclick: () => opts.onMinimize?.() },
            icon('down'),
          )
        : null,
    );
    this.banner = h('div', { class: 'banner', hidden: true, role: 'status' });
    this.greeting = renderGreeting(t);
    this.list = h('div', { class: 'list', role: 'log', 'aria-live': 'polite' }, this.greeting);
    this.leaveHost = h('div');
    this.typingEl = h('div', { class: 'typing', hidden: true });
    this.body = h('div', { class: 'body' }, this.list, this.leaveHost, this.typingEl);

    this.input = h('textarea', { class: 'in', rows: 1, placeholder: t('placeholder'), 'aria-label': t('placeholder'), maxlength: MAX_TEXT + 200 });
    this.sendBtn = h('button', { type: 'button', class: 'sendb', disabled: true, onclick: () => this.sendText() }, icon('send'), t('send'));
    this.counter = h('span', { class: 'count' });
    this.emoji = emojiPicker(t('emoji'), (e) => this.insertEmoji(e));
    this.emojiBtn = h(
      'button',
      { type: 'button', class: 'tb', title: t('emoji'), 'aria-label': t('emoji'), onclick: () => this.toggleEmoji() },
      icon('emoji'),
    );
    this.fileInput = h('input', {
      type: 'file',
      accept: 'image/*',
      hidden: true,
      onchange: () => {
        const f = this.fileInput.files?.[0];
        this.fileInput.value = '';
        if (f) void this.sendImage(f);
      },
    });
    this.composer = h(
      'div',
      { class: 'cp' },
      this.emoji,
      h(
        'div',
        { class: 'tools' },
        this.emojiBtn,
        h(
          'button',
          { type: 'button', class: 'tb', title: t('image'), 'aria-label': t('image'), onclick: () => this.fileInput.click() },
          icon('image'),
        ),
        h('button', { type: 'button', class: 'tb', title: t('orderTitle'), onclick: () => this.openOrder() }, icon('order'), t('order')),
        h('button', { type: 'button', class: 'tb', title: t('identifyTitle'), onclick: () => this.openIdentify() }, icon('user'), t('identifyBtn')),
        this.counter,
        this.fileInput,
      ),
      h('div', { class: 'inrow' }, this.input, this.sendBtn),
    );

    this.shade = h('div', {
      class: 'shade',
      hidden: true,
      onclick: (e) => {
        if (e.target === this.shade) this.closeSheet();
      },
    });
    this.toastEl = h('div', { class: 'toast', hidden: true, role: 'alert' });
    this.lightbox = h('div', {
      class: 'lb',
      hidden: true,
      onclick: () => {
        this.lightbox.hidden = true;
      },
    });

    this.el = h(
      'div',
      { class: 'panel', role: 'dialog', 'aria-label': t('title') },
      header,
      this.banner,
      this.body,
      this.composer,
      this.shade,
      this.toastEl,
      this.lightbox,
    );
    this.el.addEventListener('click', (e) => {
      const path = e.composedPath();
      if (!this.emoji.hidden && !path.includes(this.emoji) && !path.includes(this.emojiBtn)) this.hideEmoji();
    });
    this.el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.shade.hidden) this.closeSheet();
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        this.sendText();
      }
    });
    this.input.addEventListener('input', () => {
      this.autosize();
      if (this.input.value.trim()) this.conn.typing();
    });
    this.input.addEventListener('paste', (e) => {
      const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (file) {
        e.preventDefault();
        void this.sendImage(file);
      }
    });
    document.addEventListener('visibilitychange', () => this.afterRender());
    this.body.addEventListener(
      'scroll',
      () => {
        this.stick = this.body.scrollHeight - this.body.scrollTop - this.body.clientHeight < 60;
      },
      { passive: true },
    );
    const grew = () => {
      if (this.stick) this.scrollDown();
    };
    if (typeof ResizeObserver === 'function') new ResizeObserver(grew).observe(this.list);
    this.list.addEventListener('load', grew, true); // images (load does not bubble; captured)

    // Sends left over from an earlier page (not acknowledged yet): show them; they go out on connect.
    for (const f of this.conn.outbox.values()) this.store.addLocal(f.clientId, f.kind, f.body);
    this.conn.on((e) => {
      if (e.type === 'status') this.onStatus(e.status);
      else if (e.type === 'frame') this.onFrame(e.frame);
      else this.store.fail(e.clientId, this.t(errorKey(e.code)));
      this.render();
    });
    this.render();
  }

  connect(): void {
    this.conn.start();
    this.conn.reconnectNow();
  }

  setVisible(v: boolean): void {
    this.visible = v;
    if (v) {
      this.connect();
      this.render(true);
      if (this.leave === 'off') this.input.focus({ preventScroll: true });
    }
  }

  // ---- server events ----

  private onStatus(s: ConnectionStatus): void {
    if (s === 'waiting' && this.pending?.sent) this.failPending(this.t('interrupted'));
    if (s === 'ready' && this.pending) this.pending.sent = true;
    if (s !== 'ready') this.hideTyping();
  }

  private onFrame(f: ServerFrame): void {
    const t = this.t;
    switch (f.type) {
      case 'welcome': {
        this.agentsOnline = typeof f.agentsOnline === 'number' ? f.agentsOnline : null;
        const c = f.conversation && f.conversation.status !== 'closed' ? f.conversation : null;
        if (c) {
          this.applyConversation(c);
          if (typeof c.agentReadSeq === 'number') this.store.markRead(c.id, c.agentReadSeq);
        } else if (this.conv !== 'closed') this.conv = 'none';
        if (!c && this.agentsOnline === 0 && this.leave === 'off' && !this.leaveDismissed && !this.hasOwnMessages()) this.showLeave();
        if (this.opts.identity && !this.identitySent) {
          this.identitySent = this.autoIdentify = true;
          this.conn.control({ type: 'identify', identity: this.opts.identity });
        }
        break;
      }
      case 'ack':
        this.store.ack(f.clientId, f.conversationId, f.seq, f.at);
        if (this.conv === 'none' || this.conv === 'closed') this.conv = 'open';
        break;
      case 'message': {
        const { item, isNew } = this.store.receive(f);
        if (isNew && item.sender !== 'shopper') this.hideTyping();
        if (this.conv === 'none' || (this.conv === 'closed' && f.conversationId === this.conn.conversationId)) this.conv = 'open';
        break;
      }
      case 'conversation':
        if (f.conversation.status === 'closed') this.onClosed(f.conversation.id);
        else if (f.conversation.id === this.conn.conversationId) this.applyConversation(f.conversation);
        break;
      case 'queue':
        this.conv = 'queued';
        this.queuePos = f.position;
        break;
      case 'assigned':
        this.conv = 'active';
        this.queuePos = null;
        this.agentName = f.agent.name;
        break;
      case 'typing':
        if (f.from === 'agent') this.showTyping(f.name || this.agentName || t('kefu'));
        break;
      case 'read':
        if (f.by === 'agent') this.store.markRead(f.conversationId, f.seq);
        break;
      case 'closed':
        this.onClosed(f.conversationId);
        break;
      case 'code_sent': {
        const form = this.resolvePending('identify');
        if (form && form === this.identifySheet) this.identifySheet.askCode(f.to, f.via);
        break;
      }
      case 'identified': {
        const form = this.resolvePending('identify');
        const msg = t('identified');
        if (this.autoIdentify && !form) {
          this.autoIdentify = false;
          break;
        }
        this.store.notice(msg, `identified:${f.customerId}`).data = { tone: 'ok' };
        if (form) {
          form.done(msg);
          window.setTimeout(() => this.closeSheet(form), 1600);
        }
        break;
      }
      case 'rated': {
        this.rated.add(f.conversationId);
        const form = this.resolvePending('rate');
        this.store.notice(t('rateThanks'), `rated:${f.conversationId}`).data = { tone: 'ok' };
        if (form) {
          form.done(t('rateThanks'));
          window.setTimeout(() => this.closeSheet(form), 1600);
        }
        break;
      }
      case 'left': {
        const form = this.resolvePending('leave');
        const msg = t('leaveDone', { no: f.ticketNumber });
        this.leave = 'done';
        form?.done(msg, {
          label: t('leaveAgain'),
          run: () => {
            // Back to the chat: the confirmation stays in the timeline.
            this.store.notice(msg, `left:${f.ticketNumber}`).data = { tone: 'ok' };
            this.hideLeave();
          },
        });
        break;
      }
      case 'error': {
        const msg = t(errorKey(f.code), { n: f.triesLeft ?? '' });
        if (this.conn.status === 'connecting' && f.code === 'not_found') {
          // Refused before `welcome`: the shop key is wrong. Retrying will not help.
          this.fatal = t('badShop');
          this.conn.stop();
        } else if (f.clientId) {
          // The message itself shows "发送失败" with a resend button; say why, too.
          this.toast(msg);
        } else if (this.pending) {
          this.failPending(msg);
          if (f.code === 'rate_limited') this.toast(msg);
        } else if (this.autoIdentify) {
          // A stale or wrong signed identity from the shop's page: not the shopper's problem.
          this.autoIdentify = false;
        } else {
          this.toast(msg);
        }
        break;
      }
      // The connection handles these (seqs, the resume); nothing to show.
      case 'resumed':
      case 'feedback_saved':
        break;
      default:
        unhandled(f);
    }
  }

  private applyConversation(c: Conversation): void {
    this.conv = c.status === 'queued' ? 'queued' : c.status === 'active' ? 'active' : c.status === 'bot' ? 'bot' : 'open';
    if (c.agentName) this.agentName = c.agentName;
    if (c.status === 'active') this.queuePos = null;
    if (c.rating) this.rated.add(c.id);
  }

  private onClosed(id: number): void {
    if (this.conv === 'closed' && this.rateTarget === id) return; // `conversation` and `closed` both say so
    this.conv = 'closed';
    this.queuePos = null;
    this.agentName = null;
    this.rateTarget = id;
    this.hideTyping();
    if (!this.rated.has(id) && !this.declined.has(id) && this.ratingOpenFor !== id) this.openRating(false);
  }

  // ---- sending ----

  /** 转人工: the shopper can always reach a person; the words are what the bot listens for. */
  private askForPerson(): void {
    const f = this.conn.send('text', this.t('toHuman'));
    this.store.addLocal(f.clientId, 'text', this.t('toHuman'));
    this.render(true);
  }

  private giveFeedback(answerId: number, helpful: boolean): void {
    this.feedbackGiven.set(answerId, helpful);
    this.conn.control({ type: 'feedback', answerId, helpful });
    this.store.touchWhere((i) => i.data?.botAnswerId === answerId);
    this.render();
  }

  private sendText(): void {
    const text = this.input.value.trim();
    if (!text) return;
    if (text.length > MAX_TEXT) {
      this.toast(this.t('tooLong', { n: MAX_TEXT }));
      return;
    }
    const f = this.conn.send('text', text);
    this.store.addLocal(f.clientId, 'text', text);
    this.input.value = '';
    this.autosize();
    this.render(true);
  }

  private async sendImage(file: File): Promise<void> {
    if (!file.type.startsWith('image/')) return this.toast(this.t('notImage'));
    if (file.size > MAX_IMAGE_BYTES) return this.toast(this.t('imageTooBig'));
    if (!this.conn.visitorToken) {
      this.connect();
      return this.toast(this.t('notReady'));
    }
    const clientId = randomUuid();
    this.store.addLocal(clientId, 'image', '', { preview: URL.createObjectURL(file) });
    this.uploads.set(clientId, file);
    this.render(true);
    await this.upload(clientId, file);
  }

  private async upload(clientId: string, file: File): Promise<void> {
    const q = new URLSearchParams({ shop: this.opts.shop, visitor: this.conn.visitorToken ?? '' });
    try {
      const fd = new FormData();
      fd.append('file', file, file.name || 'image.png');
      const res = await fetch(`${this.opts.origin}/api/chat/files?${q}`, { method: 'POST', body: fd });
      if (!res.ok) throw new Error(res.status === 413 ? 'imageTooBig' : res.status === 429 ? 'err_rate_limited' : 'uploadFailed');
      const file2 = (await res.json()) as UploadedFile;
      if (!file2?.id) throw new Error('uploadFailed');
      this.uploads.delete(clientId);
      this.store.patchLocal(clientId, { body: String(file2.id), data: { url: file2.url } });
      this.conn.send('image', String(file2.id), clientId);
    } catch (e) {
      const k = e instanceof Error && ['imageTooBig', 'err_rate_limited'].includes(e.message) ? e.message : 'uploadFailed';
      this.store.fail(clientId, this.t(k as 'uploadFailed'));
    }
    this.render();
  }

  private retry(clientId: string): void {
    const file = this.uploads.get(clientId);
    this.store.resending(clientId);
    if (file) void this.upload(clientId, file);
    else if (!this.conn.retry(clientId)) this.store.fail(clientId, this.t('failed'));
    this.render();
  }

  private removeFailed(clientId: string): void {
    this.conn.discard(clientId);
    this.uploads.delete(clientId);
    this.store.remove(clientId);
    this.render();
  }

  private insertEmoji(e: string): void {
    const el = this.input;
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? start;
    el.value = el.value.slice(0, start) + e + el.value.slice(end);
    el.selectionStart = el.selectionEnd = start + e.length;
    this.hideEmoji();
    el.focus();
    this.autosize();
  }

  private toggleEmoji(): void {
    this.emoji.hidden = !this.emoji.hidden;
    this.emojiBtn.classList.toggle('on', !this.emoji.hidden);
  }

  private hideEmoji(): void {
    this.emoji.hidden = true;
    this.emojiBtn.classList.remove('on');
  }

  // ---- forms ----

  private openOrder(): void {
    const f = orderForm(
      this.t,
      (no) => {
        const frame = this.conn.send('order', no);
        this.store.addLocal(frame.clientId, 'order', no);
        this.closeSheet();
        this.render(true);
      },
      () => this.closeSheet(),
    );
    this.openSheet(f);
  }

  private openIdentify(): void {
    // Proof first: a code to the phone or address (on file, for an order number), then the code typed back.
    const f = identifyForm(this.t, {
      request: (v) => this.request('identify', f, { type: 'request_code', ...v }),
      verify: (code) => this.request('identify', f, { type: 'verify', code }),
      cancel: () => this.closeSheet(),
    });
    this.identifySheet = f;
    this.openSheet(f);
  }

  /**
   * The rating sheet: after `closed`, or when the shopper clicks 结束 (then submitting or skipping also ends the
   * open conversation with a `close` frame; dismissing the sheet keeps chatting).
   */
  private openRating(ending: boolean): void {
    const open = this.conv === 'closed' ? null : this.conn.conversationId;
    const id = ending ? (open ?? this.rateTarget) : this.rateTarget;
    if (id === null) return;
    const closeIt = ending && id === open;
    const end = () => {
      if (closeIt) this.conn.control({ type: 'close', conversationId: id });
    };
    if (this.rated.has(id)) {
      if (closeIt) end();
      else this.toast(this.t('rateThanks'));
      return;
    }
    this.rateTarget = id;
    const f = ratingForm(
      this.t,
      (score, comment) => {
        end();
        this.request('rate', f, { type: 'rate', conversationId: id, score, ...(comment ? { comment } : {}) });
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

  private showLeave(): void {
    this.leave = 'form';
    const known = this.opts.identity ? { name: this.opts.identity.name, phone: this.opts.identity.phone } : {};
    const f = leaveForm(
      this.t,
      (v) => this.request('leave', f, { type: 'leave_message', ...v }),
      () => this.hideLeave(),
      known,
    );
    this.leaveHost.replaceChildren(f.el);
  }

  private hideLeave(): void {
    this.leaveDismissed = true;
    this.leave = 'off';
    this.leaveHost.replaceChildren();
    if (this.pending?.kind === 'leave') this.failPending('');
    this.render(true);
    this.input.focus();
  }

  /** Sends a control frame and waits for its answer, showing errors and interruptions in the form. */
  private request(kind: Pending['kind'], form: FormHandle, frame: ControlFrame): void {
    if (this.pending) this.failPending('');
    form.busy(true);
    const sent = this.conn.control(frame);
    if (!sent) this.connect();
    this.pending = { kind, form, frame, sent, timer: window.setTimeout(() => this.failPending(this.t('interrupted')), ANSWER_TIMEOUT_MS) };
  }

  private resolvePending(kind: Pending['kind']): FormHandle | null {
    const p = this.pending;
    if (!p || p.kind !== kind) return null;
    window.clearTimeout(p.timer);
    this.pending = null;
    return p.form;
  }

  private failPending(message: string): void {
    const p = this.pending;
    if (!p) return;
    window.clearTimeout(p.timer);
    this.conn.cancelControl(p.frame);
    this.pending = null;
    p.form.busy(false);
    p.form.error(message);
  }

  private openSheet(f: FormHandle): void {
    if (this.pending && this.pending.kind !== 'leave') this.failPending('');
    this.ratingOpenFor = null;
    this.hideEmoji();
    this.shade.replaceChildren(f.el);
    this.shade.hidden = false;
    f.focus();
  }

  private closeSheet(only?: FormHandle): void {
    if (only && !this.shade.contains(only.el)) return;
    if (this.pending && this.pending.kind !== 'leave') this.failPending('');
    this.ratingOpenFor = null;
    this.shade.hidden = true;
    this.shade.replaceChildren();
    if (this.leave === 'off') this.input.focus({ preventScroll: true });
  }

  // ---- small views ----

  private showTyping(name: string): void {
    this.typingEl.replaceChildren(h('span', { class: 'dots' }, h('i'), h('i'), h('i')), this.t('typing', { name }));
    this.typingEl.hidden = false;
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => this.hideTyping(), 5000);
    if (this.stick) this.scrollDown();
  }

  private hideTyping(): void {
    window.clearTimeout(this.typingTimer);
    this.typingEl.hidden = true;
  }

  private toast(message: string): void {
    this.toastEl.replaceChildren(icon('alert'), message);
    this.toastEl.hidden = false;
    window.clearTimeout(this.toastTimer);
    this.toastTimer = window.setTimeout(() => {
      this.toastEl.hidden = true;
    }, 3500);
  }

  private zoom(url: string): void {
    this.lightbox.replaceChildren(h('img', { src: url, alt: this.t('imageAlt') }));
    this.lightbox.hidden = false;
  }

  private autosize(): void {
    const el = this.input;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 120)}px`;
    const n = el.value.trim().length;
    this.sendBtn.disabled = n === 0;
    this.counter.textContent = n > MAX_TEXT - 200 ? `${n}/${MAX_TEXT}` : '';
    this.counter.classList.toggle('over', n > MAX_TEXT);
  }

  // ---- rendering ----

  private render(forceScroll = false): void {
    const t = this.t;
    const status = this.conn.status;
    const live = status === 'ready' || status === 'resuming';

    // header
    let sub: string;
    let dot = 'dot';
    if (this.fatal) {
      sub = t('offline');
      dot = 'dot off';
    } else if (!this.conn.hasBeenReady) {
      sub = t('connecting');
      dot = 'dot wait';
    } else if (this.conv === 'active' && this.agentName) {
      sub = t('serving', { name: this.agentName });
    } else if (this.conv === 'bot') {
      sub = t('botServing');
    } else if (this.conv === 'queued') {
      sub = t('queued');
      dot = 'dot wait';
    } else if (this.agentsOnline === 0) {
      sub = t('offline');
      dot = 'dot off';
    } else {
      sub = t('online');
    }
    this.sub.textContent = sub;
    this.dot.className = dot;
    // 结束 while a conversation is open; 评价 for a closed one not rated yet
    const open = this.conv === 'closed' ? null : this.conn.conversationId;
    const rt = this.rateTarget;
    this.endBtn.hidden = open === null && (rt === null || this.rated.has(rt) || this.declined.has(rt));
    this.endBtn.textContent = open === null ? t('rate') : t('end');
    this.humanBtn.hidden = this.conv !== 'bot';

    // banner: a fatal problem, then reconnecting, then the queue
    if (this.fatal) {
      this.banner.className = 'banner warn';
      this.banner.replaceChildren(icon('alert'), this.fatal);
      this.banner.hidden = false;
    } else if (this.conn.hasBeenReady && !live && status !== 'stopped') {
      this.banner.className = 'banner warn';
      this.banner.replaceChildren(h('i', { class: 'spin' }), t('reconnecting'));
      this.banner.hidden = false;
    } else if (this.conv === 'queued' && this.queuePos !== null) {
      const ahead = Math.max(0, this.queuePos - 1);
      this.banner.className = 'banner';
      this.banner.replaceChildren(h('i', { class: 'spin' }), ahead ? t('queue', { n: ahead }) : t('queueNext'));
      this.banner.hidden = false;
    } else {
      this.banner.hidden = true;
    }

    this.composer.hidden = this.leave !== 'off' || this.fatal !== null;

    // messages, keyed: only changed items are rebuilt
    const items = this.store.list();
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
    this.afterRender();
  }

  private scrollDown(): void {
    requestAnimationFrame(() => {
      this.body.scrollTop = this.body.scrollHeight;
      this.stick = true;
    });
  }

  /** Read receipts and the unread count. */
  private afterRender(): void {
    const items = this.store.list();
    const looking = this.visible && document.visibilityState === 'visible';
    const convId = this.conn.conversationId;
    if (looking) {
      let maxSeq = 0;
      for (const it of items) {
        this.seenKeys.add(it.key);
        if (it.conversationId === convId && it.sender !== 'shopper' && it.seq !== null && it.seq > maxSeq) maxSeq = it.seq;
      }
      if (convId !== null && maxSeq > 0) {
        this.conn.read(maxSeq);
        if (!this.seen || this.seen.id !== convId || this.seen.seq < maxSeq) {
          this.seen = { id: convId, seq: maxSeq };
          this.opts.storage.set(this.key('seen'), JSON.stringify(this.seen));
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
    this.opts.onUnread?.(unread, last);
  }

  private hasOwnMessages(): boolean {
    return this.store.list().some((i) => i.sender === 'shopper');
  }

  private key(name: string): string {
    return `kefu.${this.opts.shop}.${name}`;
  }
}

function readSeen(text: string | null): { id: number; seq: number } | null {
  try {
    const v = text ? (JSON.parse(text) as { id: number; seq: number }) : null;
    return v && typeof v.id === 'number' && typeof v.seq === 'number' ? v : null;
  } catch {
    return null;
  }
}
