/** Customers exported to Excel and imported from .xlsx/.csv: a dry run names each bad row's column in Chinese; known phones update. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

let t: TestApp;
let agent: Client;
let supervisor: Client;
beforeAll(async () => {
  t = await createTestApp();
  agent = t.as('agent');
  supervisor = t.as('supervisor');
});
afterAll(async () => {
  await t.close();
});

function upload(file: Buffer | string, dryRun: boolean, filename = 'customers.csv', client = supervisor) {
  const boundary = `----kefu${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return client({
    method: 'POST',
    url: `/api/customers/import?dryRun=${dryRun}`,
    payload: Buffer.concat([head, Buffer.isBuffer(file) ? file : Buffer.from(file), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

async function readSheet(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
  return rows;
}

const HEADER = '姓名,手机,邮箱,淘宝账号,客户分层,标签,性别,生日,专属客服,省份,城市,区县,详细地址';

describe('customer import', () => {
  it('dry-runs a sheet, naming each bad row and column in Chinese, and writes nothing', async () => {
    const csv = [
      HEADER,
      '王芳,13900001111,wf@qq.com,,VIP,老顾客、大码,女,1990-08-15,agent用户,浙江省,杭州市,西湖区,文三路 1 号',
      ',12345,not-mail,,金卡,,未知,1990-13-40,无此人,,,,',
      '李雷,13900001111,,,,,,,,,,,',
    ].join('\n');
    const res = await upload(csv, true);
    expect(res.statusCode, res.body).toBe(200);
    const report = json(res);
    expect(report).toMatchObject({ dryRun: true, rows: 3, created: 1, updated: 0 }); // what the good rows would do
    const byField = Object.fromEntries(
      report.errors.filter((e: { line: number }) => e.line === 3).map((e: { field: string; message: string }) => [e.field, e.message]),
    );
    expect(byField).toEqual({
      姓名: '「姓名」不能为空',
      手机: '「手机」“12345”不是有效的手机或电话号码',
      邮箱: '「邮箱」“not-mail”不是有效的邮箱地址',
      性别: '「性别」“未知”应为“男”或“女”',
      生日: '「生日」“1990-13-40”不是有效的日期（例如 1990-08-15）',
    });
    expect(report.errors).toContainEqual({ line: 4, field: '手机', message: '「手机」“13900001111”与第 2 行重复' });
    expect(report.errors.every((e: { message: string }) => /[\u4e00-\u9fa5]/.test(e.message))).toBe(true);
    expect(json(await agent({ url: '/api/customers/duplicates?phone=13900001111' })).duplicates).toEqual([]);

    const owner = await upload([HEADER, '韩梅梅,13900002222,,,,,,,无此人,,,,'].join('\n'), true);
    expect(json(owner).errors).toEqual([{ line: 2, field: '专属客服', message: '「专属客服」“无此人”不是在职客服的姓名或账号' }]);
    const real = json(await upload(csv, false));
    expect(real).toMatchObject({ dryRun: false, created: 0, updated: 0 });
    expect(real.errorCount).toBeGreaterThan(0);
    expect(json(await agent({ url: '/api/customers/duplicates?phone=13900001111' })).duplicates).toEqual([]);
  });

  it('refuses a sheet without a 姓名 column, in Chinese', async () => {
    const res = await upload('手机\n13900003333', true);
    expect(res.statusCode).toBe(400);
    expect(json(res).fields[0]).toMatchObject({ field: 'file', reason: expect.stringContaining('「姓名」') });
  });

  it('creates new customers and updates those whose phone is known, without doubling them', async () => {
    const existing = json(
      await agent({
        method: 'POST',
        url: '/api/customers',
        payload: { name: '陈静', tags: ['老顾客'], identities: [{ kind: 'phone', value: '13700001111' }] },
      }),
    ).customer;
    const csv = [
      HEADER,
      '陈静,137-0000-1111,cj@163.com,,VIP,大码,女,1992/8/5,agent用户,浙江省,杭州市,西湖区,文三路 100 号',
      '周杰,13700002222,,zhou_tb,,学生,男,,,,,,',
    ].join('\n');
    const dry = json(await upload(csv, true));
    expect(dry).toMatchObject({ errorCount: 0, rows: 2, created: 1, updated: 1 });
    const real = json(await upload(csv, false));
    expect(real).toMatchObject({ dryRun: false, errorCount: 0, created: 1, updated: 1 });

    const file = json(await agent({ url: `/api/customers/${existing.id}` })).customer;
    // 客户分层 (VIP in the file) is the rules' to compute: an import leaves it as it was.
    expect(file).toMatchObject({
      name: '陈静',
      segment: 'new',
      tags: ['老顾客', '大码'],
      gender: 'female',
      birthday: '1992-08-05',
      assignedAgentName: 'agent用户',
    });
    expect(file.version).toBe(existing.version + 1);
    expect(file.identities.map((i: { value: string }) => i.value)).toEqual(['13700001111', 'cj@163.com']);
    expect(file.addresses).toMatchObject([{ recipient: '陈静', phone: '13700001111', province: '浙江省', detail: '文三路 100 号', isDefault: true }]);
    const zhou = json(await agent({ url: '/api/customers/duplicates?kind=taobao&value=zhou_tb' })).duplicates;
    expect(zhou).toHaveLength(1);

    // The same file again changes nothing in number: every row is now an update.
    expect(json(await upload(csv, false))).toMatchObject({ created: 0, updated: 2 });
    expect(json(await agent({ url: '/api/customers/duplicates?phone=13700001111' })).duplicates).toHaveLength(1);
    expect((await upload(csv, true, 'customers.csv', agent)).statusCode).toBe(403);
  });
});

describe('customer export', () => {
  it('exports the filtered list as .xlsx in the import’s columns, and the file imports back', async () => {
    const c = json(
      await agent({
        method: 'POST',
        url: '/api/customers',
        payload: {
          name: '欧阳娜娜',
          tags: ['导出测试', '学生'],
          birthday: '1999-01-02',
          birthdayLunar: true,
          identities: [
            { kind: 'phone', value: '13566667777' },
            { kind: 'email', value: 'nana@163.com' },
          ],
          addresses: [{ recipient: '娜娜', phone: '13566667777', province: '上海市', city: '上海市', detail: '南京路 1 号' }],
        },
      }),
    ).customer;
    const res = await supervisor({ url: `/api/customers/export?tag=${encodeURIComponent('导出测试')}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readSheet(res.rawPayload);
    expect(rows[0]).toEqual([
      '客户编号',
      '姓名',
      '手机',
      '邮箱',
      '淘宝账号',
      '京东账号',
      '拼多多账号',
      '官网账号',
      '客户分层',
      '标签',
      '性别',
      '生日',
      '农历生日',
      '专属客服',
      '省份',
      '城市',
      '区县',
      '详细地址',
      '创建时间',
      '更新时间',
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.slice(0, 18)).toEqual([
      String(c.id),
      '欧阳娜娜',
      '13566667777',
      'nana@163.com',
      '',
      '',
      '',
      '',
      '新客户',
      '导出测试、学生',
      '',
      '1999-01-02',
      '是',
      '',
      '上海市',
      '上海市',
      '',
      '南京路 1 号',
    ]);
    expect((await agent({ url: '/api/customers/export' })).statusCode).toBe(403);
    const exported = await t.ctx.db.selectFrom('audit_log').select(['actor_id', 'detail']).where('action', '=', 'customer.export').execute();
    expect(exported).toEqual([{ actor_id: t.users.supervisor!.id, detail: { filter: { tag: '导出测试' }, rows: 1 } }]);

    const back = json(await upload(res.rawPayload, false, '客户.xlsx'));
    expect(back).toMatchObject({ errorCount: 0, created: 0, updated: 1 });
    const file = json(await agent({ url: `/api/customers/${c.id}` })).customer;
    expect(file).toMatchObject({ segment: 'new', tags: ['导出测试', '学生'], birthday: '1999-01-02', birthdayLunar: true });
    expect(file.addresses).toHaveLength(1);
  });
});
