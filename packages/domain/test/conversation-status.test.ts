import { describe, expect, it } from 'vitest';
import {
  CONVERSATION_ACTS,
  CONVERSATION_STATUSES,
  openingStatus,
  isOpen,
  statusAfter,
  transition,
  type ConversationAct,
  type ConversationStatus,
} from '../src/index.ts';

/** Every (status, act) pair the machine allows, as "status --act--> next". */
function allowedMoves(): string[] {
  const moves: string[] = [];
  for (const status of CONVERSATION_STATUSES) {
    for (const act of CONVERSATION_ACTS) {
      const change = statusAfter(status, act);
      if (change.ok) moves.push(`${status} --${act}--> ${change.status}`);
    }
  }
  return moves;
}

describe('the conversation status machine', () => {
  it('allows exactly these moves', () => {
    expect(allowedMoves()).toEqual([
      'bot --hand_over--> queued',
      'bot --transfer_to_agent--> active',
      'bot --transfer_to_group--> queued',
      'bot --close--> closed',
      'queued --accept--> active',
      'queued --assign--> active',
      'queued --transfer_to_agent--> active',
      'queued --transfer_to_group--> queued',
      'queued --close--> closed',
      'active --transfer_to_agent--> active',
      'active --transfer_to_group--> queued',
      'active --close--> closed',
    ]);
  });

  it('starts with the bot when the shop has it on, else in the queue', () => {
    expect(openingStatus(true)).toBe('bot');
    expect(openingStatus(false)).toBe('queued');
  });

  it('refuses every act on a closed conversation, saying it is closed', () => {
    for (const act of CONVERSATION_ACTS) {
      expect(statusAfter('closed', act)).toEqual({ ok: false, code: 'conversation_closed', message: 'the conversation is closed' });
    }
  });

  it('tells a late accept that someone else took the conversation', () => {
    expect(statusAfter('active', 'accept')).toEqual({ ok: false, code: 'conversation_taken', message: 'someone else has taken this conversation' });
    expect(statusAfter('bot', 'assign')).toMatchObject({ ok: false, code: 'conversation_taken' });
  });

  it('does not let a conversation the bot no longer has be handed over again', () => {
    expect(statusAfter('queued', 'hand_over')).toMatchObject({ ok: false, code: 'invalid_transition' });
    expect(statusAfter('active', 'hand_over')).toMatchObject({ ok: false, code: 'invalid_transition' });
  });

  it('refuses a status it does not know', () => {
    expect(statusAfter('archived', 'close')).toMatchObject({ ok: false, code: 'invalid_transition' });
    expect(isOpen('archived')).toBe(false);
  });

  it('gives each act the statuses it starts from and the one it leads to, for guarded updates', () => {
    const from = (act: ConversationAct) => CONVERSATION_STATUSES.filter((s: ConversationStatus) => statusAfter(s, act).ok);
    for (const act of CONVERSATION_ACTS) {
      expect([...transition(act).from]).toEqual(from(act));
      for (const status of from(act)) expect(statusAfter(status, act)).toEqual({ ok: true, status: transition(act).to });
    }
    expect(transition('hand_over')).toEqual({ from: ['bot'], to: 'queued' });
  });

  it('calls bot, queued and active open, closed not', () => {
    expect(CONVERSATION_STATUSES.filter(isOpen)).toEqual(['bot', 'queued', 'active']);
  });
});
