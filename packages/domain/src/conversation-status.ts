import { refusal, type Refusal } from './refusal.ts';

/**
 * The life of a live-chat conversation: which status it may go to, by which act.
 * - A conversation starts with the service bot (`bot`, when the shop has it on) or in the queue (`queued`).
 * - The bot hands it over to the queue; an agent accepts it, or the dispatcher assigns it (`active`).
 * - Staff transfer an open conversation to an agent (`active`) or to a group's queue (`queued`).
 * - Any open conversation can be closed; a closed one stays closed (a shopper who writes again starts a new one).
 */
export const CONVERSATION_STATUSES = ['bot', 'queued', 'active', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/**
 * hand_over: the bot gives the conversation to a person; accept: an agent takes it from the queue;
 * assign: the dispatcher gives it to an agent; transfer_to_agent / transfer_to_group: moved by staff; close: ended.
 */
export const CONVERSATION_ACTS = ['hand_over', 'accept', 'assign', 'transfer_to_agent', 'transfer_to_group', 'close'] as const;
export type ConversationAct = (typeof CONVERSATION_ACTS)[number];

const OPEN: readonly ConversationStatus[] = ['bot', 'queued', 'active'];

/** From which statuses each act may start, and where it leads. */
const TRANSITIONS: Record<ConversationAct, { from: readonly ConversationStatus[]; to: ConversationStatus }> = {
  hand_over: { from: ['bot'], to: 'queued' },
  accept: { from: ['queued'], to: 'active' },
  assign: { from: ['queued'], to: 'active' },
  transfer_to_agent: { from: OPEN, to: 'active' },
  transfer_to_group: { from: OPEN, to: 'queued' },
  close: { from: OPEN, to: 'closed' },
};

/**
 * `conversation_closed`: the conversation is over; `conversation_taken`: it already left the queue (someone else took it);
 * `invalid_transition`: not in the status the act needs.
 */
export type StatusRefusal = { ok: false } & Refusal<'conversation_closed' | 'conversation_taken' | 'invalid_transition'>;
export type StatusChange = { ok: true; status: ConversationStatus } | StatusRefusal;

/** Where `act` takes a conversation that is `status`, or why it may not. */
export function statusAfter(status: string, act: ConversationAct): StatusChange {
  const { from, to } = TRANSITIONS[act];
  if (from.includes(status as ConversationStatus)) return { ok: true, status: to };
  if (status === 'closed') return { ok: false, ...refusal('conversation_closed', 'the conversation is closed') };
  if (act === 'accept' || act === 'assign') return { ok: false, ...refusal('conversation_taken', 'someone else has taken this conversation') };
  return { ok: false, ...refusal('invalid_transition', `a conversation that is ${status} cannot be ${act.replaceAll('_', ' ')}`) };
}

/**
 * The statuses `act` may start from and the one it leads to: for an update that must find the conversation still
 * there, e.g. `update … set status = to where status in (from)`, so two processes never both move it.
 */
export function transition(act: ConversationAct): { from: readonly ConversationStatus[]; to: ConversationStatus } {
  return TRANSITIONS[act];
}

/** How a new conversation starts: with the service bot when the shop has it on, else in the queue. */
export function openingStatus(withBot: boolean): 'bot' | 'queued' {
  return withBot ? 'bot' : 'queued';
}

/** Open: not closed. Messages, typing and moves happen only in an open conversation. */
export function isOpen(status: string): boolean {
  return OPEN.includes(status as ConversationStatus);
}
