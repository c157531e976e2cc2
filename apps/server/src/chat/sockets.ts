import { DESK_ROLES, LEAD_ROLES } from '@kefu/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { principalFromApiToken, principalFromSession } from '../auth/service.ts';
import type { ChatService } from '../conversations/chat-service.ts';
import { conversationFor } from '../conversations/access.ts';
import type { StoredMessage } from '../conversations/store.ts';
import { conversationQuery, forShopper } from '../conversations/views.ts';
import { codeLimits, requestCode, VerificationError, verifyCode, type CodeSenders } from '../conversations/verification.ts';
import { createVisitor, identifyBySignature, shopByKey, visitorByToken } from '../conversations/visitors.ts';
import { onlineAgentCount, queuePositions } from '../conversations/dispatch.ts';
import { logSmsSender } from '../channels/sms.ts';
import type { AppContext } from '../http/context.ts';
import { SESSION_COOKIE } from '../http/guard.ts';
import { holdEarlyFrames, sendError, sendFrame, serveFrames } from './connection.ts';
import { AgentFrame, ShopperFrame } from './frames.ts';
import type { Peer } from './hub.ts';

const MAX_CONNECTIONS_PER_IP = 30;

export function chatSockets(app: FastifyInstance, ctx: AppContext, chat: ChatService): void {
  const hub = chat.hub;
  const log = (err: unknown) => app.log.error({ err }, 'chat frame failed');
  const devSms = logSmsSender(app.log);
  // Read at each request: a gateway may be plugged in after start (ctx.sms), and tests do so.
  const codeSenders = (): CodeSenders => ({
    sms: ctx.sms ?? (ctx.config.SMS_DEV_LOG ? devSms : null), email: Boolean(ctx.config.SMTP_URL),
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

  app.get('/ws/shopper', { websocket: true, config: { public: true }, schema: { hide: true } }, async (socket: WebSocket, request: FastifyRequest) => {
    const early = holdEarlyFrames(socket);
    if (!admitted(socket, request.ip)) return;
    const query = request.query as { shop?: string; visitor?: string };
    const shop = query.shop ? await shopByKey(ctx.db, query.shop) : undefined;
    if (!shop) {
      sendError(socket, 'not_found', 'unknown shop key');
      return socket.close(1008, 'unknown shop');
    }
    let visitor = query.visitor ? await visitorByToken(ctx.db, shop.id, query.visitor) : undefined;
    let token = query.visitor;
    if (!visitor) ({ visitor, token } = await createVisitor(ctx.db, shop.id));
    const peer: Peer = { socket, kind: 'visitor', id: visitor.id, supervisor: false };
    hub.add(peer);
    socket.on('close', () => hub.remove(peer));
    const me = visitor;

    // A refused proof is answered with its own code (code_wrong, rate_limited…) and details (triesLeft, retryAfterSeconds).
    const refuse = (err: unknown) => {
      if (!(err instanceof VerificationError)) throw err;
      sendFrame(socket, { type: 'error', code: err.code, message: err.message, ...err.details });
    };
    serveFrames(socket, ShopperFrame, async (frame) => {
      switch (frame.type) {
        case 'send': {
          const message = await chat.shopperSend(shop, me, frame);
          return sendFrame(socket, { type: 'ack', clientId: frame.clientId, conversationId: message.conversationId, seq: message.seq, at: message.at });
        }
        case 'resume': {
          await chat.conversationOfVisitor(me.id, frame.conversationId);
          return sendCatchUp(socket, frame.conversationId, await chat.catchUp(frame.conversationId, frame.afterSeq, false));
        }
        case 'typing': return chat.typing('shopper', frame.conversationId, me.name, me.id);
        case 'read': return chat.markRead('shopper', frame.conversationId, frame.seq, me.id);
        case 'rate': {
          await chat.rate(me.id, frame.conversationId, frame.score, frame.comment);
          return sendFrame(socket, { type: 'rated', conversationId: frame.conversationId, score: frame.score });
        }
        case 'close': return chat.close(null, frame.conversationId, 'shopper_left', me.id);
        case 'feedback': {
          await chat.botFeedback(me.id, frame.answerId, frame.helpful);
          return sendFrame(socket, { type: 'feedback_saved', answerId: frame.answerId, helpful: frame.helpful });
        }
        // Only proof links a shopper to a customer file and tells them its name: the shop's signature or a code.
        case 'identify':
        case 'verify': {
          let customer: { id: number; name: string };
          try {
            customer = frame.type === 'identify'
              ? await identifyBySignature(ctx.db, shop, me, frame.identity)
              : await verifyCode(ctx.db, { visitor: me, ip: request.ip }, frame.code, codeLimits(ctx.config));
          } catch (err) {
            return refuse(err);
          }
          me.customer_id = customer.id;
          me.name = customer.name;
          await chat.tellAgentAbout(me.id);
          return sendFrame(socket, { type: 'identified', customerId: customer.id, name: customer.name });
        }
        case 'request_code': {
          try {
            const sent = await requestCode(ctx.db, shop, { visitor: me, ip: request.ip }, frame, codeSenders(), codeLimits(ctx.config));
            return sendFrame(socket, { type: 'code_sent', ...sent });
          } catch (err) {
            return refuse(err);
          }
        }
        case 'leave_message': {
          const ticket = await chat.leaveMessage(me, frame);
          return sendFrame(socket, { type: 'left', ticketNumber: ticket.number });
        }
      }
    }, log);

    const open = await conversationQuery(ctx.db).where('c.visitor_id', '=', visitor.id).where('c.status', '<>', 'closed')
      .orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(1).executeTakeFirst();
    sendFrame(socket, {
      type: 'welcome', visitor: { token, customerId: visitor.customer_id, name: visitor.name },
      conversation: open ? forShopper(open) : null, agentsOnline: await onlineAgentCount(ctx.db),
    });
    if (open?.status === 'queued') {
      const position = (await queuePositions(ctx.db)).find((q) => q.conversationId === open.id)?.position;
      if (position) sendFrame(socket, { type: 'queue', conversationId: open.id, position });
    }
    // Frames are handled only now, after the welcome: a client's first frames never race the set-up.
    early.release();
  });

  app.get('/ws/agent', { websocket: true, config: { public: true }, schema: { hide: true } }, async (socket: WebSocket, request: FastifyRequest) => {
    const early = holdEarlyFrames(socket);
    if (!admitted(socket, request.ip)) return;
    const token = (request.query as { token?: string }).token;
    const session = request.cookies[SESSION_COOKIE];
    const agent = token ? await principalFromApiToken(ctx.db, token) : session ? await principalFromSession(ctx.db, session) : null;
    if (!agent || !DESK_ROLES.includes(agent.role)) {
      sendError(socket, agent ? 'forbidden' : 'unauthorized', agent ? 'only agents, supervisors and admins chat' : 'log in first');
      return socket.close(1008, 'unauthorized');
    }
    const peer: Peer = { socket, kind: 'agent', id: agent.id, supervisor: LEAD_ROLES.includes(agent.role) };
    hub.add(peer);
    socket.on('close', () => {
      if (hub.remove(peer)) chat.setStatus(agent, 'offline').catch(log);
    });

    serveFrames(socket, AgentFrame, async (frame) => {
      switch (frame.type) {
        case 'send': {
          const message = await chat.agentSend(agent, frame);
          return sendFrame(socket, { type: 'ack', clientId: frame.clientId, conversationId: message.conversationId, seq: message.seq, at: message.at });
        }
        case 'resume': {
          await conversationFor(ctx.db, agent, frame.conversationId, 'read');
          return sendCatchUp(socket, frame.conversationId, await chat.catchUp(frame.conversationId, frame.afterSeq, true));
        }
        case 'typing': return chat.typing('agent', frame.conversationId, agent.displayName, agent);
        case 'read': return chat.markRead('agent', frame.conversationId, frame.seq, agent);
        case 'status': return sendFrame(socket, { type: 'presence', ...(await chat.setStatus(agent, frame.status, frame.maxChats)) });
        case 'accept': return chat.accept(agent, frame.conversationId);
        case 'transfer': return chat.transfer(agent, frame.conversationId, { agentId: frame.toAgentId, groupId: frame.toGroupId }, frame.note);
        case 'close': return chat.close(agent, frame.conversationId, frame.reason);
      }
    }, log);

    // Opening the workspace puts an offline agent online; supervisors and admins choose for themselves.
    const presence = await chat.presenceOf(agent.id);
    const goesOnline = presence.status === 'offline' && agent.role === 'agent';
    const conversations = await conversationQuery(ctx.db).where('c.agent_id', '=', agent.id).where('c.status', '=', 'active').orderBy('c.id').execute();
    sendFrame(socket, { type: 'welcome', agent: { id: agent.id, name: agent.displayName, role: agent.role, status: goesOnline ? 'online' : presence.status, maxChats: presence.maxChats }, conversations });
    if (goesOnline) await chat.setStatus(agent, 'online');
    early.release();
  });
}

/** A resume's answer: the missed messages, then `resumed` with the seq the client now has everything up to. */
function sendCatchUp(socket: WebSocket, conversationId: number, caught: { messages: StoredMessage[]; lastSeq: number; more: boolean }): void {
  for (const m of caught.messages) sendFrame(socket, { type: 'message', ...m });
  sendFrame(socket, { type: 'resumed', conversationId, lastSeq: caught.lastSeq, ...(caught.more && { more: true }) });
}
