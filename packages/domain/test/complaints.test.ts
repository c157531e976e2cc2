import { describe, expect, it } from 'vitest';
import { complaintStage, complaintStatusGap, type ComplaintFacts } from '../src/index.ts';

const fresh: ComplaintFacts = {
  status: 'new',
  acknowledged: false,
  fedBack: false,
  solution: null,
  confirmed: false,
  unconfirmedReason: null,
  rootCause: null,
};

describe('the complaint loop', () => {
  it('waits for each step in turn: acknowledge → feedback → solution → confirmation → close', () => {
    expect(complaintStage(fresh)).toBe('acknowledge');
    expect(complaintStage({ ...fresh, acknowledged: true })).toBe('feedback');
    expect(complaintStage({ ...fresh, acknowledged: true, fedBack: true })).toBe('solution');
    expect(complaintStage({ ...fresh, acknowledged: true, solution: '换新' })).toBe('confirmation');
    expect(complaintStage({ ...fresh, acknowledged: true, solution: '换新', confirmed: true })).toBe('close');
    expect(complaintStage({ ...fresh, acknowledged: true, solution: '换新', unconfirmedReason: '联系不上' })).toBe('close');
    expect(complaintStage({ ...fresh, status: 'closed' })).toBe('closed');
    // A later step taken moves the loop past the earlier ones (a solution given by phone acknowledges the complaint).
    expect(complaintStage({ ...fresh, solution: '换新' })).toBe('confirmation');
    expect(complaintStage({ ...fresh, unconfirmedReason: '重复投诉' })).toBe('close');
  });

  it('solves only with a solution and a root cause, and closes only with a confirmation or a reason', () => {
    expect(complaintStatusGap('solved', fresh)?.field).toBe('solution');
    expect(complaintStatusGap('solved', { ...fresh, solution: '换新' })?.field).toBe('rootCause');
    expect(complaintStatusGap('solved', { ...fresh, solution: '换新', rootCause: 'logistics' })).toBeNull();
    expect(complaintStatusGap('closed', fresh)?.field).toBe('confirmedAt');
    expect(complaintStatusGap('closed', { ...fresh, confirmed: true })).toBeNull();
    expect(complaintStatusGap('closed', { ...fresh, unconfirmedReason: '重复投诉' })).toBeNull();
    for (const to of ['open', 'pending_customer', 'pending_internal'] as const) expect(complaintStatusGap(to, fresh)).toBeNull();
  });
});
