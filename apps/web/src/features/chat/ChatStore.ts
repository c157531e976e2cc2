/** The chat workspace's state for one signed-in agent: fed by the agent socket, changed by what the agent does. */
import { conversationAccess, SeqTracker, type ConversationAction } from '@kefu/domain';
import { api } from '../../api.ts';
import { alertAssigned, alertMessage } from './alerts.ts';
import { focusComposer } from './focus.ts';
import { ackedMessage, withConversation, withMessages, withoutPending, withSendRefused, withSuggestions } from './incoming.ts';
import { lastSeqOf } from './logic.ts';
import { titleUnread } from './notify.ts';
import { rememberStatus, statusToKeep } from './presence.ts';
import { SlaFeed } from './sla-alerts.ts';
import { agentSocketUrl, ChatSocket, type WebSocketFactory } from './socket.ts';
import { EMPTY, unreadTotal, waitUntil, without, type ChatState } from './state.ts';
import {
  unhandled,
  type AgentStatus,
  type ChatMessage,
  type Conversation,
  type ConversationAnswer,
  type ConversationList,
  type ForbiddenPhraseList,
  type InFrame,
  type MessageList,
  type OutFrame,
  type PendingMessage,
  type QuickReplyList,
  type SendFrame,
  type UploadedFile,
} from './types.ts';

export class ChatStore {
  state: ChatState = EMPTY;
  private readonly listeners = new Set<() => void>();
  /** Screens outside the workspace reading frames of their own (a ticket's collision, the monitor's live view). */
  private readonly taps = new Set<(f: InFrame) => void>();
  private readonly socket: ChatSocket;
  private readonly typingSent = new Map<number, number>();
  /** Per conversation, the seqs this store holds (from the history, live frames and `resumed.lastSeq`). */
  private readonly held = new Map<number, SeqTracker>();
  /** Accepted from the queue: open it as soon as it is ours. */
  private wantOpen: number | null = null;
  /** The agent has opened the chat workspace in this tab: they work chats, so a reconnect puts them back online. */
  private workspaceOpen = false;
  readonly sla = new SlaFeed();

  constructor(url = `${agentSocketUrl()}?presence=keep`, factory?: WebSocketFactory) {
    this.socket = new ChatSocket(
      url,
      {
        onFrame: (f) => this.handle(f),
        onState: (connection, attempt) => {
          this.set({ connection, connectedOnce: this.state.connectedOnce || connection === 'open' });
          // Several failures in a row: maybe the session ended; /me answers 401 and the app shows the login page.
          if (connection === 'closed' && attempt === 3) api.get('/api/auth/me').catch(() => {});
        },
        resumePoints: () =>
          Object.values(this.state.conversations)
            .filter((c) => c.status !== 'closed')
            .map((c) => ({ conversationId: c.id, afterSeq: this.resumeFrom(c.id) })),
      },
      factory,
    );
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  };

  private set(patch: Partial<ChatState>) {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
    titleUnread(unreadTotal(this.state));
  }

  /** Connects on every page (SlaNotifications.tsx), leaving the status as it is (`?presence=keep`): see openWorkspace. */
  start() {
    this.socket.start();
  }

  /** The agent opened the chat workspace: its lists, and an offline agent goes online (supervisors choose themselves). */
  openWorkspace() {
    if (!this.workspaceOpen) {
      this.workspaceOpen = true;
      void this.loadScripts();
    }
    void this.refreshQueue();
    const wanted = this.state.agent && this.socket.ready && statusToKeep(this.state.agent, true);
    if (wanted) this.socket.send({ type: 'status', status: wanted });
  }

  stop() {
    this.socket.stop();
    titleUnread(0);
  }

  /** Resolves once the socket is connected and welcomed (or rejects after `ms`). */
  ready(ms = 8000): Promise<void> {
    return waitUntil(this.subscribe, () => this.state.connection === 'open', ms, 'not connected');
  }

  /**
   * Where to resume from: the end of the gap-free run of seqs held. A message that came in live before the
   * history did (a system line sent as the conversation is assigned) does not count, so the history before it is fetched.
   */
  private resumeFrom(id: number): number {
    return this.seqsOf(id).upTo;
  }

