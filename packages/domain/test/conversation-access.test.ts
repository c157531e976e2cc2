import { describe, expect, it } from 'vitest';
import { CONVERSATION_ACTIONS, conversationAccess, type Role } from '../src/index.ts';

const ME = 7;
const OTHER = 8;
const allowed = (role: Role, status: string, agentId: number | null) =>
  CONVERSATION_ACTIONS.filter((action) => conversationAccess({ id: ME, role }, { status, agentId }, action).allowed);

describe('who may do what in a conversation', () => {
  it('lets an agent do everything in their own active conversation and nothing in a colleague’s', () => {
    expect(allowed('agent', 'active', ME)).toEqual(CONVERSATION_ACTIONS);
    expect(allowed('agent', 'active', OTHER)).toEqual([]);
    expect(conversationAccess({ id: ME, role: 'agent' }, { status: 'active', agentId: OTHER }, 'note')).toEqual({
      allowed: false,
      code: 'forbidden',
      message: 'this conversation is handled by another agent',
    });
  });

  it('lets an agent read and accept a queued conversation, nothing more', () => {
    expect(allowed('agent', 'queued', null)).toEqual(['read', 'accept']);
  });

  it('keeps closed conversations read-only history; their own agent may still file them as a ticket', () => {
    expect(allowed('agent', 'closed', OTHER)).toEqual(['read']);
    expect(allowed('agent', 'closed', null)).toEqual(['read']);
    expect(allowed('agent', 'closed', ME)).toEqual(['read', 'convert']);
    expect(conversationAccess({ id: ME, role: 'agent' }, { status: 'closed', agentId: ME }, 'send')).toMatchObject({
      allowed: false,
      code: 'conversation_closed',
    });
  });

  it('keeps agents out of conversations still with the bot', () => {
    expect(allowed('agent', 'bot', null)).toEqual([]);
  });

  it('lets supervisors and admins act on every conversation: monitor, whisper, take over', () => {
    for (const role of ['supervisor', 'admin'] as const) {
      for (const [status, agentId] of [
        ['active', OTHER],
        ['queued', null],
        ['closed', OTHER],
        ['bot', null],
      ] as const) {
        expect(allowed(role, status, agentId)).toEqual(CONVERSATION_ACTIONS);
      }
    }
  });

  it('gives the department roles nothing', () => {
    for (const role of ['warehouse', 'finance', 'tech', 'product'] as const) {
      expect(allowed(role, 'active', ME)).toEqual([]);
      expect(allowed(role, 'closed', ME)).toEqual([]);
      expect(conversationAccess({ id: ME, role }, { status: 'active', agentId: ME }, 'read')).toMatchObject({ allowed: false, code: 'wrong_role' });
    }
  });
});
