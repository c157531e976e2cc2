/**
 * The KPI dashboard (GET /api/reports/kpis and .xlsx) over the week of reports-fixture.ts: exact figures against the
 * targets and the week before, China days, the heat map, breakdowns, filters and the Excel export.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp } from './helpers.ts';
import { reportFixture, WEEK } from './reports-fixture.ts';

let t: TestApp;
let ids: Record<string, number>;
beforeAll(async () => {
  ({ t, ids } = await reportFixture());
});
afterAll(() => t.close());

const get = async (url: string, role = 'supervisor') => t.as(role)({ method: 'GET', url });
const kpi = (report: { kpis: { key: string }[] }, key: string) => report.kpis.find((k) => k.key === key) as Record<string, unknown>;

describe('GET /api/reports/kpis', () => {
  it('adds up the week against the targets and the week before', async () => {
    const res = await get(`/api/reports/kpis?${WEEK}`);
    expect(res.statusCode).toBe(200);
    const report = json(res);
    expect(report).toMatchObject({ from: '2026-03-02', to: '2026-03-08', previousFrom: '2026-02-23', previousTo: '2026-03-01' });
    // 4 rated: 5, 2, 4, 5 → 3 satisfied; the week before 3 and 4 → 1 of 2 (the 1 star of 22 Feb is in neither).
    expect(kpi(report, 'csat')).toMatchObject({ value: 0.75, previous: 0.5, target: 0.9, met: false, trend: 'better', count: 4 });
    // 5 chats + 2 tickets the shopper opened (t3 is a problem order): c1, c3, c4, c5 and t1 first-contact resolved.
    expect(kpi(report, 'fcr')).toMatchObject({ value: 5 / 7, target: 0.85, met: false, count: 7 });
    expect(kpi(report, 'secondContactRate')).toMatchObject({ value: 1 / 7, target: null, met: null });
    expect(kpi(report, 'secondContactResolution')).toMatchObject({ value: 1, target: 0.98, met: true, count: 1 });
    expect(kpi(report, 'firstResponse')).toMatchObject({ value: 25_000, previous: 30_000, met: true, trend: 'better', count: 4 });
    expect(kpi(report, 'avgResponse')).toMatchObject({ value: 210_000 / 8, count: 8 });
    expect(kpi(report, 'within30s')).toMatchObject({ value: 5 / 8 });
    expect(kpi(report, 'escalationRate')).toMatchObject({ value: 1 / 3, previous: 0, met: false, trend: 'worse', count: 3 });
    expect(kpi(report, 'botDeflection')).toMatchObject({ value: 0.2, count: 5 });
    expect(kpi(report, 'complaintFirstFeedback')).toMatchObject({ value: 90 * 60_000, target: 7_200_000, met: true, count: 1 });
    expect(kpi(report, 'collabSatisfaction')).toMatchObject({ value: 0.5, previous: 1, met: false, trend: 'worse', count: 2 });

    expect(report.sla).toEqual(
      expect.arrayContaining([
        { metric: 'chat_response', met: 1, breached: 1, rate: 0.5, previousRate: null },
        { metric: 'first_feedback', met: 1, breached: 0, rate: 1, previousRate: null },
        { metric: 'first_response', met: 0, breached: 0, rate: null, previousRate: 1 },
      ]),
    );
    expect(report.handoverReasons).toEqual([{ reason: 'complaint', count: 1 }]);
    const volume = Object.fromEntries(report.volumes.map((v: { key: string; value: number; previous: number }) => [v.key, [v.value, v.previous]]));
    expect(volume).toMatchObject({
      conversations: [5, 2],
      tickets: [3, 1],
      resolvedByBot: [1, 0],
      handedOver: [1, 0],
      rated: [4, 2],
      messages: [9, 0],
    });
  });

  it('draws every day of the range in China time, and the weekday × hour heat map', async () => {
    const report = json(await get(`/api/reports/kpis?${WEEK}`));
    expect(report.daily.map((d: { day: string }) => d.day)).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
    ]);
    const day = (d: string) => report.daily.find((x: { day: string }) => x.day === d);
    expect(day('2026-03-04')).toMatchObject({ conversations: 0, tickets: 0, csat: null });
    expect(day('2026-03-05')).toMatchObject({ conversations: 1, csat: 1, firstResponseMs: 20_000 });
    expect(day('2026-03-03')).toMatchObject({ conversations: 1, tickets: 2, csat: 0, escalationRate: 0.5 });
    // Chats, and the tickets that did not come from a chat, by when they arrived in China.
    expect(report.heatmap).toEqual([
      { weekday: 1, hour: 10, count: 1 },
      { weekday: 2, hour: 9, count: 2 },
      { weekday: 2, hour: 10, count: 1 },
      { weekday: 4, hour: 0, count: 1 },
      { weekday: 5, hour: 14, count: 2 },
      { weekday: 6, hour: 16, count: 1 },
    ]);
  });

  it('breaks the figures down per agent, group and channel', async () => {
    const report = json(await get(`/api/reports/kpis?${WEEK}`));
    expect(report.byAgent).toEqual([
      {
        id: ids.a,
        name: '小美',
        conversations: 3,
        tickets: 2,
        csat: 2 / 3,
        fcr: 3 / 4,
        firstResponseMs: 70_000 / 3,
        within30s: 4 / 7,
        escalationRate: 0,
      },
      { id: ids.b, name: '阿杰', conversations: 1, tickets: 1, csat: 1, fcr: 0.5, firstResponseMs: 30_000, within30s: 1, escalationRate: 1 },
      { id: null, name: '', conversations: 1, tickets: 0, csat: null, fcr: 1, firstResponseMs: null, within30s: null, escalationRate: null },
    ]);
    expect(report.byGroup.map((g: { name: string; conversations: number }) => [g.name, g.conversations])).toEqual([
      ['售前', 3],
      ['', 2],
    ]);
    expect(report.byChannel.map((g: { name: string; conversations: number; tickets: number }) => [g.name, g.conversations, g.tickets])).toEqual([
      ['web', 3, 3],
      ['taobao', 2, 0],
    ]);
  });

  it('filters by agent, group and channel', async () => {
    const mine = json(await get(`/api/reports/kpis?${WEEK}&agentId=${ids.a}`));
    expect(kpi(mine, 'csat')).toMatchObject({ value: 2 / 3, previous: 0.5 });
    expect(mine.volumes.find((v: { key: string }) => v.key === 'tickets')).toMatchObject({ value: 2, previous: 1 });
    expect(mine.sla).toEqual(expect.arrayContaining([{ metric: 'chat_response', met: 1, breached: 1, rate: 0.5, previousRate: null }]));
    expect(mine.sla.find((s: { metric: string }) => s.metric === 'first_feedback')).toBeUndefined();
    const taobao = json(await get(`/api/reports/kpis?${WEEK}&channel=taobao`));
    expect(kpi(taobao, 'botDeflection')).toMatchObject({ value: 0.5, count: 2 });
    expect(kpi(taobao, 'collabSatisfaction')).toMatchObject({ value: null, count: 0 });
    const group = json(await get(`/api/reports/kpis?${WEEK}&groupId=${ids.group}`));
    expect(group.volumes.find((v: { key: string }) => v.key === 'conversations')).toMatchObject({ value: 3 });
  });

  it('exports the dashboard to Excel, a sheet per table', async () => {
    const res = await get(`/api/reports/kpis.xlsx?${WEEK}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('服务指标 2026-03-02至2026-03-08.xlsx')}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      '指标（比率）',
      '指标（时长）',
      '业务量',
      '服务时效',
      '每日趋势',
      '按客服',
      '按技能组',
      '按渠道',
      '转人工原因',
      '时段分布',
    ]);
    const ratios = workbook.getWorksheet('指标（比率）')!;
    const csat = ratios.getRow(2);
    expect([csat.getCell(1).value, csat.getCell(2).value, csat.getCell(3).value, csat.getCell(4).value, csat.getCell(5).value]).toEqual([
      '顾客满意度',
      0.75,
      0.9,
      '未达标',
      0.5,
    ]);
    expect(workbook.getWorksheet('每日趋势')!.rowCount).toBe(8);
  });
});
