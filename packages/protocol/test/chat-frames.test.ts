/** The chat schemas: what clients may send (the limits and messages the server answers with), and how server frames travel. */
import { AGENT_STATUSES, CONVERSATION_STATUSES } from '@kefu/domain';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AgentFrame, ToAgentFrame } from '../src/chat/agent.ts';
import { MAX_TEXT } from '../src/chat/common.ts';
import { AgentStatus, Conversation } from '../src/chat/objects.ts';
import { ShopperFrame, ToShopperFrame } from '../src/chat/shopper.ts';

const firstIssue = (schema: z.ZodType, frame: unknown) => {
  const issue = schema.safeParse(frame).error?.issues[0];
  return issue && `${issue.path.join('.')}: ${issue.message}`;
};

describe('frames from clients', () => {
  const send = { type: 'send', clientId: 'c-12345678', kind: 'text', body: '你好' };

  it('takes a well-formed frame of each side, trimming the text', () => {
    expect(ShopperFrame.parse({ ...send, body: '  你好  ' })).toEqual(send);
    expect(AgentFrame.parse({ ...send, conversationId: 3, kind: 'note' })).toMatchObject({ kind: 'note' });
  });

  it('names the field and the reason of a refusal', () => {
    expect(firstIssue(ShopperFrame, { ...send, body: 'x'.repeat(MAX_TEXT + 1) })).toMatch(/^body: /);
    expect(firstIssue(ShopperFrame, { type: 'resume', conversationId: -5, afterSeq: 0 })).toBe('conversationId: must be a positive integer id');
    expect(firstIssue(AgentFrame, { type: 'accept', conversationId: 2 ** 31 })).toBe('conversationId: must be a positive integer id');
    expect(firstIssue(ShopperFrame, { type: 'verify', code: '12345' })).toBe('code: six digits');
    expect(firstIssue(ShopperFrame, { type: 'request_code', phone: '138\u0000' })).toBe('phone: no control characters');
    expect(firstIssue(AgentFrame, { type: 'status', status: 'sleeping' })).toMatch(/^status: /);
  });

  it('keeps each side to its own frames and kinds', () => {
    expect(ShopperFrame.safeParse({ type: 'accept', conversationId: 1 }).success).toBe(false);
    expect(ShopperFrame.safeParse({ ...send, kind: 'note' }).success).toBe(false);
    expect(AgentFrame.safeParse({ type: 'verify', code: '123456' }).success).toBe(false);
  });
});

describe('frames from the server', () => {
  const at = new Date('2026-11-11T08:00:00.000Z');
  const message = {
    type: 'message' as const,
    conversationId: 7,
    seq: 3,
    clientId: null,
    kind: 'text' as const,
    body: '在的',
    data: {},
    sender: { kind: 'agent' as const, id: 2, name: '小美' },
    at,
  };

  it('are built with Date moments and read as ISO strings, as JSON.stringify writes them', () => {
    const wire = z.encode(ToShopperFrame, message);
    expect(wire).toEqual({ ...message, at: '2026-11-11T08:00:00.000Z' });
    expect(JSON.parse(JSON.stringify(message))).toEqual(wire);
    expect(ToAgentFrame.parse(wire)).toEqual(message);
  });

  it('say which statuses a conversation and an agent can have, as the domain rules do', () => {
    expect(Conversation.shape.status.options).toEqual([...CONVERSATION_STATUSES]);
    expect(AgentStatus.options).toEqual([...AGENT_STATUSES]);
    expect(ToAgentFrame.safeParse({ type: 'presence', status: 'sleeping', maxChats: 5 }).success).toBe(false);
  });
});
