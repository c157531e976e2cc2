import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { readRows } from '../src/files/rows.ts';
import { sendSheet, sheet, sheetFile, workbookFile } from '../src/files/sheets.ts';

interface Row {
  name: string;
  chats: number;
  csat: number | null;
  refundFen: number;
  firstResponseMs: number;
  at: Date;
}

const rows: Row[] = [
  { name: '小美', chats: 12, csat: 0.925, refundFen: 12_345, firstResponseMs: 18_500, at: new Date('2026-11-11T01:30:00Z') },
  { name: '=HYPERLINK("x")', chats: 0, csat: null, refundFen: 0, firstResponseMs: 0, at: new Date('2026-11-11T16:00:00Z') },
];

async function read(file: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  return workbook;
}

describe('sheetFile', () => {
  it('writes a header and one line per row, numbers kept numeric, money in yuan, times in China time, formulas as text', async () => {
    const file = await sheetFile<Row>(
      '客服绩效',
      [
        { header: '客服', value: (r) => r.name },
        { header: '会话数', value: (r) => r.chats, format: 'integer' },
        { header: '满意度', value: (r) => r.csat, format: 'percent' },
        { header: '退款', value: (r) => r.refundFen, format: 'yuan' },
        { header: '首次响应', value: (r) => r.firstResponseMs, format: 'seconds' },
        { header: '时间', value: (r) => r.at, format: 'datetime' },
      ],
      rows,
    );
    const sheet = (await read(file)).getWorksheet('客服绩效')!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).values).toEqual([undefined, '客服', '会话数', '满意度', '退款', '首次响应', '时间']);
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe('小美');
    expect(first.getCell(2).value).toBe(12);
    expect(first.getCell(3).value).toBe(0.925);
    expect(first.getCell(3).numFmt).toBe('0.0%');
    expect(first.getCell(4).value).toBe(123.45);
    expect(first.getCell(5).value).toBe(18.5);
    // 01:30 UTC is 09:30 in Shanghai; Excel shows the cell's wall time as it is stored.
    expect((first.getCell(6).value as Date).toISOString()).toBe('2026-11-11T09:30:00.000Z');
    const second = sheet.getRow(3);
    expect(second.getCell(1).value).toBe(`'=HYPERLINK("x")`);
    expect(second.getCell(3).value).toBeNull();
  });

  it('writes several sheets with names Excel accepts', async () => {
    const days = [{ d: '2026-11-11', n: 3 }];
    const file = await workbookFile([
      sheet('汇总/按天', days, [
        { header: '天', value: (r) => r.d },
        { header: '数', value: (r) => r.n, format: 'integer' },
      ]),
      sheet<{ d: string }>('汇总/按天', [], [{ header: '天', value: (r) => r.d }]),
    ]);
    const workbook = await read(file);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['汇总 按天', '汇总 按天 (2)']);
    expect(workbook.worksheets[0]!.getRow(2).values).toEqual([undefined, '2026-11-11', 3]);
  });
});

describe('sendSheet', () => {
  it('sends an .xlsx download with the Chinese file name (RFC 5987) and an ASCII fallback', async () => {
    const app = Fastify();
    app.get('/f', async (_, reply) => sendSheet(reply, '客服绩效 2026-11', await sheetFile('表', [{ header: 'a', value: () => 1 }], [{}])));
    const res = await app.inject({ url: '/f' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="____ 2026-11.xlsx"; filename*=UTF-8''${encodeURIComponent('客服绩效 2026-11.xlsx')}`,
    );
    expect((await read(res.rawPayload)).worksheets).toHaveLength(1);
    await app.close();
  });
});

describe('reading an uploaded .xlsx', () => {
  it('reads the same export every time, however its bytes arrive', async () => {
    const file = await sheetFile<Row>(
      '客户',
      [
        { header: '姓名', value: (r) => r.name },
        { header: '会话', value: (r) => r.chats },
      ],
      rows,
    );
    // exceljs's streaming reader failed about 1 read in 150 of this very file ("reading 'sheets'").
    for (let i = 0; i < 300; i++) {
      const stream = new Readable({ read() {} });
      void (async () => {
        for (let at = 0; at < file.length;) {
          const size = 1 + Math.floor(Math.random() * 2000);
          await new Promise((resolve) => setImmediate(resolve));
          stream.push(file.subarray(at, at + size));
          at += size;
        }
        stream.push(null);
      })();
      const read: string[][] = [];
      for await (const row of readRows(stream, '客户.xlsx')) read.push(row.cells);
      expect(read).toEqual([
        ['姓名', '会话'],
        ['小美', '12'],
        ['\'=HYPERLINK("x")', '0'], // written as text, not a formula
      ]);
    }
  });
});
