import { describe, expect, it } from 'vitest';
import { balanceOwners, birthdayProblem, lunarMonthDay, type CustomerToPlace, type OwnerCandidate } from '../src/index.ts';

const agent = (id: number, load = 0, groupIds: number[] = []): OwnerCandidate => ({ id, load, groupIds });
const customers = (n: number, segment = 'regular', ownerId: number | null = null, from = 1): CustomerToPlace[] =>
  Array.from({ length: n }, (_, i) => ({ id: from + i, segment, ownerId }));
const after = (plan: ReturnType<typeof balanceOwners>) => plan.loads.map((l) => l.after);

describe('balanceOwners', () => {
  it('spreads customers so that loads differ by at most one', () => {
    const plan = balanceOwners(customers(10), [agent(1), agent(2), agent(3)]);
    expect(plan.moves).toHaveLength(10);
    expect(Math.max(...after(plan)) - Math.min(...after(plan))).toBeLessThanOrEqual(1);
    expect(after(plan).reduce((a, b) => a + b)).toBe(10);
  });

  it('fills the least loaded agents first', () => {
    const plan = balanceOwners(customers(6), [agent(1, 10), agent(2, 2), agent(3, 4)]);
    expect(plan.loads).toEqual([
      { agentId: 1, before: 10, after: 10, gained: 0 },
      { agentId: 2, before: 2, after: 6, gained: 4 },
      { agentId: 3, before: 4, after: 6, gained: 2 },
    ]);
  });

  it('keeps existing owners unless asked to rebalance', () => {
    const owned = customers(4, 'regular', 1);
    const fresh = customers(2, 'regular', null, 10);
    const plan = balanceOwners([...owned, ...fresh], [agent(1, 4), agent(2)]);
    expect(plan.kept).toBe(4);
    expect(plan.moves.map((m) => m.customerId).sort()).toEqual([10, 11]);
    expect(plan.moves.every((m) => m.toAgentId === 2)).toBe(true);
  });

  it('rebalances with as few moves as the balance allows, owners kept on a tie', () => {
    const plan = balanceOwners(customers(6, 'regular', 1), [agent(1, 6), agent(2)], { rebalance: true });
    expect(after(plan)).toEqual([3, 3]);
    expect(plan.kept).toBe(3);
    expect(plan.moves).toHaveLength(3);
    expect(plan.moves.every((m) => m.fromAgentId === 1 && m.toAgentId === 2)).toBe(true);
  });

  it('sends a segment to the agents of its skill group, the rest to everyone', () => {
    const vip = customers(4, 'vip', null, 1);
    const regular = customers(4, 'regular', null, 100);
    const plan = balanceOwners([...regular, ...vip], [agent(1, 0, [7]), agent(2), agent(3)], { segmentGroups: { vip: 7 } });
    const vipOwners = plan.moves.filter((m) => m.customerId < 100).map((m) => m.toAgentId);
    expect(vipOwners).toEqual([1, 1, 1, 1]);
    const regularOwners = plan.moves.filter((m) => m.customerId >= 100).map((m) => m.toAgentId);
    expect(regularOwners.filter((id) => id === 1)).toHaveLength(0);
    expect(after(plan)).toEqual([4, 2, 2]);
  });

  it('falls back to every agent when none of them is in the segment group', () => {
    const plan = balanceOwners(customers(2, 'vip'), [agent(1), agent(2)], { segmentGroups: { vip: 7 } });
    expect(plan.moves.map((m) => m.toAgentId)).toEqual([1, 2]);
  });

  it('places nobody without agents', () => {
    const plan = balanceOwners(customers(3), []);
    expect(plan).toEqual({ moves: [], kept: 0, loads: [] });
  });
});

describe('birthdayProblem', () => {
  const today = '2026-11-30';
  it('accepts a past Gregorian date and refuses a future one or one before 1900', () => {
    expect(birthdayProblem('1990-05-04', false, today)).toBeNull();
    expect(birthdayProblem('2026-12-01', false, today)).toBe('future');
    expect(birthdayProblem('1899-12-31', false, today)).toBe('too_old');
  });
  it('checks that a lunar day exists in that lunar month', () => {
    // 2025's fourth lunar month has 29 days, its sixth 30.
    expect(birthdayProblem('2025-04-30', true, today)).toBe('lunar_day');
    expect(birthdayProblem('2025-06-30', true, today)).toBeNull();
    expect(birthdayProblem('1990-08-15', true, today)).toBeNull();
  });
  it('refuses a lunar date that falls after today in the Gregorian calendar', () => {
    // 农历 2026-10-22 is 2026-11-30; the 23rd is tomorrow.
    expect(birthdayProblem('2026-10-22', true, today)).toBeNull();
    expect(birthdayProblem('2026-10-23', true, today)).toBe('future');
  });
});

describe('lunarMonthDay', () => {
  it('names a lunar date as people say it', () => {
    expect(lunarMonthDay('1990-08-15')).toBe('八月十五');
    expect(lunarMonthDay('1990-01-01')).toBe('正月初一');
    expect(lunarMonthDay('1990-12-20')).toBe('腊月二十');
    expect(lunarMonthDay('1990-11-10')).toBe('冬月初十');
    expect(lunarMonthDay('1990-05-23')).toBe('五月廿三');
    expect(lunarMonthDay('1990-06-30')).toBe('六月三十');
  });
});
