import { describe, expect, it } from 'vitest';
import {
  allowedTransitions,
  canTransition,
  formatTicketNumber,
  initialStatus,
  missingComplaintField,
  shanghaiDay,
  TICKET_STATUSES,
  transitionError,
} from '../src/index.ts';

describe('ticket status workflow', () => {
  it('moves forward new → open → pending → solved → closed', () => {
    expect(canTransition('new', 'open')).toBe(true);
    expect(canTransition('open', 'pending_customer')).toBe(true);
    expect(canTransition('pending_customer', 'pending_internal')).toBe(true);
    expect(canTransition('pending_internal', 'solved')).toBe(true);
    expect(canTransition('solved', 'closed')).toBe(true);
  });

  it('reopens solved and closed tickets', () => {
    expect(canTransition('solved', 'open')).toBe(true);
    expect(canTransition('closed', 'open')).toBe(true);
  });

  it('refuses skipping from work in progress straight to closed, and going back to new', () => {
    expect(canTransition('open', 'closed')).toBe(false);
    expect(canTransition('pending_customer', 'closed')).toBe(false);
    for (const from of TICKET_STATUSES) if (from !== 'new') expect(canTransition(from, 'new')).toBe(false);
    expect(canTransition('closed', 'solved')).toBe(false);
    expect(transitionError('open', 'closed')).toEqual({
      code: 'invalid_transition',
      message: expect.stringMatching(/cannot go from open to closed; allowed: pending_customer, pending_internal, solved/),
    });
  });

  it('lists the allowed next statuses and treats staying put as allowed', () => {
    expect(allowedTransitions('solved')).toEqual(['open', 'closed']);
    expect(canTransition('open', 'open')).toBe(true);
    expect(transitionError('open', 'open')).toBeNull();
  });

  it('puts a problem order straight into 处理中, others stay new until assigned', () => {
    expect(initialStatus('problem_order', false)).toBe('open');
    expect(initialStatus('consultation', false)).toBe('new');
    expect(initialStatus('consultation', true)).toBe('open');
  });

  it('requires a complaint to be classified and given a severity', () => {
    expect(missingComplaintField('complaint', null, 'major')).toBe('category');
    expect(missingComplaintField('complaint', 'logistics', undefined)).toBe('severity');
    expect(missingComplaintField('complaint', 'logistics', 'major')).toBeNull();
    expect(missingComplaintField('consultation', null, null)).toBeNull();
  });
});

describe('ticket numbers', () => {
  it('are readable: type prefix, the day in China time, a 4-digit sequence', () => {
    expect(formatTicketNumber('complaint', '20261122', 42)).toBe('TS20261122-0042');
    expect(formatTicketNumber('after_sale', '20261122', 7)).toBe('SH20261122-0007');
    expect(formatTicketNumber('consultation', '20261122', 12345)).toBe('ZX20261122-12345');
  });

  it('take the day from Beijing time, not UTC', () => {
    expect(shanghaiDay(new Date('2026-11-22T15:59:59Z'))).toBe('20261122');
    expect(shanghaiDay(new Date('2026-11-22T16:00:00Z'))).toBe('20261123');
  });
});
