import { describe, expect, it } from 'vitest';
import { hasLeftWarehouse, isMobile, nextCheckAt, orderChecks, type CheckedOrder } from '../src/index.ts';

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

describe('order time rules', () => {
  const placed = new Date('2026-11-23T02:00:00Z');
  const base = { status: 'unpaid' as const, createdAt: placed, confirmedAt: null, paidAt: null, shippedAt: null };

  it('looks at an unconfirmed order 30 minutes after it was placed', () => {
    expect(nextCheckAt(base, placed)).toEqual(new Date('2026-11-23T02:30:00Z'));
  });

  it('looks at a paid, confirmed order 48 hours after payment', () => {
    const paid = { ...base, status: 'paid' as const, confirmedAt: placed, paidAt: new Date('2026-11-23T02:05:00Z') };
    expect(nextCheckAt(paid, placed)).toEqual(new Date('2026-11-25T02:05:00Z'));
  });

  it('skips deadlines already acted on, but not when importing old orders', () => {
    const paid = { ...base, status: 'paid' as const, paidAt: new Date('2026-11-23T02:05:00Z') };
    expect(nextCheckAt(paid, new Date('2026-11-23T03:00:00Z'))).toEqual(new Date('2026-11-25T02:05:00Z'));
    expect(nextCheckAt(paid, null)).toEqual(new Date('2026-11-23T02:30:00Z'));
    expect(nextCheckAt(paid, new Date('2026-11-26T00:00:00Z'))).toBeNull();
  });

  it('stops once the order has left the warehouse or is cancelled', () => {
    expect(hasLeftWarehouse('shipped')).toBe(true);
    expect(nextCheckAt({ ...base, status: 'shipped' }, null)).toBeNull();
    expect(nextCheckAt({ ...base, status: 'cancelled' }, null)).toBeNull();
  });
});