  private seqsOf(id: number): SeqTracker {
    let seqs = this.held.get(id);
    if (!seqs) this.held.set(id, (seqs = new SeqTracker()));
    return seqs;
  }

  isMine(c: Conversation): boolean {
    return c.status !== 'closed' && c.agentId === this.state.agent?.id;
  }

  /** Whether the server will let this agent do it (the same rule it applies), so no frame is sent only to be refused. */
  may(id: number, action: ConversationAction): boolean {
    const { agent, conversations } = this.state;
    const c = conversations[id] ?? this.state.queue.find((q) => q.id === id);
    if (!agent?.role || !c) return true;
    return conversationAccess({ id: agent.id, role: agent.role }, { status: c.status, agentId: c.agentId }, action).allowed;
  }

  // ---- frames from the server ----

  /** Every frame from the server, after the store took it; returns the way to stop. */
  tap = (fn: (f: InFrame) => void) => {
    this.taps.add(fn);
    return () => void this.taps.delete(fn);
  };

  private handle(f: InFrame) {
    this.take(f);
    for (const fn of this.taps) fn(f);
  }

  private take(f: InFrame) {
    const s = this.state;
    switch (f.type) {
      case 'welcome': {
        const conversations: Record<number, Conversation> = {};
        for (const c of f.conversations) conversations[c.id] = c;
        const sel = s.selectedId;
        if (sel !== null && !conversations[sel] && s.conversations[sel]) {
          conversations[sel] = s.conversations[sel];
          void this.refreshConversation(sel);
        }
        this.set({ agent: f.agent, conversations });
        // The server leaves the status as it is (?presence=keep): after a reconnect it may be offline.
        const wanted = statusToKeep(f.agent, this.workspaceOpen);
        if (wanted) this.socket.send({ type: 'status', status: wanted });
        return;
      }
      case 'message': {
        const { type: _type, ...m } = f;
        // Our own message, stored: the server's copy can come before the ack, so the pending copy goes now.
        const mine = m.clientId && m.sender.kind === 'agent' && m.sender.id === s.agent?.id ? s.pending[m.conversationId] : undefined;
        if (mine?.some((x) => x.clientId === m.clientId)) this.set({ pending: withoutPending(s.pending, m.conversationId, m.clientId!) });
        // History on first load is not news; what a reconnect's resume brings is (the agent has not seen it).
        // A seq already here (the server publishes a retried send again) is never news.
        const known = this.seqsOf(m.conversationId).holds(m.seq);
        this.addMessages(m.conversationId, [m], !known && (!this.socket.isResuming(m.conversationId) || !!s.loaded[m.conversationId]));
        return;
      }
      case 'ack': {
        const p = s.pending[f.conversationId]?.find((x) => x.clientId === f.clientId);
        this.set({ pending: withoutPending(s.pending, f.conversationId, f.clientId) });
        // The server's own `message` frame (same seq) replaces this copy when it comes.
        if (p && s.agent && !this.seqsOf(f.conversationId).holds(f.seq)) this.addMessages(f.conversationId, [ackedMessage(p, s.agent, f)], true);
        return;
      }
      case 'resumed': {
        this.seqsOf(f.conversationId).coverTo(f.lastSeq);
        const c = s.conversations[f.conversationId];
        const msgs = s.messages[f.conversationId] ?? [];
        const readSeq = s.readSeq[f.conversationId] ?? c?.agentReadSeq ?? lastSeqOf(msgs);
        this.set({ loaded: { ...s.loaded, [f.conversationId]: true }, readSeq: { ...s.readSeq, [f.conversationId]: readSeq } });
        if (c?.shopperReadSeq) this.bumpShopperRead(f.conversationId, c.shopperReadSeq);
        this.readIfShown(f.conversationId);
        return;
      }
      case 'conversation':
        this.upsertConversation(f.conversation);
        return;
      case 'closed': {
        const c = s.conversations[f.conversationId];
        if (c) this.upsertConversation({ ...c, status: 'closed', closeReason: f.reason, closedAt: new Date().toISOString() });
        this.set({ queue: this.state.queue.filter((q) => q.id !== f.conversationId) });
        return;
      }
      case 'typing':
        if (f.from === 'shopper') {
          this.set({ typingUntil: { ...s.typingUntil, [f.conversationId]: Date.now() + 5000 } });
          setTimeout(() => {
            if ((this.state.typingUntil[f.conversationId] ?? 0) <= Date.now())
              this.set({ typingUntil: without(this.state.typingUntil, f.conversationId) });
          }, 5100);
        }
        return;
      case 'read':
        if (f.by === 'shopper') this.bumpShopperRead(f.conversationId, f.seq);
        return;
      case 'suggestions': {
        const patch = withSuggestions(s, f);
        if (patch) this.set(patch);
        return;
      }
      case 'overdue':
        this.set({ overdue: { ...s.overdue, [f.conversationId]: true } });
        return;
      case 'sla':
        this.sla.receive(f);
        return;
      case 'presence':
        if (s.agent) this.set({ agent: { ...s.agent, status: f.status, maxChats: f.maxChats } });
        return;
      case 'ticket_presence':
      case 'monitored':
        return; // for the taps
      case 'error': {
        if (f.clientId) this.set({ pending: withSendRefused(s.pending, f.clientId, f.message || f.code) });
        else this.set({ lastError: { code: f.code, message: f.message, at: Date.now() } });
        return;
      }
      default:
        unhandled(f);
    }
  }

