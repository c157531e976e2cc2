// Frames of /ws/shopper: the types of the one contract, @kefu/protocol/chat/shopper (docs/chat-protocol.md).
// Types only: the widget's bundle holds none of the schemas.

import type { Wire } from '@kefu/protocol/api/common';
import type { UploadedFile as UploadedFileSchema } from '@kefu/protocol/api/conversations';
import type { ShopperFrame, ToShopperFrame } from '@kefu/protocol/chat/shopper';
import type { z } from 'zod';

/** What the server sends, as it arrives (moments as ISO strings). */
export type ServerFrame = Wire<typeof ToShopperFrame>;
/** What the widget sends. */
export type ClientFrame = z.input<typeof ShopperFrame>;

export type MessageFrame = Extract<ServerFrame, { type: 'message' }>;
export type Conversation = NonNullable<Extract<ServerFrame, { type: 'welcome' }>['conversation']>;
export type SenderKind = MessageFrame['sender']['kind'];

export type SendFrame = Extract<ClientFrame, { type: 'send' }>;
export type PageContext = NonNullable<SendFrame['page']>;
export type MessageKind = SendFrame['kind'];
export type SignedIdentity = Extract<ClientFrame, { type: 'identify' }>['identity'];
/** Everything but messages and the connection's own frames: identify, request_code, verify, rate, close, leave_message, feedback. */
export type ControlFrame = Exclude<ClientFrame, { type: 'send' | 'resume' | 'typing' | 'read' }>;

/** POST /api/chat/files answers this. */
export type UploadedFile = Wire<typeof UploadedFileSchema>;

/** Parses one text frame; null for anything that is not an object with a string `type`. */
export function parseFrame(text: string): ServerFrame | null {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string') return v as ServerFrame;
  } catch {
    /* not JSON */
  }
  return null;
}

/** For an exhaustive `switch` over frame types: a frame added to the protocol and not handled fails the build here. */
export function unhandled(frame: never): void {
  void frame;
}
