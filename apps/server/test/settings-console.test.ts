/**
 * The admin console's server side: quick replies edited in place with a version (PATCH), the audit log filtered,
 * paged and exported to Excel, and the shop's settings saved and read back as the settings page sends them.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from './helpers.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function sharedReply(title = '发货时间') {
  const res = await t.as('supervisor')({
    method: 'POST',
    url: '/api/quick-replies',
    payload: { scope: 'shared', title, body: '亲，48 小时内发货哦～' },
  });
  expect(res.statusCode).toBe(201);
  return json(res).quickReply as { id: number; version: number; title: string };
}

describe('PATCH /api/quick-replies/:id', () => {
  it('changes a shared reply, moves its version on and audits it', async () => {
    const reply = await sharedReply();
    expect(reply.version).toBe(1);
    const res = await t.as('admin')({
      method: 'PATCH',
      url: `/api/quick-replies/${reply.id}`,
      payload: { title: '发货时效', shortcut: '/fh', version: 1 },
    });
    expect(res.statusCode).toBe(200);
    expect(json(res).quickReply).toMatchObject({
      id: reply.id,
      scope: 'shared',
      title: '发货时效',
      body: '亲，48 小时内发货哦～',
      shortcut: '/fh',
      version: 2,
    });
    const listed = json(await t.as('agent')({ url: '/api/quick-replies' })).quickReplies.find((q: { id: number }) => q.id === reply.id);
    expect(listed).toMatchObject({ title: '发货时效', version: 2 });
    const audit = json(await t.as('admin')({ url: `/api/audit?entity=quick_reply&entityId=${reply.id}` }));
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual(['quick_reply.update', 'quick_reply.create']);
  });

  it('refuses an edit based on a stale version, and changes nothing', async () => {
    const reply = await sharedReply('退货地址');
    const first = await t.as('supervisor')({ method: 'PATCH', url: `/api/quick-replies/${reply.id}`, payload: { body: '第一版', version: 1 } });
    expect(first.statusCode).toBe(200);
    const second = await t.as('admin')({ method: 'PATCH', url: `/api/quick-replies/${reply.id}`, payload: { body: '第二版', version: 1 } });
    expect(second.statusCode).toBe(409);
    expect(json(second)).toMatchObject({ error: 'stale_version', currentVersion: 2 });
    const listed = json(await t.as('admin')({ url: '/api/quick-replies' })).quickReplies.find((q: { id: number }) => q.id === reply.id);
    expect(listed).toMatchObject({ body: '第一版', version: 2 });
  });

  it('answers 404 for an unknown reply and for another agent’s personal one', async () => {
    const unknown = await t.as('admin')({ method: 'PATCH', url: '/api/quick-replies/999999', payload: { title: 'x', version: 1 } });
    expect(unknown.statusCode).toBe(404);
    expect(json(unknown).error).toBe('not_found');
    const mine = json(
      await t.as('agent')({ method: 'POST', url: '/api/quick-replies', payload: { scope: 'personal', title: '我的', body: '好的' } }),
    ).quickReply;
    const other = await t.as('supervisor')({ method: 'PATCH', url: `/api/quick-replies/${mine.id}`, payload: { title: '改', version: 1 } });
    expect(other.statusCode).toBe(404);
    const own = await t.as('agent')({ method: 'PATCH', url: `/api/quick-replies/${mine.id}`, payload: { title: '改好了', version: 1 } });
    expect(json(own).quickReply).toMatchObject({ scope: 'personal', title: '改好了', version: 2 });
  });

  it('lets only supervisors and admins change a shared reply', async () => {
    const reply = await sharedReply('尺码');
    const res = await t.as('agent')({ method: 'PATCH', url: `/api/quick-replies/${reply.id}`, payload: { title: '改', version: 1 } });
    expect(res.statusCode).toBe(403);
  });

  it('names the bad field with 400', async () => {
    const reply = await sharedReply('发票');
    const empty = await t.as('admin')({ method: 'PATCH', url: `/api/quick-replies/${reply.id}`, payload: { title: '  ', version: 1 } });
    expect(empty.statusCode).toBe(400);
    expect(json(empty).fields.map((f: { field: string }) => f.field)).toContain('body.title');
    const noVersion = await t.as('admin')({ method: 'PATCH', url: `/api/quick-replies/${reply.id}`, payload: { title: '发票抬头' } });
    expect(noVersion.statusCode).toBe(400);
    expect(json(noVersion).fields.map((f: { field: string }) => f.field)).toContain('body.version');
    const nothing = await t.as('admin')({ method: 'PATCH', url: `/api/quick-replies/${reply.id}`, payload: { version: 1 } });
    expect(nothing.statusCode).toBe(400);
    expect(json(nothing).fields[0].field).toBe('body');
  });
});

describe('the audit log', () => {
  it('filters by actor, action (or its prefix), record and time, and pages', async () => {
    await t.as('admin')({ method: 'POST', url: '/api/forbidden-phrases', payload: { phrase: '你自己看', suggestion: '我来帮您看一下' } });
    await t.as('supervisor')({ method: 'POST', url: '/api/forbidden-phrases', payload: { phrase: '不知道', suggestion: '我帮您查一下' } });
    const adminId = t.users.admin!.id;

    const byAdmin = json(await t.as('supervisor')({ url: `/api/audit?actorId=${adminId}&action=forbidden_phrase.create` }));
    expect(byAdmin.total).toBe(1);
    expect(byAdmin.entries[0]).toMatchObject({ action: 'forbidden_phrase.create', entity: 'forbidden_phrase', actorId: adminId, actor: 'admin用户' });
    expect(byAdmin.entries[0].detail).toMatchObject({ phrase: '你自己看' });

    const prefix = json(await t.as('supervisor')({ url: '/api/audit?action=forbidden_phrase.' }));
    expect(prefix.total).toBe(2);
    const paged = json(await t.as('supervisor')({ url: '/api/audit?action=forbidden_phrase.&pageSize=1&page=2' }));
    expect(paged.total).toBe(2);
    expect(paged.entries).toHaveLength(1);
    expect(paged.entries[0].detail.phrase).toBe('你自己看');

    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(json(await t.as('supervisor')({ url: `/api/audit?action=forbidden_phrase.&from=${encodeURIComponent(future)}` })).total).toBe(0);
    const past = new Date(Date.now() - 3600_000).toISOString();
    const inRange = json(
      await t.as('supervisor')({ url: `/api/audit?action=forbidden_phrase.&from=${encodeURIComponent(past)}&to=${encodeURIComponent(future)}` }),
    );
    expect(inRange.total).toBe(2);
    const backwards = await t.as('supervisor')({ url: `/api/audit?from=${encodeURIComponent(future)}&to=${encodeURIComponent(past)}` });
    expect(backwards.statusCode).toBe(400);
    expect(json(backwards).fields[0].field).toBe('query.to');
    expect((await t.as('agent')({ url: '/api/audit' })).statusCode).toBe(403);
  });

  it('exports the filtered entries to Excel, readable in Chinese', async () => {
    const res = await t.as('supervisor')({ url: '/api/audit.xlsx?action=forbidden_phrase.' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('审计日志');
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).values).toEqual([undefined, '时间', '操作人', '操作', '操作代码', '对象', '对象编号', '详情']);
    const newest = sheet.getRow(2);
    expect(newest.getCell(2).value).toBe('supervisor用户');
    expect(newest.getCell(3).value).toBe('新增服务忌语');
    expect(newest.getCell(5).value).toBe('服务忌语');
    expect(String(newest.getCell(7).value)).toContain('不知道');
    expect(sheet.getRow(3).getCell(2).value).toBe('admin用户');
  });
});

describe('settings forms round-trip', () => {
  it('saves each form as the page sends it and reads it back, refusing a stale version', async () => {
    const before = json(await t.as('supervisor')({ url: '/api/settings' })).settings;
    const policy = { ...before.afterSalePolicy.value, approvalLimitFen: 35_000, evidenceRequiredFor: ['quality', 'damaged'] };
    const put = await t.as('admin')({
      method: 'PUT',
      url: '/api/settings/afterSalePolicy',
      payload: { value: policy, version: before.afterSalePolicy.version },
    });
    expect(put.statusCode).toBe(200);
    const checks = { ...before.orderChecks.value, smallOrderFen: 1500, remoteProvinces: ['西藏', '新疆'] };
    expect((await t.as('admin')({ method: 'PUT', url: '/api/settings/orderChecks', payload: { value: checks, version: 0 } })).statusCode).toBe(200);

    const after = json(await t.as('supervisor')({ url: '/api/settings' })).settings;
    expect(after.afterSalePolicy).toEqual({ value: policy, version: json(put).version });
    expect(after.orderChecks.value).toEqual(checks);

    const stale = await t.as('admin')({
      method: 'PUT',
      url: '/api/settings/afterSalePolicy',
      payload: { value: policy, version: before.afterSalePolicy.version },
    });
    expect(stale.statusCode).toBe(409);
    const bad = await t.as('admin')({
      method: 'PUT',
      url: '/api/settings/orderChecks',
      payload: { value: { ...checks, smallOrderFen: -1 }, version: after.orderChecks.version },
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).fields[0].field).toBe('body.value.smallOrderFen');
    expect((await t.as('supervisor')({ method: 'PUT', url: '/api/settings/orderChecks', payload: { value: checks, version: 1 } })).statusCode).toBe(
      403,
    );

    const audit = json(await t.as('admin')({ url: '/api/audit?action=settings.update' }));
    expect(audit.entries.map((e: { entityId: string }) => e.entityId)).toEqual(['orderChecks', 'afterSalePolicy']);
  });
});