  private bumpShopperRead(id: number, seq: number) {
    if ((this.state.shopperRead[id] ?? 0) >= seq) return;
    this.set({ shopperRead: { ...this.state.shopperRead, [id]: seq } });
  }

  private addMessages(id: number, incoming: ChatMessage[], live: boolean) {
    const seqs = this.seqsOf(id);
    for (const m of incoming) seqs.receive(m.seq);
    const c = this.state.conversations[id];
    this.set(withMessages(this.state, id, incoming, live));
    if (!live) return;
    // The server does not announce identify yet: look again when an anonymous shopper writes.
    if (c && !c.customerId && incoming.some((m) => m.sender.kind === 'shopper')) this.recheckCustomer(id);
    const shopper = incoming.filter((m) => m.sender.kind === 'shopper' && m.seq > (this.state.readSeq[id] ?? 0));
    if (shopper.length === 0) return;
    if (this.readIfShown(id)) return;
    const m = shopper[shopper.length - 1]!;
    alertMessage(c, m, () => this.select(m.conversationId));
  }

  private readonly rechecked = new Map<number, number>();
  private recheckCustomer(id: number) {
    if (Date.now() - (this.rechecked.get(id) ?? 0) < 10_000) return;
    this.rechecked.set(id, Date.now());
    void this.refreshConversation(id);
  }

  private upsertConversation(c: Conversation) {
    const s = this.state;
    const known = s.conversations[c.id];
    const mine = this.isMine(c);
    if (known && this.isMine(known) && !mine) this.socket.forget(c.id);
    this.set(withConversation(s, c, mine));
    if (mine && c.id === this.wantOpen) {
      this.wantOpen = null;
      this.select(c.id);
      focusComposer();
    }
    if (mine && !(known && this.isMine(known))) {
      // Newly assigned to this agent: fetch its history and tell the agent.
      this.socket.send({ type: 'resume', conversationId: c.id, afterSeq: this.resumeFrom(c.id) });
      if (c.id !== s.selectedId || document.hidden) alertAssigned(c, () => this.select(c.id));
    }
  }

  // ---- what the agent does ----

  select(id: number | null) {
    const s = this.state;
    let conversations = s.conversations;
    // The one we leave goes away if it is no longer the agent's.
    const prev = s.selectedId !== null ? s.conversations[s.selectedId] : undefined;
    if (prev && prev.id !== id && !this.isMine(prev)) conversations = without(conversations, prev.id);
    this.set({ selectedId: id, conversations });
    if (id !== null) {
      if (!conversations[id]) void this.refreshConversation(id);
      this.readIfShown(id);
    }
  }

