import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

let t: TestApp;
let agent: Client;
beforeAll(async () => {
  t = await createTestApp();
  agent = t.as('agent');
});
afterAll(async () => {
  await t.close();
});

async function create(payload: Record<string, unknown>) {
  const res = await agent({ method: 'POST', url: '/api/customers', payload });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).customer;
}

const address = {
  recipient: '陈静',
  phone: '13700001111',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  detail: '文三路100号',
  isDefault: true,
};

describe('customer files', () => {
  it('keeps contacts, addresses, birthday with the lunar flag, tags and agent; the segment starts as new', async () => {
    const c = await create({
      name: '陈静',
      gender: 'female',
      birthday: '1992-08-15',
      birthdayLunar: true,
      tags: ['老顾客', '大码'],
      assignedAgentId: t.users.agent!.id,
      identities: [
        { kind: 'phone', value: '+86 137 0000 1111' },
        { kind: 'phone', value: '0571-88886666' },
        { kind: 'email', value: 'Chen.Jing@QQ.com' },
        { kind: 'taobao', value: '静静1992' },
      ],
      addresses: [address, { ...address, city: '宁波市', isDefault: false }],
    });
    expect(c).toMatchObject({
      name: '陈静',
      birthday: '1992-08-15',
      birthdayLunar: true,
      segment: 'new',
      tags: ['老顾客', '大码'],
      assignedAgentName: 'agent用户',
    });
    expect(c.identities.map((i: { kind: string; value: string }) => `${i.kind}:${i.value}`)).toEqual([
      'phone:13700001111',
      'phone:057188886666',
      'email:chen.jing@qq.com',
      'taobao:静静1992',
    ]);
    expect(c.addresses).toHaveLength(2);
  });

  it('shows the customer’s tickets and notes in the file', async () => {
    const c = await create({ name: '周先生', identities: [{ kind: 'jd', value: 'zhou_jd' }] });
    await agent({ method: 'POST', url: '/api/tickets', payload: { type: 'consultation', subject: '问发货', customerId: c.id } });
    const note = await agent({ method: 'POST', url: `/api/customers/${c.id}/notes`, payload: { body: '偏好顺丰快递' } });
    expect(note.statusCode).toBe(201);
    const file = json(await agent({ url: `/api/customers/${c.id}` })).customer;
    expect(file.tickets.map((x: { subject: string }) => x.subject)).toEqual(['问发货']);
    expect(file.notes[0]).toMatchObject({ body: '偏好顺丰快递', author: 'agent用户' });
  });

  it('refuses a second file with the same phone, e-mail or marketplace id and names the existing one', async () => {
    const first = await create({ name: '刘洋', identities: [{ kind: 'phone', value: '13811112222' }] });
    const res = await agent({
      method: 'POST',
      url: '/api/customers',
      payload: { name: '刘 洋', identities: [{ kind: 'phone', value: '138-1111-2222' }] },
    });
    expect(res.statusCode).toBe(409);
    expect(json(res).duplicates[0]).toMatchObject({ id: first.id, kind: 'phone', value: '13811112222' });
    const lookup = json(await agent({ url: '/api/customers/duplicates?phone=%2B8613811112222' }));
    expect(lookup.duplicates.map((d: { id: number }) => d.id)).toEqual([first.id]);
  });

  it('validates identities and fields, naming them, and writes nothing', async () => {
    const before = await t.ctx.db
      .selectFrom('customers')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    const badPhone = await agent({
      method: 'POST',
      url: '/api/customers',
      payload: {
        name: '王',
        identities: [
          { kind: 'email', value: 'a@b.cn' },
          { kind: 'phone', value: '12345' },
        ],
      },
    });
    expect(badPhone.statusCode).toBe(400);
    expect(json(badPhone).fields[0].field).toBe('body.identities.1.value');
    const bad = await agent({
      method: 'POST',
      url: '/api/customers',
      payload: { name: '', birthday: '1990-13-40', segment: 'gold', identities: [{ kind: 'wechat', value: 'x' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      json(bad)
        .fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['body.birthday', 'body.identities.0.kind', 'body.name', 'body.segment']);
    const after = await t.ctx.db
      .selectFrom('customers')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses a stale edit with 409', async () => {
    const c = await create({ name: '赵敏' });
    const ok = await agent({ method: 'PATCH', url: `/api/customers/${c.id}`, payload: { version: c.version, tags: ['老顾客'] } });
    expect(ok.statusCode).toBe(200);
    expect(json(ok).customer.version).toBe(c.version + 1);
    const stale = await t.as('supervisor')({ method: 'PATCH', url: `/api/customers/${c.id}`, payload: { version: c.version, tags: ['流失'] } });
    expect(stale.statusCode).toBe(409);
    expect(json(stale)).toMatchObject({ error: 'stale_version', currentVersion: c.version + 1 });
    expect(json(await agent({ url: `/api/customers/${c.id}` })).customer.tags).toEqual(['老顾客']);
  });

  it('refuses a hand-typed segment, pointing to the override (the rules compute it)', async () => {
    const c = await create({ name: '钱多多' });
    for (const [method, url, payload] of [
      ['PATCH', `/api/customers/${c.id}`, { version: c.version, segment: 'vip' }],
      ['POST', '/api/customers', { name: '钱多多二号', segment: 'vip' }],
    ] as const) {
      const res = await t.as('supervisor')({ method, url, payload });
      expect(res.statusCode).toBe(400);
      expect(json(res).fields).toMatchObject([{ field: 'body.segment', reason: expect.stringContaining('segment-override') }]);
    }
    const after = json(await agent({ url: `/api/customers/${c.id}` })).customer;
    expect(after).toMatchObject({ segment: 'new', version: c.version });
  });

  it('finds customers by Chinese name, phone fragment, e-mail, nickname and tag', async () => {
    const c = await create({
      name: '欧阳娜娜',
      tags: ['学生'],
      identities: [
        { kind: 'phone', value: '13566667777' },
        { kind: 'email', value: 'nana@163.com' },
        { kind: 'pdd', value: '娜娜的小店' },
      ],
    });
    const find = async (q: string) => json(await agent({ url: `/api/customers?${q}` })).customers.map((x: { id: number }) => x.id);
    expect(await find(`q=${encodeURIComponent('欧阳娜娜')}`)).toEqual([c.id]);
    expect(await find('q=6667777')).toEqual([c.id]);
    expect(await find('q=nana%40163.com')).toEqual([c.id]);
    expect(await find(`q=${encodeURIComponent('娜娜的小店')}`)).toEqual([c.id]);
    expect(await find(`tag=${encodeURIComponent('学生')}`)).toEqual([c.id]);
  });
});

describe('merging two files', () => {
  it('moves everything to the target, fills its gaps, keeps the source as merged', async () => {
    const target = await create({ name: '孙丽', tags: ['老顾客'], identities: [{ kind: 'phone', value: '13600001234' }] });
    const source = await create({
      name: '孙丽(淘宝)',
      birthday: '1988-02-03',
      tags: ['大码'],
      identities: [
        { kind: 'taobao', value: 'sunli88' },
        { kind: 'email', value: 'sunli@qq.com' },
      ],
      addresses: [address],
    });
    await agent({ method: 'POST', url: `/api/customers/${source.id}/notes`, payload: { body: '淘宝上的老买家' } });
    const ticket = json(
      await agent({ method: 'POST', url: '/api/tickets', payload: { type: 'after_sale', subject: '退货', customerId: source.id } }),
    ).ticket;

    const res = await t.as('supervisor')({
      method: 'POST',
      url: `/api/customers/${target.id}/merge`,
      payload: { sourceId: source.id, version: target.version },
    });
    expect(res.statusCode, res.body).toBe(200);
    const merged = json(res).customer;
    expect(merged.identities.map((i: { value: string }) => i.value).sort()).toEqual(['13600001234', 'sunli88', 'sunli@qq.com']);
    expect(merged.addresses).toHaveLength(1);
    expect(merged.notes.map((n: { body: string }) => n.body)).toEqual(['淘宝上的老买家']);
    expect(merged.tickets.map((x: { id: number }) => x.id)).toEqual([ticket.id]);
    expect(merged).toMatchObject({ name: '孙丽', birthday: '1988-02-03', segment: 'new', tags: ['老顾客', '大码'] });

    const old = json(await agent({ url: `/api/customers/${source.id}` })).customer;
    expect(old.mergedIntoId).toBe(target.id);
    const list = json(await agent({ url: `/api/customers?q=${encodeURIComponent('孙丽')}` })).customers.map((x: { id: number }) => x.id);
    expect(list).toEqual([target.id]);
    const edit = await agent({ method: 'PATCH', url: `/api/customers/${source.id}`, payload: { version: old.version, name: 'x' } });
    expect(edit.statusCode).toBe(409);
    expect(json(edit)).toMatchObject({ error: 'conflict', mergedInto: target.id });
    const audit = json(await t.as('supervisor')({ url: `/api/audit?entity=customer&entityId=${target.id}` })).entries;
    expect(audit[0].action).toBe('customer.merge');
    expect(audit[0].detail.source.name).toBe('孙丽(淘宝)');
  });

  it('is for supervisors, refuses self-merge, unknown or already merged files', async () => {
    const a = await create({ name: '甲' });
    const b = await create({ name: '乙' });
    expect((await agent({ method: 'POST', url: `/api/customers/${a.id}/merge`, payload: { sourceId: b.id, version: a.version } })).statusCode).toBe(
      403,
    );
    const sup = t.as('supervisor');
    expect((await sup({ method: 'POST', url: `/api/customers/${a.id}/merge`, payload: { sourceId: a.id, version: a.version } })).statusCode).toBe(
      400,
    );
    expect((await sup({ method: 'POST', url: `/api/customers/${a.id}/merge`, payload: { sourceId: 999999, version: a.version } })).statusCode).toBe(
      400,
    );
    expect((await sup({ method: 'POST', url: `/api/customers/999999/merge`, payload: { sourceId: b.id, version: 1 } })).statusCode).toBe(404);
    expect((await sup({ method: 'POST', url: `/api/customers/${a.id}/merge`, payload: { sourceId: b.id, version: a.version } })).statusCode).toBe(
      200,
    );
    expect((await sup({ method: 'POST', url: `/api/customers/${a.id}/merge`, payload: { sourceId: b.id, version: a.version + 1 } })).statusCode).toBe(
      409,
    );
  });
});
