/**
 * Live chat over HTTP (apps/server/src/conversations/routes.ts and scripts.ts): conversations and their messages,
 * the supervisors' overview, chat images, shops, quick replies and forbidden phrases. The conversation and
 * message objects are the chat protocol's own (chat/objects.ts), so a socket frame and a route agree.
 */
import { z } from 'zod';
import { AgentStatus, Conversation, Message } from '../chat/objects.ts';
import { RowId } from './common.ts';
import { Ticket } from './tickets.ts';

export { Conversation, Message };

export const ConversationList = z.object({ conversations: z.array(Conversation) });
export const ConversationAnswer = z.object({ conversation: Conversation });
export const MessageList = z.object({ messages: z.array(Message) });

/** POST /api/conversations/:id/ticket: the ticket filed or linked; `alreadyLinked` when the conversation had it already. */
export const FiledTicket = z.object({ ticket: Ticket, alreadyLinked: z.boolean() });

/** GET /api/chat/overview (supervisors): each group's queue, the agents' load, who waits and who is being served. */
export const ChatOverview = z.object({
  groups: z.array(
    z.object({
      id: RowId,
      name: z.string(),
      queueLength: z.number().int(),
      longestWaitSeconds: z.number().int().describe('0 when nobody waits'),
    }),
  ),
  agents: z.array(
    z.object({
      id: RowId,
      name: z.string(),
      status: AgentStatus,
      maxChats: z.number().int(),
      load: z.number().int().describe('active conversations'),
      groupIds: z.array(RowId),
    }),
  ),
  waiting: z.array(Conversation),
  active: z.array(Conversation),
});

/** POST /api/chat/files: the image's id (the body of an `image` message) and where it is served. */
export const UploadedFile = z.object({ id: z.string(), url: z.string() });
/** GET /api/chat/files/:id: the image's bytes, with its own content type (png, jpeg, gif or webp). */
export const ChatImage = z.instanceof(Uint8Array).meta({ type: 'string', format: 'binary', description: 'the image' });

export const BotSettings = z.object({ enabled: z.boolean(), threshold: z.number() });
export const BotSettingsAnswer = z.object({ bot: BotSettings });

/** A shop; its identity secret is never shown again after a rotation, only its last characters. */
export const Shop = z.object({
  id: RowId,
  key: z.string(),
  name: z.string(),
  defaultGroupId: RowId.nullable(),
  bot: BotSettings,
  identitySecretHint: z.string().describe('…abcd'),
});
export const ShopList = z.object({ shops: z.array(Shop) });
/** POST /api/shops/:id/identity-secret: the new secret, shown this once. */
export const RotatedSecret = z.object({
  shop: z.object({ id: RowId, key: z.string() }),
  identitySecret: z.string(),
  identitySecretHint: z.string(),
});

/** A quick reply (话术): shared ones are managed by supervisors, personal ones by their agent. */
export const QuickReply = z.object({
  id: RowId,
  scope: z.enum(['shared', 'personal']),
  title: z.string(),
  body: z.string(),
  shortcut: z.string().nullable(),
});
export const QuickReplyList = z.object({ quickReplies: z.array(QuickReply) });
export const QuickReplyAnswer = z.object({ quickReply: QuickReply });

/** A forbidden phrase (服务忌语) and the wording to use instead. */
export const ForbiddenPhrase = z.object({ id: RowId, phrase: z.string(), suggestion: z.string() });
export const ForbiddenPhraseList = z.object({ phrases: z.array(ForbiddenPhrase) });
export const ForbiddenPhraseAnswer = z.object({ phrase: ForbiddenPhrase });
