import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  AFTER_SALE_KINDS,
  AFTER_SALE_STATES,
  afterSaleTransitionError,
  approvalNeed,
  holdsOrderTotal,
  nextDailyDeadline,
  nextStates,
  openingPromises,
  policyChecks,
  promiseMoves,
  unitWorthFen,
  type GoodsLine,
  type OrderRequest,
  type PolicyCase,
} from '../src/index.ts';

describe('after-sale state machines', () => {
  it('walks a return from request to close, each step by its department', () => {
    const path = [
      ['requested', 'approved', 'agent'],
      ['approved', 'in_transit', 'agent'],
      ['in_transit', 'received', 'warehouse'],
      ['received', 'refunded', 'finance'],
      ['refunded', 'closed', 'agent'],
    ] as const;
    for (const [from, to, role] of path) expect(afterSaleTransitionError('return', from, to, role)).toBeNull();
  });

  it('refuses a step out of order, naming the allowed ones', () => {
    expect(afterSaleTransitionError('return', 'requested', 'refunded', 'finance')).toEqual({
      code: 'invalid_transition',
      message: expect.stringMatching(/allowed: approved, rejected, pending_approval, cancelled/),
    });
    expect(afterSaleTransitionError('refund', 'closed', 'requested', 'admin')).toMatchObject({
      code: 'invalid_transition',
      message: expect.stringMatching(/allowed: none/),
    });
  });

  it('refuses a step by the wrong role', () => {
    expect(afterSaleTransitionError('return', 'in_transit', 'received', 'agent')).toEqual({
      code: 'wrong_role',
      message: 'only warehouse/supervisor/admin may move a return request from in_transit to received',
    });
    expect(afterSaleTransitionError('refund', 'approved', 'refunded', 'agent')).toMatchObject({
      code: 'wrong_role',
      message: expect.stringMatching(/only finance/),
    });
    expect(afterSaleTransitionError('refund', 'pending_approval', 'approved', 'agent')).toMatchObject({
      code: 'wrong_role',
      message: expect.stringMatching(/only supervisor/),
    });
  });

  it('lets every state that is not final lead somewhere, and every kind end closed', () => {
    for (const kind of AFTER_SALE_KINDS) {
      const reachable = new Set(['requested']);
      for (let grew = true; grew;) {
        grew = false;
        for (const s of [...reachable])
          for (const t of nextStates(kind, s as never))
            if (!reachable.has(t)) {
              reachable.add(t);
              grew = true;
            }
      }
      expect(reachable.has('closed'), kind).toBe(true);
      for (const s of reachable)
        if (s !== 'closed' && s !== 'cancelled') expect(nextStates(kind, s as never).length, `${kind} ${s}`).toBeGreaterThan(0);
      for (const s of AFTER_SALE_STATES)
        for (const t of nextStates(kind, s, 'warehouse')) expect(['received', 'reshipped', 'rejected', 'repairing']).toContain(t);
    }
  });
});

describe('what goods sent out unpaid are worth', () => {
  const pyjamas: GoodsLine = { productId: 7, sku: 'PJ-001', title: '纯棉睡衣', unitPriceFen: 12_900 };
  const root = [pyjamas, { ...pyjamas, unitPriceFen: 9_900 }, { productId: null, sku: null, title: '赠品袜子', unitPriceFen: 0 }];

  it("is a line's own price when it has one", () => {
    expect(unitWorthFen(pyjamas, root, 15_000)).toBe(12_900);
  });

  it("is the root order's dearest price for the same goods on a ¥0 replacement line, whatever the product costs now", () => {
    expect(unitWorthFen({ ...pyjamas, unitPriceFen: 0 }, root, 5_000)).toBe(12_900);
  });

  it("falls back to the product's price, then to nothing, when the root order has no price for the goods", () => {
    expect(unitWorthFen({ productId: 9, sku: 'X', title: '换购', unitPriceFen: 0 }, root, 3_000)).toBe(3_000);
    expect(unitWorthFen({ productId: null, sku: null, title: '赠品袜子', unitPriceFen: 0 }, root, null)).toBe(0);
    expect(unitWorthFen({ ...pyjamas, title: '别的睡衣', unitPriceFen: 0 }, root, null)).toBe(0);
  });
});

