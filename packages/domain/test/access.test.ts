import { describe, expect, it } from 'vitest';
import {
  maskContactsInText,
  maskName,
  mayFindByContact,
  namesContact,
  orderForRole,
  orderSearchColumns,
  ROLES,
  seesContact,
  servesShopper,
  taskChangeRefusal,
  taskForRole,
  taskOwnerRefusal,
  taskTransitionError,
  ticketEventForRole,
  ticketForRole,
  unknownQuestionForRole,
  type Role,
  type TaskFacts,
} from '../src/index.ts';

describe('who sees contact details', () => {
  it('shows them to the desk always (a department only where its task needs them: masking.test.ts)', () => {
    expect(ROLES.filter(seesContact)).toEqual(['agent', 'supervisor', 'admin']);
  });

  it('masks phones, names and contacts in free text', () => {
    expect(maskName('林小姐')).toBe('林**');
    expect(maskName('卓玛')).toBe('卓*');
    expect(maskContactsInText('已电话确认手机号 138 1234 5678，邮件 lin.xiaojie@example.com')).toBe(
      '已电话确认手机号 138****5678，邮件 l***@example.com',
    );
    expect(maskContactsInText('订单 T2026112300000123 金额 12900')).toBe('订单 T2026112300000123 金额 12900');
  });

  const order = {
    id: 1,
    order_no: 'T1',
    receiver_name: '林小姐',
    receiver_phone: '13912345678',
    province: '浙江省',
    city: '杭州市',
    district: '西湖区',
    address: '文三路 100 号',
    remark: '请打 13912345678 再送',
    cancel_reason: '顾客 lin@qq.com 要求取消',
    flags: [{ kind: 'phone_implausible', detail: { phone: '13912345678' }, resolution: '已打 13912345678' }],
  };

  it('cuts the order to province, city and district for the departments', () => {
    for (const role of ['finance', 'tech', 'product', 'warehouse'] as Role[]) {
      expect(orderForRole(order, role)).toEqual({
        ...order,
        receiver_name: '林**',
        receiver_phone: '139****5678',
        address: '****',
        remark: '请打 139****5678 再送',
        cancel_reason: '顾客 l***@qq.com 要求取消',
        flags: [{ kind: 'phone_implausible', detail: { phone: '139****5678' }, resolution: '已打 139****5678' }],
        contact_masked: true,
      });
    }
    expect(orderForRole(order, 'warehouse', true)).toEqual({ ...order, contact_masked: false });
    expect(orderForRole({ id: 2, receiver_name: '王先生', city: '北京' }, 'finance')).toEqual({
      id: 2,
      receiver_name: '王**',
      city: '北京',
      contact_masked: true,
    });
  });

  it('searches orders by phone only for roles that see phones', () => {
    expect(orderSearchColumns('agent')).toContain('receiver_phone');
    expect(orderSearchColumns('finance')).not.toContain('receiver_phone');
  });
});

describe("the shopper's contacts outside orders", () => {
  const OTHERS: Role[] = ['finance', 'tech', 'product', 'warehouse'];

  it('are read and searched by the desk only', () => {
    expect(ROLES.filter(servesShopper)).toEqual(['agent', 'supervisor', 'admin']);
    expect(seesContact('warehouse')).toBe(false);
  });

  it('recognise a search for a phone or an e-mail, however it is spaced', () => {
    for (const q of ['13912345678', '139 1234 5678', '139-1234-5678', '+86 139 1234 5678', '找 lin@qq.com 的单'])
      expect(namesContact(q), q).toBe(true);
    for (const q of ['退款', 'TK20260101-0001', '2026112300000123', '1234 5678', '@小王']) expect(namesContact(q), q).toBe(false);
    for (const role of OTHERS) expect(mayFindByContact(role, '13912345678'), role).toBe(false);
    expect(mayFindByContact('agent', '13912345678')).toBe(true);
    expect(mayFindByContact('finance', '退款 睡衣')).toBe(true);
  });

  it('are masked in tickets, timeline events, tasks and bot questions for roles that do not serve the shopper', () => {
    const ticket = { id: 1, subject: '回电 13912345678', description: '邮箱 lin@qq.com', customer_name: '林晓洁' };
    const event = {
      body: '已打 13912345678',
      data: { to: '回电 13912345678', nested: [{ note: 'lin@qq.com' }], n: 3 },
      attachments: [{ filename: '13912345678.png' }],
    };
    const task = { title: '请退款', description: '手机 13912345678', answer: null };
    for (const role of OTHERS) {
      expect(ticketForRole(ticket, role)).toEqual({
        id: 1,
        subject: '回电 139****5678',
        description: '邮箱 l***@qq.com',
        customer_name: '林**',
        contact_masked: true,
      });
      expect(ticketEventForRole(event, role)).toEqual({
        body: '已打 139****5678',
        data: { to: '回电 139****5678', nested: [{ note: 'l***@qq.com' }], n: 3 },
        attachments: [{ filename: '139****5678.png' }],
        contact_masked: true,
      });
      expect(taskForRole(task, role)).toEqual({ ...task, description: '手机 139****5678', contact_masked: true });
      expect(unknownQuestionForRole({ question: '13912345678' }, role).question).toBe('139****5678');
    }
    for (const role of ['agent', 'supervisor', 'admin'] as Role[]) {
      expect(ticketForRole(ticket, role)).toEqual({ ...ticket, contact_masked: false });
      expect(ticketEventForRole(event, role)).toEqual({ ...event, contact_masked: false });
    }
  });

  it("are masked in an order's history, tasks and customer name for finance, tech and product", () => {
    const at = new Date();
    const order = {
      id: 1,
      customer_name: '林晓洁',
      events: [{ kind: 'cancelled', data: { reason: '来电 13912345678' }, at }],
      tasks: [{ title: '退款', answer: '已打 13912345678' }],
    };
    expect(orderForRole(order, 'finance')).toEqual({
      id: 1,
      customer_name: '林**',
      events: [{ kind: 'cancelled', data: { reason: '来电 139****5678' }, at }],
      tasks: [{ title: '退款', answer: '已打 139****5678' }],
      contact_masked: true,
    });
    expect(orderForRole(order, 'warehouse', true)).toEqual({ ...order, contact_masked: false });
  });
});

