import { describe, expect, it } from 'vitest';
import {
  maskAddress,
  maskAddressesInText,
  maskContactsInText,
  seesReceiver,
  taskNeedsReceiver,
  ticketForRole,
  type TaskNeedFacts,
} from '../src/index.ts';

const task = (o: Partial<TaskNeedFacts> = {}): TaskNeedFacts => ({ department: 'warehouse', state: 'open', afterSaleKind: 'reissue', ...o });

describe("which department task needs the shopper's phone and address", () => {
  it('is a running warehouse or logistics task that ships goods: a reissue, an exchange, a repair', () => {
    for (const afterSaleKind of ['reissue', 'exchange', 'repair'] as const) {
      expect(taskNeedsReceiver(task({ afterSaleKind })), afterSaleKind).toBe(true);
      expect(taskNeedsReceiver(task({ afterSaleKind, department: 'logistics', state: 'working' })), afterSaleKind).toBe(true);
    }
    for (const afterSaleKind of ['return', 'refund', 'compensation', null] as const) expect(taskNeedsReceiver(task({ afterSaleKind }))).toBe(false);
    expect(taskNeedsReceiver(task({ state: 'done' })), 'a done task: the parcel has left').toBe(false);
    for (const department of ['finance', 'tech', 'product', 'purchasing'] as const) expect(taskNeedsReceiver(task({ department }))).toBe(false);
  });

  it("lets a role see them on a case only through its own department's task; the desk always", () => {
    expect(seesReceiver('warehouse', [task()])).toBe(true);
    expect(seesReceiver('warehouse', [task({ afterSaleKind: 'return' })])).toBe(false);
    expect(seesReceiver('warehouse', [])).toBe(false);
    expect(seesReceiver('finance', [task(), task({ department: 'finance', afterSaleKind: 'refund' })]), "the warehouse's need is not finance's").toBe(
      false,
    );
    for (const role of ['agent', 'supervisor', 'admin'] as const) expect(seesReceiver(role, [])).toBe(true);
  });
});

describe('masked addresses', () => {
  it('keep the region and hide the street', () => {
    expect(maskAddress('浙江省杭州市西湖区文三路100号3幢201')).toBe('浙江省杭州市西湖区****');
    expect(maskAddress('上海市浦东新区张江路 88 弄')).toBe('上海市浦东新区****');
    expect(maskAddress('文三路 100 号')).toBe('****');
    expect(maskAddress(null)).toBeNull();
  });

  it('are cut in free text, a region alone or a sentence after one stays', () => {
    expect(maskAddressesInText('请寄到浙江省杭州市西湖区文三路100号，谢谢')).toBe('请寄到浙江省杭州市西湖区****，谢谢');
    expect(maskAddressesInText('杭州市的天气很好')).toBe('杭州市的天气很好');
    expect(maskContactsInText('收件人 13812345678 地址 广东省深圳市南山区科技园南区8栋')).toBe('收件人 138****5678 地址 广东省深圳市南山区****');
  });

  it('are shown to a department whose task needs them', () => {
    const ticket = { subject: '补发', description: '寄到浙江省杭州市西湖区文三路100号 13812345678', customer_name: '林晓洁' };
    expect(ticketForRole(ticket, 'warehouse')).toMatchObject({ description: '寄到浙江省杭州市西湖区**** 138****5678', contact_masked: true });
    expect(ticketForRole(ticket, 'warehouse', true)).toEqual({ ...ticket, contact_masked: false });
  });
});
