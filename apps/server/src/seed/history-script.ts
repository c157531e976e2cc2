import type { SlaPolicy, SlaSubject } from '@kefu/domain';
import type { Row } from './bulk.ts';
import { planPast, stoppedClock } from './history-clocks.ts';

/**
 * One past conversation written message by message, as the chat would have stored it (conversations/store.ts): every
 * message gets the next seq; a shopper's message that makes them wait starts the chat response clock, and the first
 * bot or agent answer after it carries `response_ms` and meets the clock; notes and system lines answer nobody.
 */
export class ChatScript {
  readonly messages: Row[] = [];
  readonly clocks: Row[] = [];
  at: number;
  firstResponseAt: number | null = null;
  private waitingSince: number | null = null;

  constructor(
    private readonly conversationId: number,
    private readonly visitorId: number,
    openedAt: number,
    private readonly policies: readonly SlaPolicy[],
    private readonly attrs: SlaSubject,
    /** Nothing happens after this (now): the last chats before it are simply quicker. */
    private readonly latest: number,
  ) {
    this.at = openedAt;
  }

  get seq() {
    return this.messages.length;
  }

  /** Time passes: `ms` later (at least a second), never past `latest`. */
  wait(ms: number): this {
    this.at = Math.min(this.at + Math.max(1000, Math.round(ms)), this.latest);
    return this;
  }

  shopper(body: string, kind: 'text' | 'order' = 'text', data: Record<string, unknown> = {}): this {
    this.push('shopper', this.visitorId, kind, body, data, null);
    if (this.waitingSince === null) this.waitingSince = this.at;
    return this;
  }

  /** A bot or agent message the shopper sees: it answers them if they were waiting. */
  answer(
    sender: 'bot' | 'agent',
    senderId: number | null,
    body: string,
    data: Record<string, unknown> = {},
    kind: 'text' | 'product' = 'text',
  ): this {
    const waited = this.waitingSince;
    this.push(sender, senderId, kind, body, data, waited === null ? null : this.at - waited);
    if (waited !== null) this.clock(waited, this.at, 'met');
    this.waitingSince = null;
    if (sender === 'agent' && this.firstResponseAt === null) this.firstResponseAt = this.at;
    return this;
  }

  /** Whether the shopper is waiting for an answer now, and since when. */
  waiting(): number | null {
    return this.waitingSince;
  }

  note(body: string, data: Record<string, unknown>): this {
    this.push('bot', null, 'note', body, data, null);
    return this;
  }

  system(body: string, data: Record<string, unknown>): this {
    this.push('system', null, 'system', body, data, null);
    return this;
  }

  /** The conversation ends: a wait still open is over (its clock cancelled), as closing does. */
  close(by: 'agent' | 'shopper'): this {
    if (this.waitingSince !== null) this.clock(this.waitingSince, this.at, 'cancelled');
    this.waitingSince = null;
    return this.system('会话已结束', { code: 'closed', by });
  }

  private clock(startedAt: number, stoppedAt: number, outcome: 'met' | 'cancelled') {
    for (const planned of planPast(this.policies, this.attrs, ['chat_response'], startedAt))
      this.clocks.push(stoppedClock({ planned, subject: { kind: 'conversation', id: this.conversationId }, ticketId: null }, stoppedAt, outcome));
  }

  private push(senderKind: string, senderId: number | null, kind: string, body: string, data: Record<string, unknown>, responseMs: number | null) {
    this.messages.push({
      conversation_id: this.conversationId,
      seq: this.messages.length + 1,
      sender_kind: senderKind,
      sender_id: senderId,
      kind,
      body,
      data,
      response_ms: responseMs,
      at: new Date(this.at).toISOString(),
    });
  }
}