describe('who changes a collaboration task', () => {
  const task = (o: Partial<TaskFacts> = {}): TaskFacts => ({ department: 'finance', state: 'open', ownerId: null, ...o });
  const as = (role: Role, id = 99) => ({ id, role });

  it('lets the department, the owner and leads act on an open task, nobody else', () => {
    expect(taskChangeRefusal(task(), as('finance'), { answer: '已退款' })).toBeNull();
    expect(taskChangeRefusal(task(), as('supervisor'), { ownerId: 5 })).toBeNull();
    expect(taskChangeRefusal(task({ ownerId: 7 }), as('agent', 7), { state: 'done', answer: '已处理' })).toBeNull();
    for (const role of ['product', 'tech', 'warehouse', 'agent'] as Role[]) {
      expect(taskChangeRefusal(task(), as(role), { answer: 'x' })).toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(/only finance/),
      });
      expect(taskChangeRefusal(task(), as(role), { ownerId: 99 })?.code).toBe('forbidden');
    }
  });

  it('keeps a done task read-only except reopening by a lead', () => {
    const done = task({ state: 'done', ownerId: 3 });
    for (const role of ['finance', 'agent', 'product'] as Role[]) {
      expect(taskChangeRefusal(done, as(role, 3), { answer: '改口' })?.code).toBe('wrong_role');
      expect(taskChangeRefusal(done, as(role, 3), { state: 'open' })?.code).toBe('wrong_role');
    }
    expect(taskChangeRefusal(done, as('supervisor'), { answer: '改口' })?.code).toBe('task_done');
    expect(taskChangeRefusal(done, as('admin'), { ownerId: 4 })?.code).toBe('task_done');
    expect(taskChangeRefusal(done, as('supervisor'), { state: 'open', ownerId: 4 })).toBeNull();
    expect(taskChangeRefusal(done, as('supervisor'), { state: 'open', answer: '改口' })?.code).toBe('task_done');
  });

  it('follows the state machine', () => {
    expect(taskChangeRefusal(task({ state: 'working' }), as('finance'), { state: 'done', answer: '已退款' })).toBeNull();
    expect(taskChangeRefusal(task({ state: 'working' }), as('admin'), { state: 'open' })).toEqual({
      code: 'invalid_transition',
      message: 'body.state: a task cannot go from working to open; allowed: done',
    });
  });

  it('tells a wrong role from a step the machine does not have', () => {
    expect(taskTransitionError('finance', 'done', 'open', 'finance')).toEqual({
      code: 'wrong_role',
      message: 'only a supervisor or admin reopens a task',
    });
    expect(taskTransitionError('finance', 'open', 'done', 'product')).toEqual({ code: 'wrong_role', message: 'only finance answers a finance task' });
    expect(taskTransitionError('finance', 'working', 'open', 'admin')?.code).toBe('invalid_transition');
    expect(taskTransitionError('finance', 'open', 'working', 'finance')).toBeNull();
  });

  it('gives a task only to the department or a lead', () => {
    expect(taskOwnerRefusal('finance', 'finance')).toBeNull();
    expect(taskOwnerRefusal('logistics', 'warehouse')).toBeNull();
    expect(taskOwnerRefusal('finance', 'supervisor')).toBeNull();
    expect(taskOwnerRefusal('finance', 'product')).toEqual({ code: 'wrong_role', message: expect.stringMatching(/finance user/) });
  });
});