describe('approval limits', () => {
  const policy = { approvalLimitFen: 50_000, goodsApprovalLimitFen: 100_000 };
  const req = (o: Partial<OrderRequest>): OrderRequest => ({
    kind: 'refund',
    state: 'approved',
    amountFen: 20_000,
    goodsFen: 0,
    approved: true,
    rejected: false,
    ...o,
  });
  const need = (kind: OrderRequest['kind'], amountFen: number, goodsFen: number, others: OrderRequest[] = [], complex = false) =>
    approvalNeed({ kind, amountFen, goodsFen, complex }, others, policy);

  it('weighs one request against the limit, money back and goods out each on their own', () => {
    expect(need('refund', 50_001, 0)).toMatchObject({ needsSupervisor: true, measure: 'money', totalFen: 50_001, limitFen: 50_000 });
    expect(need('refund', 50_000, 0).needsSupervisor).toBe(false);
    expect(need('compensation', 60_000, 0).needsSupervisor).toBe(true);
    expect(need('reissue', 0, 500_000)).toMatchObject({ needsSupervisor: true, measure: 'goods', limitFen: 100_000 });
    expect(need('exchange', 0, 100_000).needsSupervisor).toBe(false);
    expect(need('repair', 900_000, 900_000)).toMatchObject({ needsSupervisor: false, measure: null });
    expect(need('repair', 0, 0, [], true).needsSupervisor).toBe(true);
  });

  it('adds up the order: five ¥200 refunds weigh as one ¥1,000', () => {
    const held: OrderRequest[] = [];
    const verdicts = [];
    for (let i = 0; i < 5; i++) {
      verdicts.push(need('refund', 20_000, 0, held).needsSupervisor);
      held.push(req({}));
    }
    expect(verdicts).toEqual([false, false, true, true, true]);
    expect(need('refund', 20_000, 0, held).totalFen).toBe(120_000);
  });

  it('counts requests waiting for a supervisor or approved, not those requested, rejected or cancelled', () => {
    expect(holdsOrderTotal(req({ state: 'pending_approval', approved: false }))).toBe(true);
    expect(holdsOrderTotal(req({ state: 'refunded' }))).toBe(true);
    expect(holdsOrderTotal(req({ state: 'closed' }))).toBe(true);
    expect(holdsOrderTotal(req({ state: 'requested', approved: false }))).toBe(false);
    expect(holdsOrderTotal(req({ state: 'rejected' }))).toBe(false);
    expect(holdsOrderTotal(req({ state: 'closed', rejected: true }))).toBe(false);
    expect(holdsOrderTotal(req({ state: 'cancelled' }))).toBe(false);
  });

  it('keeps money and goods apart', () => {
    const others = [req({ kind: 'reissue', amountFen: 0, goodsFen: 90_000 }), req({ kind: 'refund', amountFen: 40_000 })];
    expect(need('refund', 10_000, 0, others)).toMatchObject({ needsSupervisor: false, totalFen: 50_000 });
    expect(need('exchange', 0, 20_000, others)).toMatchObject({ needsSupervisor: true, totalFen: 110_000 });
  });
});

