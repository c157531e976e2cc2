import { DESK_ROLES, LEAD_ROLES } from '@kefu/domain';
import { AgentFrame, type ToAgentFrame } from '@kefu/protocol/chat/agent';
import { ShopperFrame, type ToShopperFrame } from '@kefu/protocol/chat/shopper';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { principalFromApiToken, principalFromSession } from '../auth/service.ts';
import { logSmsGateway } from '../channels/sms/gateway.ts';
import { conversationFor, visitorConversation } from '../conversations/access.ts';
import type { ChatService } from '../conversations/chat-service.ts';
import { onlineAgentCount, queuePositions } from '../conversations/dispatch.ts';
import { presentShopperConversation } from '../conversations/presenter.ts';
import type { StoredMessage } from '../conversations/store.ts';
import { codeLimits, requestCode, VerificationError, verifyCode, type CodeSenders } from '../conversations/verification.ts';
import { conversationQuery, conversationsOf } from '../conversations/views.ts';
import { createVisitor, identifyBySignature, shopByKey, visitorByToken } from '../conversations/visitors.ts';
import type { AppContext } from '../http/context.ts';
import { forbidden } from '../http/errors.ts';
import { SESSION_COOKIE } from '../http/guard.ts';
import { holdEarlyFrames, sendError, sendFrame, serveFrames } from './connection.ts';
import type { Peer } from './hub.ts';

const MAX_CONNECTIONS_PER_IP = 30;

