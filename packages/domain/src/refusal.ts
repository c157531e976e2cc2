/**
 * A rule's "no", typed: `code` names the kind of refusal, `message` says why in words a person can act on.
 * The server answers each code with the status the error catalogue (@kefu/protocol/errors) gives it.
 */
export const REFUSAL_CODES = [
  /** The step belongs to another role (403). */
  'wrong_role',
  /** Not this person's to act on: another agent's conversation, another department's task (403). */
  'forbidden',
  /** The state machine has no such step from the current state (400). */
  'invalid_transition',
  /** A done task is read-only until it is reopened (409). */
  'task_done',
  /** The conversation is over (409). */
  'conversation_closed',
  /** The conversation already left the queue: someone else took it (409). */
  'conversation_taken',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal<C extends RefusalCode = RefusalCode> {
  readonly code: C;
  readonly message: string;
}

export const refusal = <C extends RefusalCode>(code: C, message: string): Refusal<C> => ({ code, message });
