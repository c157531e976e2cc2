// The chat panel: wires the connection and the message store to the DOM. Used by the embedded widget and by
// the full-page chat (/chat).

import { ChatForms } from './chat-forms.ts';
import { Connection, type ConnectionStatus, type KeyValueStore, type SocketFactory } from './connection.ts';
import { browserSocket, socketUrl } from './env.ts';
import { errorKey, translator, type Lang, type Translate } from './i18n.ts';
import { ImageUploads } from './image-uploads.ts';
import { unhandled, type Conversation, type PageContext, type ServerFrame, type SignedIdentity } from './protocol.ts';
import { ReadReceipts } from './read-receipts.ts';
import { MessageStore, type ChatItem } from './store.ts';
import { Composer } from './ui/composer.ts';
import { h } from './ui/dom.ts';
import { ChatHeader, type ConvState } from './ui/header.ts';
import { Lightbox, Toast } from './ui/overlays.ts';
import { Timeline } from './ui/timeline.ts';
import { MAX_TEXT } from './validate.ts';

export interface ChatAppOptions {
  origin: string;
  shop: string;
  lang: Lang;
  identity: SignedIdentity | null;
  mode: 'widget' | 'page';
  storage: KeyValueStore;
  socket?: SocketFactory;
  /** The shop page the widget sits on (page-context.ts); none on the standalone chat page. */
  page?: () => PageContext | null;
  onMinimize?(): void;
  /** Messages from the shop not yet seen by the shopper (the panel is closed or the tab hidden). */
  onUnread?(count: number, last: ChatItem | null): void;
}

export class ChatApp {
  readonly el: HTMLElement;
  readonly conn: Connection;
  readonly store = new MessageStore();
  private readonly t: Translate;

  private agentsOnline: number | null = null;
  private conv: ConvState = 'none';
  private agentName: string | null = null;
  private queuePos: number | null = null;
  /** The shop key is unknown: nothing to do but say so. */
  private fatal: string | null = null;
  private visible = false;
  private identitySent = false;
  private autoIdentify = false;
  private readonly feedbackGiven = new Map<number, boolean>();
  private readonly images: ImageUploads;
  private readonly receipts: ReadReceipts;

  // parts of the panel
  private readonly header: ChatHeader;
  private readonly timeline: Timeline;
  private readonly composer: Composer;
  private readonly forms: ChatForms;
  private readonly toast = new Toast();
  private readonly lightbox: Lightbox;

