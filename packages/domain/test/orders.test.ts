import { describe, expect, it } from 'vitest';
import {
  closedPromiseOutcome,
  DEFAULT_SLA_POLICIES,
  dueAt,
  hasLeftWarehouse,
  isMobile,
  MISSED_PROMISE_FLAG,
  openOrderPromises,
  ORDER_CHANNEL,
  ORDER_PLATFORMS,
  orderChecks,
  policyFor,
  type CheckedOrder,
  type SlaPolicy,
} from '../src/index.ts';

const good: CheckedOrder = {
  status: 'paid',
  totalFen: 12_900,
  receiverPhone: '13812345678',
  province: '浙江省',
  city: '杭州市',
  address: '西湖区文三路 100 号 3 幢 201',
  remark: '',
  invoice: null,
  customerVip: false,
  restrictions: [],
};
const kinds = (o: Partial<CheckedOrder>) => orderChecks({ ...good, ...o }).map((f) => f.kind);

describe('order checks', () => {
  it('raises nothing for an ordinary order', () => {
    expect(kinds({})).toEqual([]);
  });

  it('flags implausible phones and addresses', () => {
    expect(kinds({ receiverPhone: '12345' })).toContain('phone_implausible');
    expect(kinds({ receiverPhone: '+86 138-1234-5678' })).not.toContain('phone_implausible');
    expect(kinds({ receiverPhone: '0571-87654321' })).not.toContain('phone_implausible');
    expect(kinds({ address: '1111' })).toContain('address_implausible');
    expect(kinds({ address: 'aaaaaaa' })).toContain('address_implausible');
    expect(kinds({ city: null })).toContain('address_implausible');
  });

  it('flags a remote address without a mobile number, not with one', () => {
    expect(kinds({ province: '新疆维吾尔自治区', receiverPhone: '0991-7654321' })).toContain('remote_no_mobile');
    expect(kinds({ province: '新疆维吾尔自治区' })).not.toContain('remote_no_mobile');
  });

  it('flags very small, large and VIP orders', () => {
    expect(kinds({ totalFen: 990 })).toContain('small_order');
    expect(kinds({ totalFen: 1001 })).not.toContain('small_order');
    expect(kinds({ totalFen: 250_000 })).toContain('large_order');
    expect(kinds({ customerVip: true })).toContain('vip_order');
  });

  it('flags items that cannot ship to the region, invoices and remarks', () => {
    const flags = orderChecks({ ...good, province: '西藏自治区', restrictions: [{ product: '羽绒被', provinces: ['西藏', '新疆'] }] });
    expect(flags.find((f) => f.kind === 'restricted_region')?.detail).toEqual({ product: '羽绒被', province: '西藏' });
    expect(kinds({ invoice: { title: '杭州某某科技有限公司' } })).toContain('invoice_check');
    expect(kinds({ remark: '请用礼盒包装' })).toContain('remark');
  });

  it('checks nothing on a cancelled order', () => {
    expect(kinds({ status: 'cancelled', receiverPhone: 'x', totalFen: 1 })).toEqual([]);
  });

  it('tells mobiles from landlines', () => {
    expect(isMobile('+86 138 1234 5678')).toBe(true);
    expect(isMobile('0571-87654321')).toBe(false);
  });
});

describe('order promises', () => {
  const placed = new Date('2026-11-23T02:00:00Z');
  const base = { status: 'unpaid' as const, confirmedAt: null, paidAt: null, shippedAt: null };

  it('owes a new order its confirmation, and a paid one its shipping too', () => {
    expect(openOrderPromises(base)).toEqual(['order_confirm']);
    expect(openOrderPromises({ ...base, status: 'paid', paidAt: placed })).toEqual(['order_confirm', 'order_ship']);
    expect(openOrderPromises({ ...base, status: 'paid', paidAt: placed, confirmedAt: placed })).toEqual(['order_ship']);
  });

  it('owes nothing once the order has left the warehouse or is cancelled; cancelling voids, shipping keeps', () => {
    expect(hasLeftWarehouse('shipped')).toBe(true);
    for (const status of ['shipped', 'delivered', 'completed', 'cancelled'] as const) {
      expect(openOrderPromises({ ...base, status, paidAt: placed })).toEqual([]);
    }
    expect(closedPromiseOutcome({ status: 'shipped' })).toBe('met');
    expect(closedPromiseOutcome({ status: 'paid' })).toBe('met');
    expect(closedPromiseOutcome({ status: 'cancelled' })).toBe('cancelled');
  });

  it('keeps DOMAIN.md numbers by default: confirmed within 30 minutes, shipped within 48 hours', () => {
    const policies: SlaPolicy[] = DEFAULT_SLA_POLICIES.map((p, i) => ({ ...p, id: i + 1 }));
    const confirm = policyFor(policies, 'order_confirm', { channel: 'taobao' })!;
    const ship = policyFor(policies, 'order_ship', { channel: 'jd', segment: 'vip' })!;
    expect(dueAt(placed, confirm.targets.order_confirm!, confirm.hours)).toEqual(new Date('2026-11-23T02:30:00Z'));
    expect(dueAt(placed, ship.targets.order_ship!, ship.hours)).toEqual(new Date('2026-11-25T02:00:00Z'));
    expect(MISSED_PROMISE_FLAG).toEqual({ order_confirm: 'unconfirmed', order_ship: 'unshipped' });
  });

  it('names a channel for every platform, so a policy can tell them apart', () => {
    expect(ORDER_PLATFORMS.map((p) => ORDER_CHANNEL[p])).toEqual(['taobao', 'taobao', 'jd', 'pdd', 'web']);
  });
});
