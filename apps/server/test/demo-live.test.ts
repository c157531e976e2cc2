import { AFTER_SALE_STATES } from '@kefu/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { AppContext } from '../src/http/context.ts';
import { DEMO_PASSWORD, seedDemo } from '../src/seed/demo.ts';
import { createTestContext, json } from './helpers.ts';

// Issue 16: on first start every page shows work in progress (seed/live.ts), not only the closed history.
let ctx: AppContext;
let close: () => Promise<void>;
let app: Awaited<ReturnType<typeof buildApp>>;
const cookies = new Map<string, string>();
beforeAll(async () => {
  ({ ctx, close } = await createTestContext());
  await seedDemo(ctx.db, { customers: 60, tickets: 40, history: false });
  app = await buildApp(ctx, { logger: false });
  for (const username of ['zhuguan', 'xiaomei', 'cangku', 'caiwu', 'jishu', 'chanpin']) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
    cookies.set(username, `kefu_session=${res.cookies.find((c) => c.name === 'kefu_session')!.value}`);
  }
});
afterAll(async () => {
  await app.close();
  await close();
});

const get = async (who: string, url: string) => {
  const res = await app.inject({ method: 'GET', url, headers: { cookie: cookies.get(who)! } });
  expect(res.statusCode, `${who} ${url}: ${res.body}`).toBe(200);
  return json(res);
};

describe('the demo shop right now', () => {
  it('has open conversations waiting, with agents and unread', async () => {
    const all = (await get('zhuguan', '/api/conversations?scope=all')).conversations as { status: string; lastSeq: number; agentReadSeq: number }[];
    const open = all.filter((c) => c.status !== 'closed');
    expect(open.filter((c) => c.status === 'queued').length).toBeGreaterThanOrEqual(3);
    expect(open.filter((c) => c.status === 'active').length).toBeGreaterThanOrEqual(3);
    expect(open.filter((c) => c.lastSeq > c.agentReadSeq).length).toBeGreaterThanOrEqual(2);
    expect((await get('xiaomei', '/api/conversations')).conversations.length).toBeGreaterThan(0);
  });

  it('has open collaboration tasks for every department, and the warehouse sees its reissue receiver', async () => {
    for (const who of ['cangku', 'caiwu', 'jishu', 'chanpin']) {
      const tasks = (await get(who, '/api/tasks')).tasks as { state: string }[];
      expect(tasks.filter((t) => t.state !== 'done').length, who).toBeGreaterThan(0);
      expect((await get(who, '/api/tickets')).tickets.length, `${who} sees the tickets of its tasks`).toBeGreaterThan(0);
    }
    const reissue = ((await get('cangku', '/api/tasks')).tasks as { title: string; orderId: number; contactMasked: boolean }[]).find((t) =>
      t.title.startsWith('请发补发单'),
    )!;
    expect(reissue.contactMasked).toBe(false);
    expect((await get('cangku', `/api/orders/${reissue.orderId}`)).order.contactMasked).toBe(false);
  });

  it('has an after-sale request in every state, one over the limit waiting for the supervisor, and problem orders', async () => {
    const requests = (await get('zhuguan', '/api/aftersales')).afterSales as { id: number; state: string }[];
    expect(new Set(requests.map((a) => a.state))).toEqual(new Set(AFTER_SALE_STATES));
    const waiting = requests.find((a) => a.state === 'pending_approval')!;
    expect((await get('zhuguan', `/api/aftersales/${waiting.id}`)).afterSale).toMatchObject({ needsSupervisor: true });
    const problems = (await get('zhuguan', '/api/tickets?type=problem_order&status=new&status=open')).tickets;
    expect(problems.length).toBeGreaterThanOrEqual(3);
  });
});