  constructor(private readonly opts: ChatAppOptions) {
    const t = (this.t = translator(opts.lang));
    this.conn = new Connection({
      url: socketUrl(opts.origin),
      shop: opts.shop,
      socket: opts.socket ?? browserSocket,
      storage: opts.storage,
      page: opts.page,
    });
    this.receipts = new ReadReceipts(opts.storage, this.key('seen'));
    this.images = new ImageUploads({
      origin: opts.origin,
      shop: opts.shop,
      conn: this.conn,
      store: this.store,
      t,
      connect: () => this.connect(),
      render: (forceScroll) => this.render(forceScroll),
      toast: (message) => this.toast.show(message),
    });

    this.header = new ChatHeader(t, {
      end: () => this.forms.openRating(true),
      toHuman: () => this.askForPerson(),
      minimize: opts.mode === 'widget' ? () => opts.onMinimize?.() : null,
    });
    this.timeline = new Timeline({
      t,
      origin: opts.origin,
      onRetry: (id) => this.images.retry(id),
      onRemove: (id) => this.images.remove(id),
      onZoom: (url) => this.lightbox.show(url),
      onFeedback: (answerId, helpful) => this.giveFeedback(answerId, helpful),
      feedback: (answerId) => this.feedbackGiven.get(answerId),
    });
    this.composer = new Composer(t, {
      send: () => this.sendText(),
      image: (file) => void this.images.send(file),
      order: () => this.forms.openOrder(),
      identify: () => this.forms.openIdentify(),
      typing: () => this.conn.typing(),
    });
    this.forms = new ChatForms({
      t,
      conn: this.conn,
      store: this.store,
      identity: opts.identity,
      composer: this.composer,
      leaveHost: this.timeline.leaveHost,
      openConversation: () => (this.conv === 'closed' ? null : this.conn.conversationId),
      connect: () => this.connect(),
      render: (forceScroll) => this.render(forceScroll),
      toast: (message) => this.toast.show(message),
    });
    this.lightbox = new Lightbox(t);

    this.el = h(
      'div',
      { class: 'panel', role: 'dialog', 'aria-label': t('title') },
      this.header.el,
      this.header.banner,
      this.timeline.el,
      this.composer.el,
      this.forms.shade,
      this.toast.el,
      this.lightbox.el,
    );
    this.el.addEventListener('click', (e) => this.composer.clicked(e.composedPath()));
    this.el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.forms.shade.hidden) this.forms.closeSheet();
    });
    document.addEventListener('visibilitychange', () => this.afterRender());

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
      if (this.forms.leave === 'off') this.composer.input.focus({ preventScroll: true });
    }
  }

  // ---- server events ----

  private onStatus(s: ConnectionStatus): void {
    this.forms.requests.onStatus(s);
    if (s !== 'ready') this.timeline.hideTyping();
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
        if (!c && this.agentsOnline === 0 && this.forms.leave === 'off' && !this.forms.leaveDismissed && !this.hasOwnMessages())
          this.forms.showLeave();
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
        if (isNew && item.sender !== 'shopper') this.timeline.hideTyping();
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
        if (f.from === 'agent') this.timeline.showTyping(f.name || this.agentName || t('kefu'));
        break;
      case 'read':
        if (f.by === 'agent') this.store.markRead(f.conversationId, f.seq);
        break;
      case 'closed':
        this.onClosed(f.conversationId);
        break;
      case 'code_sent': {
        const form = this.forms.requests.resolve('identify');
        if (form && form === this.forms.identifySheet) this.forms.identifySheet.askCode(f.to, f.via);
        break;
      }
      case 'identified': {
        const form = this.forms.requests.resolve('identify');
        const msg = t('identified');
        if (this.autoIdentify && !form) {
          this.autoIdentify = false;
          break;
        }
        this.store.notice(msg, `identified:${f.customerId}`).data = { tone: 'ok' };
        if (form) {
          form.done(msg);
          window.setTimeout(() => this.forms.closeSheet(form), 1600);
        }
        break;
      }
      case 'rated': {
        this.forms.rated.add(f.conversationId);
        const form = this.forms.requests.resolve('rate');
        this.store.notice(t('rateThanks'), `rated:${f.conversationId}`).data = { tone: 'ok' };
        if (form) {
          form.done(t('rateThanks'));
          window.setTimeout(() => this.forms.closeSheet(form), 1600);
        }
        break;
      }
      case 'left': {
        const form = this.forms.requests.resolve('leave');
        const msg = t('leaveDone', { no: f.ticketNumber });
        this.forms.leave = 'done';
        form?.done(msg, {
          label: t('leaveAgain'),
          run: () => {
            // Back to the chat: the confirmation stays in the timeline.
            this.store.notice(msg, `left:${f.ticketNumber}`).data = { tone: 'ok' };
            this.forms.hideLeave();
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
          this.toast.show(msg);
        } else if (this.forms.requests.kind) {
          this.forms.requests.fail(msg);
          if (f.code === 'rate_limited') this.toast.show(msg);
        } else if (this.autoIdentify) {
          // A stale or wrong signed identity from the shop's page: not the shopper's problem.
          this.autoIdentify = false;
        } else {
          this.toast.show(msg);
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
    if (c.rating) this.forms.rated.add(c.id);
  }

  private onClosed(id: number): void {
    if (this.conv === 'closed' && this.forms.rateTarget === id) return; // `conversation` and `closed` both say so
    this.conv = 'closed';
    this.queuePos = null;
    this.agentName = null;
    this.forms.rateTarget = id;
    this.timeline.hideTyping();
    const f = this.forms;
    if (!f.rated.has(id) && !f.declined.has(id) && f.ratingOpenFor !== id) f.openRating(false);
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
    const input = this.composer.input;
    const text = input.value.trim();
    if (!text) return;
    if (text.length > MAX_TEXT) {
      this.toast.show(this.t('tooLong', { n: MAX_TEXT }));
      return;
    }
    const f = this.conn.send('text', text);
    this.store.addLocal(f.clientId, 'text', text);
    input.value = '';
    this.composer.autosize();
    this.render(true);
  }

  // ---- rendering ----

  private render(forceScroll = false): void {
    this.header.render({
      fatal: this.fatal,
      status: this.conn.status,
      hasBeenReady: this.conn.hasBeenReady,
      conv: this.conv,
      agentName: this.agentName,
      agentsOnline: this.agentsOnline,
      queuePos: this.queuePos,
      endButton: this.forms.endButton(),
    });
    this.composer.el.hidden = this.forms.leave !== 'off' || this.fatal !== null;
    this.timeline.render(this.store.list(), forceScroll);
    this.afterRender();
  }

  /** Read receipts and the unread count. */
  private afterRender(): void {
    const looking = this.visible && document.visibilityState === 'visible';
    const { unread, last } = this.receipts.update(this.store.list(), looking, this.conn);
    this.opts.onUnread?.(unread, last);
  }

  private hasOwnMessages(): boolean {
    return this.store.list().some((i) => i.sender === 'shopper');
  }

  private key(name: string): string {
    return `kefu.${this.opts.shop}.${name}`;
  }
}