export function chatSockets(app: FastifyInstance, ctx: AppContext, chat: ChatService): void {
  const hub = chat.hub;
  const log = (err: unknown) => app.log.error({ err }, 'chat frame failed');
  const devSms = logSmsGateway(app.log);
  // Read at each request: a gateway may be plugged in after start (ctx.sms), and tests do so.
  const codeSenders = (): CodeSenders => ({
    sms: ctx.sms ?? (ctx.config.SMS_DEV_LOG ? devSms : null),
    email: Boolean(ctx.config.SMTP_URL),
    onSmsFailure: (err) => app.log.warn({ err }, 'a shopper code SMS could not be sent'),
  });

  /** Counts the connection against its IP; refuses it (error frame, close 1008) when there are too many. */
  function admitted(socket: WebSocket, ip: string): boolean {
    if (hub.admit(ip, MAX_CONNECTIONS_PER_IP)) {
      socket.on('close', () => hub.release(ip));
      return true;
    }
    sendError(socket, 'too_many_connections', `at most ${MAX_CONNECTIONS_PER_IP} connections per address`);
    socket.close(1008, 'too many connections');
    return false;
  }

  app.get(
    '/ws/shopper',
    { websocket: true, config: { public: true }, schema: { hide: true } },
    async (socket: WebSocket, request: FastifyRequest) => {
      const early = holdEarlyFrames(socket);
      if (!admitted(socket, request.ip)) return;
      const query = request.query as { shop?: string; visitor?: string };
      const shop = query.shop ? await shopByKey(ctx.db, query.shop) : undefined;
      if (!shop) {
        sendError(socket, 'not_found', 'unknown shop key');
        return socket.close(1008, 'unknown shop');
      }
      const known = query.visitor ? await visitorByToken(ctx.db, shop.id, query.visitor) : undefined;
      const { visitor: me, token } = known && query.visitor ? { visitor: known, token: query.visitor } : await createVisitor(ctx.db, shop.id);
      const peer: Peer = { socket, kind: 'visitor', id: me.id, supervisor: false };
      hub.add(peer);
      socket.on('close', () => hub.remove(peer));
      const reply = (frame: ToShopperFrame) => sendFrame(socket, frame);

      // A refused proof is answered with its own code (code_wrong, rate_limited…) and details (triesLeft, retryAfterSeconds).
      const refuse = (err: unknown) => {
        if (!(err instanceof VerificationError)) throw err;
        const { triesLeft, retryAfterSeconds } = err.details as { triesLeft?: number; retryAfterSeconds?: number };
        reply({
          type: 'error',
          code: err.code,
          message: err.message,
          ...(triesLeft !== undefined && { triesLeft }),
          ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
        });
      };
      serveFrames(
        socket,
        ShopperFrame,
        async (frame) => {
          switch (frame.type) {
            case 'send': {
              const message = await chat.messages.fromShopper(shop, me, frame);
              return reply({ type: 'ack', clientId: frame.clientId, conversationId: message.conversationId, seq: message.seq, at: message.at });
            }
            case 'resume': {
              await visitorConversation(ctx.db, me.id, frame.conversationId);
              return sendCatchUp(reply, frame.conversationId, await chat.catchUp(frame.conversationId, frame.afterSeq, false));
            }
            case 'typing':
              return chat.signals.typing('shopper', frame.conversationId, me.name, me.id);
            case 'read':
              return chat.signals.markRead('shopper', frame.conversationId, frame.seq, me.id);
            case 'rate': {
              await chat.shoppers.rate(me.id, frame.conversationId, frame.score, frame.comment);
              return reply({ type: 'rated', conversationId: frame.conversationId, score: frame.score });
            }
            case 'close':
              return chat.routing.close(null, frame.conversationId, 'shopper_left', me.id);
            case 'feedback': {
              await chat.bot.feedback(me.id, frame.answerId, frame.helpful);
              return reply({ type: 'feedback_saved', answerId: frame.answerId, helpful: frame.helpful });
            }
            // Only proof links a shopper to a customer file and tells them its name: the shop's signature or a code.
            case 'identify':
            case 'verify': {
              let customer: { id: number; name: string };
              try {
                customer =
                  frame.type === 'identify'
                    ? await identifyBySignature(ctx.db, shop, me, frame.identity)
                    : await verifyCode(ctx.db, { visitor: me, ip: request.ip }, frame.code, codeLimits(ctx.config));
              } catch (err) {
                return refuse(err);
              }
              me.customer_id = customer.id;
              me.name = customer.name;
              await chat.shoppers.tellAgentAbout(me.id);
              return reply({ type: 'identified', customerId: customer.id, name: customer.name });
            }
            case 'request_code': {
              try {
                const sent = await requestCode(ctx.db, shop, { visitor: me, ip: request.ip }, frame, codeSenders(), codeLimits(ctx.config));
                return reply({ type: 'code_sent', ...sent });
              } catch (err) {
                return refuse(err);
              }
            }
            case 'leave_message': {
              const ticket = await chat.shoppers.leaveMessage(me, frame);
              return reply({ type: 'left', ticketNumber: ticket.number });
            }
          }
        },
        log,
      );

      const [open] = await conversationsOf(
        conversationQuery(ctx.db)
          .where('c.visitor_id', '=', me.id)
          .where('c.status', '<>', 'closed')
          .orderBy('c.created_at', 'desc')
          .orderBy('c.id', 'desc')
          .limit(1),
      );
      reply({
        type: 'welcome',
        visitor: { token, customerId: me.customer_id, name: me.name },
        conversation: open ? presentShopperConversation(open) : null,
        agentsOnline: await onlineAgentCount(ctx.db),
      });
      if (open?.status === 'queued') {
        const position = (await queuePositions(ctx.db)).find((q) => q.conversationId === open.id)?.position;
        if (position) reply({ type: 'queue', conversationId: open.id, position });
      }
      // Frames are handled only now, after the welcome: a client's first frames never race the set-up.
      early.release();
    },
  );

  app.get('/ws/agent', { websocket: true, config: { public: true }, schema: { hide: true } }, async (socket: WebSocket, request: FastifyRequest) => {
    const early = holdEarlyFrames(socket);
    if (!admitted(socket, request.ip)) return;
    const { token, presence: keepPresence } = request.query as { token?: string; presence?: string };
    const session = request.cookies[SESSION_COOKIE];
    const agent = token ? await principalFromApiToken(ctx.db, token) : session ? await principalFromSession(ctx.db, session) : null;
    if (!agent || !DESK_ROLES.includes(agent.role)) {
      sendError(socket, agent ? 'forbidden' : 'unauthorized', agent ? 'only agents, supervisors and admins chat' : 'log in first');
      return socket.close(1008, 'unauthorized');
    }
    const peer: Peer = { socket, kind: 'agent', id: agent.id, supervisor: LEAD_ROLES.includes(agent.role) };
    hub.add(peer);
    const counted = chat.presence.socketOpened(agent.id);
    socket.on('close', () => {
      chat.collision.drop(peer);
      if (hub.remove(peer)) counted.then(() => chat.presence.socketsClosed(agent)).catch(log);
    });
    await counted;
    const reply = (frame: ToAgentFrame) => sendFrame(socket, frame);

    serveFrames(
      socket,
      AgentFrame,
      async (frame) => {
        switch (frame.type) {
          case 'send': {
            const message = await chat.messages.fromAgent(agent, frame);
            return reply({ type: 'ack', clientId: frame.clientId, conversationId: message.conversationId, seq: message.seq, at: message.at });
          }
          case 'resume': {
            await conversationFor(ctx.db, agent, frame.conversationId, 'read');
            return sendCatchUp(reply, frame.conversationId, await chat.catchUp(frame.conversationId, frame.afterSeq, true));
          }
          case 'typing':
            return chat.signals.typing('agent', frame.conversationId, agent.displayName, agent);
          case 'read':
            return chat.signals.markRead('agent', frame.conversationId, frame.seq, agent);
          case 'status':
            return reply({ type: 'presence', ...(await chat.presence.set(agent, frame.status)) });
          case 'accept':
            return chat.routing.accept(agent, frame.conversationId);
          case 'transfer':
            return chat.routing.transfer(agent, frame.conversationId, { agentId: frame.toAgentId, groupId: frame.toGroupId }, frame.note);
          case 'close':
            return chat.routing.close(agent, frame.conversationId, frame.reason);
          case 'ticket_presence':
            return chat.collision.report(peer, agent, frame.ticketId, frame.state);
          // Monitoring is the leads' (conversationAccess lets them read every conversation; an agent would get 403).
          case 'watch': {
            if (!peer.supervisor) throw forbidden('only supervisors and admins monitor conversations');
            if (frame.conversationId) await conversationFor(ctx.db, agent, frame.conversationId, 'read');
            peer.watching = frame.conversationId;
            return;
          }
          case 'take_over': {
            if (!peer.supervisor) throw forbidden('only supervisors and admins take conversations over');
            return chat.routing.transfer(agent, frame.conversationId, { agentId: agent.id });
          }
        }
      },
      log,
    );

    // Opening the workspace puts an offline agent online; supervisors and admins choose for themselves. A client
    // connected only to be told things (`?presence=keep`: the web app on every page) leaves the status as it is.
    const presence = await chat.presence.of(agent.id);
    const goesOnline = presence.status === 'offline' && agent.role === 'agent' && keepPresence !== 'keep';
    const conversations = await conversationsOf(
      conversationQuery(ctx.db).where('c.agent_id', '=', agent.id).where('c.status', '=', 'active').orderBy('c.id'),
    );
    reply({
      type: 'welcome',
      agent: {
        id: agent.id,
        name: agent.displayName,
        role: agent.role,
        status: goesOnline ? 'online' : presence.status,
        maxChats: presence.maxChats,
      },
      conversations,
    });
    if (goesOnline) await chat.presence.set(agent, 'online');
    early.release();
  });
}

/** A resume's answer: the missed messages, then `resumed` with the seq the client now has everything up to. */
function sendCatchUp(
  reply: (frame: Extract<ToShopperFrame, { type: 'message' | 'resumed' }>) => void,
  conversationId: number,
  caught: { messages: StoredMessage[]; lastSeq: number; more: boolean },
): void {
  for (const m of caught.messages) reply({ type: 'message', ...m });
  reply({ type: 'resumed', conversationId, lastSeq: caught.lastSeq, ...(caught.more && { more: true as const }) });
}
