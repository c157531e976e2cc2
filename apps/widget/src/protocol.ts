// Frames of /ws/shopper, as described in docs/chat-protocol.md.

export type MessageKind = 'text' | 'image' | 'order';
export type SenderKind = 'shopper' | 'agent' | 'system' | 'bot';
export type ErrorCode =
  | 'bad_frame' | 'too_large' | 'rate_limited' | 'invalid' | 'not_found' | 'forbidden' | 'too_many_connections'
  | 'code_wrong' | 'code_locked' | 'code_expired' | 'too_many_tries' | 'sms_unavailable' | 'email_unavailable'
  | 'codes_unavailable' | 'sms_failed';

export interface Conversation {
  id: number;
  status: 'bot' | 'queued' | 'active' | 'closed';
  agentId?: number | null;
  agentName?: string | null;
  lastSeq?: number;
  rating?: number | null;
  closeReason?: string | null;
  /** How far the agent has read (not sent by the server yet; used when present). */
  agentReadSeq?: number;
}

export interface MessageFrame {
  type: 'message';
  conversationId: number;
  seq: number;
  clientId?: string | null;
  kind: string;
  body: string;
  data?: Record<string, unknown> | null;
  sender: { kind: SenderKind; id?: number | null; name?: string | null };
  at: string;
}

export type ServerFrame =
  | { type: 'welcome'; visitor: { token: string; customerId?: number | null; name?: string | null }; conversation: Conversation | null; agentsOnline: number }
  | { type: 'ack'; clientId: string; conversationId: number; seq: number; at: string }
  | MessageFrame
  /** `more`: a page limit cut the catch-up; resume again from lastSeq. */
  | { type: 'resumed'; conversationId: number; lastSeq: number; more?: boolean }
  | { type: 'conversation'; conversation: Conversation }
  | { type: 'queue'; conversationId: number; position: number }
  | { type: 'assigned'; conversationId: number; agent: { id: number; name: string } }
  | { type: 'typing'; conversationId: number; from: 'shopper' | 'agent'; name?: string }
  | { type: 'read'; conversationId: number; by: 'shopper' | 'agent'; seq: number }
  | { type: 'closed'; conversationId: number; reason?: string }
  /** The shopper proved who they are (signed identity or code); `name` is the customer's. */
  | { type: 'identified'; customerId: number; name?: string | null }
  /** A one-time code went out; `to` is masked (138****5678, z***@qq.com). By order number (`via: 'order'`) nothing is said about where, or whether. */
  | { type: 'code_sent'; via: 'sms' | 'email' | 'order'; to?: string; expiresInSeconds: number }
  | { type: 'rated'; conversationId: number; score: number }
  | { type: 'left'; ticketNumber: string }
  | { type: 'feedback_saved'; answerId: number; helpful: boolean }
  | { type: 'error'; code: ErrorCode | string; message?: string; clientId?: string; triesLeft?: number; retryAfterSeconds?: number };

export interface SendFrame { type: 'send'; clientId: string; kind: MessageKind; body: string }

export interface SignedIdentity { ref: string; name: string; phone?: string; ts: number; sig: string }

export type ControlFrame =
  | { type: 'identify'; identity: SignedIdentity }
  /** Exactly one of phone, email, orderNo; an order number's code goes to the contact on file. */
  | { type: 'request_code'; phone?: string; email?: string; orderNo?: string }
  | { type: 'verify'; code: string }
  | { type: 'rate'; conversationId: number; score: number; comment?: string }
  /** The shopper ends the conversation (结束); the server answers `closed`. */
  | { type: 'close'; conversationId: number }
  | { type: 'leave_message'; body: string; name?: string; phone?: string; email?: string }
  /** 👍/👎 on one of the bot's answers. */
  | { type: 'feedback'; answerId: number; helpful: boolean };

export type ClientFrame =
  | SendFrame
  | ControlFrame
  | { type: 'resume'; conversationId: number; afterSeq: number }
  | { type: 'typing'; conversationId: number }
  | { type: 'read'; conversationId: number; seq: number };

/** Parses one text frame; null for anything that is not an object with a string `type`. */
export function parseFrame(text: string): ServerFrame | null {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string') return v as ServerFrame;
  } catch { /* not JSON */ }
  return null;
}