  /** Sends `read` for the shown conversation's last seq when the agent can see it. */
  readIfShown(id: number): boolean {
    const s = this.state;
    if (id !== s.selectedId || document.hidden) return false;
    const last = lastSeqOf(s.messages[id] ?? []);
    if (last > (s.readSeq[id] ?? 0) || (s.loaded[id] && s.readSeq[id] === undefined)) {
      this.set({ readSeq: { ...s.readSeq, [id]: last } });
      if (last > 0 && this.may(id, 'mark_read')) this.socket.send({ type: 'read', conversationId: id, seq: last });
    }
    return true;
  }

  send(conversationId: number, kind: SendFrame['kind'], body: string, data: Record<string, unknown> = {}): string {
    const clientId = crypto.randomUUID();
    const p: PendingMessage = { clientId, conversationId, kind, body, data, at: new Date().toISOString() };
    const s = this.state;
    this.set({ pending: { ...s.pending, [conversationId]: [...(s.pending[conversationId] ?? []), p] } });
    this.socket.sendMessage({ type: 'send', conversationId, clientId, kind, body });
    return clientId;
  }

  retry(p: PendingMessage) {
    const s = this.state;
    const list = (s.pending[p.conversationId] ?? []).map((x) => (x.clientId === p.clientId ? { ...x, failed: undefined } : x));
    this.set({ pending: { ...s.pending, [p.conversationId]: list } });
    this.socket.sendMessage({ type: 'send', conversationId: p.conversationId, clientId: p.clientId, kind: p.kind, body: p.body });
  }

  discard(p: PendingMessage) {
    this.socket.discard(p.clientId);
    const s = this.state;
    this.set({ pending: { ...s.pending, [p.conversationId]: (s.pending[p.conversationId] ?? []).filter((x) => x.clientId !== p.clientId) } });
  }

  async sendImage(conversationId: number, file: File) {
    const form = new FormData();
    form.append('file', file, file.name);
    const r = await api.post<UploadedFile>('/api/chat/files', form);
    this.send(conversationId, 'image', r.id, { url: r.url });
  }

  typing(conversationId: number) {
    const last = this.typingSent.get(conversationId) ?? 0;
    if (Date.now() - last < 3000 || !this.may(conversationId, 'typing')) return;
    this.typingSent.set(conversationId, Date.now());
    this.socket.send({ type: 'typing', conversationId });
  }

  command(frame: OutFrame): boolean {
    return this.socket.send(frame);
  }

  accept(id: number): boolean {
    this.wantOpen = id;
    const sent = this.socket.send({ type: 'accept', conversationId: id });
    if (sent) this.set({ queue: this.state.queue.filter((q) => q.id !== id) });
    return sent;
  }

  setStatus(status: AgentStatus) {
    if (this.socket.send({ type: 'status', status })) rememberStatus(status);
  }

  async refreshQueue() {
    try {
      const r = await api.get<ConversationList>('/api/conversations', { scope: 'queue' });
      this.set({ queue: r.conversations });
    } catch {
      /* shown as an empty queue; the next refresh tries again */
    }
  }

  async refreshConversation(id: number) {
    try {
      const r = await api.get<ConversationAnswer>(`/api/conversations/${id}`);
      this.upsertConversation(r.conversation);
      if (!this.state.loaded[id]) {
        const m = await api.get<MessageList>(`/api/conversations/${id}/messages`, { afterSeq: 0 });
        this.addMessages(id, m.messages, false);
        this.set({ loaded: { ...this.state.loaded, [id]: true } });
      }
    } catch {
      /* it stays as it was */
    }
  }

  async loadScripts() {
    const [q, f] = await Promise.allSettled([api.get<QuickReplyList>('/api/quick-replies'), api.get<ForbiddenPhraseList>('/api/forbidden-phrases')]);
    this.set({
      quickReplies: q.status === 'fulfilled' ? q.value.quickReplies : this.state.quickReplies,
      forbidden: f.status === 'fulfilled' ? f.value.phrases : this.state.forbidden,
    });
  }
}