describe('after-sale policy', () => {
  const now = new Date('2026-11-23T04:00:00Z');
  const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const c = (o: Partial<PolicyCase>): PolicyCase => ({
    kind: 'return',
    reason: 'no_reason',
    receivedAt: days(3),
    warrantyDays: 0,
    goodsIntact: true,
    evidenceCount: 0,
    now,
    ...o,
  });
  const failed = (o: Partial<PolicyCase>) =>
    policyChecks(c(o))
      .filter((x) => !x.ok)
      .map((x) => x.id);

  it('allows a no-reason return within 7 days with goods intact', () => {
    expect(failed({})).toEqual([]);
    expect(failed({ receivedAt: days(8) })).toEqual(['return_window']);
    expect(failed({ goodsIntact: false })).toEqual(['goods_intact']);
  });

  it('gives quality claims a longer window but wants evidence', () => {
    expect(failed({ reason: 'quality', receivedAt: days(10) })).toEqual(['evidence']);
    expect(failed({ reason: 'quality', receivedAt: days(10), evidenceCount: 2 })).toEqual([]);
    expect(failed({ reason: 'quality', receivedAt: days(16), evidenceCount: 2 })).toEqual(['return_window']);
  });

  it('repairs only within the warranty', () => {
    expect(failed({ kind: 'repair', reason: 'other', receivedAt: days(100), warrantyDays: 365 })).toEqual([]);
    expect(failed({ kind: 'repair', reason: 'other', receivedAt: days(400), warrantyDays: 365 })).toEqual(['warranty']);
    expect(failed({ kind: 'repair', reason: 'other', warrantyDays: 0 })).toEqual(['warranty']);
  });
});

describe('after-sale deadlines', () => {
  const always = { kind: 'always' } as const;
  it('wants repair progress before 16:00 China time: today while it is ahead, tomorrow once past', () => {
    expect(nextDailyDeadline(new Date('2026-11-23T01:00:00Z'), '16:00', always, false)).toEqual(new Date('2026-11-23T08:00:00Z'));
    expect(nextDailyDeadline(new Date('2026-11-23T09:00:00Z'), '16:00', always, false)).toEqual(new Date('2026-11-24T08:00:00Z'));
  });

  it("moves to tomorrow's 16:00 once today's progress is given, at 10:00 as at 17:00", () => {
    expect(nextDailyDeadline(new Date('2026-11-23T02:00:00Z'), '16:00', always, true)).toEqual(new Date('2026-11-24T08:00:00Z'));
    expect(nextDailyDeadline(new Date('2026-11-23T09:00:00Z'), '16:00', always, true)).toEqual(new Date('2026-11-24T08:00:00Z'));
  });

  it('counts working days over weekends and the National Day holiday', () => {
    expect(addWorkingDays(new Date('2026-11-20T02:00:00Z'), 1)).toEqual(new Date('2026-11-23T02:00:00Z'));
    expect(addWorkingDays(new Date('2026-09-30T02:00:00Z'), 1)).toEqual(new Date('2026-10-08T02:00:00Z'));
  });
});

describe('after-sale promises', () => {
  it('owes a review, and a complex case its first plan', () => {
    expect(openingPromises(false)).toEqual(['aftersale_review']);
    expect(openingPromises(true)).toEqual(['aftersale_review', 'aftersale_plan']);
  });

  it('keeps the review by approving or rejecting, not by sending it to a supervisor; cancelling voids it', () => {
    expect(promiseMoves('refund', 'requested', 'pending_approval')).toEqual({ start: [], met: [], cancelled: [] });
    expect(promiseMoves('refund', 'pending_approval', 'approved')).toEqual({ start: [], met: ['aftersale_review'], cancelled: [] });
    expect(promiseMoves('refund', 'requested', 'rejected')).toEqual({
      start: [],
      met: ['aftersale_review'],
      cancelled: ['aftersale_plan', 'repair_progress'],
    });
    expect(promiseMoves('refund', 'requested', 'cancelled')).toEqual({
      start: [],
      met: [],
      cancelled: ['aftersale_review', 'aftersale_plan', 'repair_progress'],
    });
  });

  it('owes repair progress from receipt while repairing, and keeps it when the repair is sent back', () => {
    expect(promiseMoves('repair', 'in_transit', 'received').start).toEqual(['repair_progress']);
    expect(promiseMoves('repair', 'received', 'repairing').start).toEqual(['repair_progress']);
    expect(promiseMoves('exchange', 'in_transit', 'received').start).toEqual([]);
    expect(promiseMoves('repair', 'repairing', 'reshipped')).toEqual({ start: [], met: ['aftersale_plan', 'repair_progress'], cancelled: [] });
    expect(promiseMoves('repair', 'received', 'rejected').cancelled).toEqual(['aftersale_plan', 'repair_progress']);
  });
});
