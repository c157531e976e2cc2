// The bot on real marketplace chat lines (issue 15), end to end through the shopper socket: requests for a person
// hand over (never the "transfer" FAQ answer alone), fillers get no FAQ answer, low-confidence questions are mined,
// and the page's product answers "这件有M码吗".
import type { AddressInfo } from 'node:net';
import { loadDemoFaq } from '@kefu/nlp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatClient, expectFramesFitProtocol } from './chat-client.ts';
import { createTestApp, type TestApp } from './helpers.ts';

let t: TestApp;
let base: string;
let productId: number;
const open: ChatClient[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const [group] = await t.ctx.db
    .insertInto('skill_groups')
    .values([{ name: '售前' }])
    .returning('id')
    .execute();
  const shop = await t.ctx.db
    .insertInto('shops')
    .values({ key: 'linesshop', name: '测试店', identity_secret: 'secret-l', default_group_id: group!.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.ctx.db
    .insertInto('faq_entries')
    .values(loadDemoFaq().map((e) => ({ question: e.question, alternatives: e.alternatives, answer: e.answer, category: e.category ?? '' })))
    .execute();
  const product = await t.ctx.db
    .insertInto('products')
    .values({
      sku: 'HD-001',
      name: '加绒连帽卫衣',
      category: '卫衣',
      price_fen: 15900,
      stock: 12,
      size_chart: JSON.stringify([
        { size: 'S', heightMin: 150, heightMax: 160, weightMin: 40, weightMax: 50 },
        { size: 'M', heightMin: 160, heightMax: 170, weightMin: 50, weightMax: 60, measurements: { 胸围: '108cm' } },
        { size: 'L', heightMin: 170, heightMax: 178, weightMin: 60, weightMax: 72 },
      ]),
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  productId = product.id;
  const on = await t.as('admin')({ method: 'PUT', url: `/api/shops/${shop.id}/bot`, payload: { enabled: true, threshold: 0.6 } });
  expect(on.statusCode, on.body).toBe(200);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t.close();
});
afterEach(expectFramesFitProtocol);
beforeEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await t.ctx.db.updateTable('conversations').set({ status: 'closed', closed_at: new Date() }).where('status', '<>', 'closed').execute();
});

async function shopper() {
  const c = await ChatClient.connect(`${base}/ws/shopper?shop=linesshop`);
  open.push(c);
  await c.type('welcome');
  return c;
}
let n = 0;
function ask(c: ChatClient, body: string, page?: Record<string, unknown>) {
  const clientId = `lines-${++n}-${Date.now()}`;
  c.send({ type: 'send', clientId, kind: 'text', body, ...(page && { page }) });
  return c.type('ack', (f) => f.clientId === clientId);
}
async function settled(conversationId: number) {
  // The bot takes a turn after the ack: wait until it has answered, handed over or chosen silence.
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 20));
    const row = await t.ctx.db.selectFrom('conversations').select('status').where('id', '=', conversationId).executeTakeFirstOrThrow();
    if (row.status !== 'bot') return row.status;
  }
  return 'bot';
}

describe('the bot on real chat lines', () => {
  it.each(['人工', '人工?', '真人', '是机器人吗', '你是机器人啊', '找你们客服', '活人', '人工客服在吗', '要人工', '怎么转人工客服？'])(
    '%s hands over, and no FAQ answer goes out',
    async (line) => {
      const s = await shopper();
      const ack = await ask(s, line);
      await s.type('message', (f) => f.data?.code === 'handover');
      expect(await settled(ack.conversationId)).toBe('queued');
      expect(s.frames.some((f) => f.type === 'message' && f.sender?.kind === 'bot' && f.kind === 'text')).toBe(false);
      const note = await t.ctx.db
        .selectFrom('messages')
        .select('body')
        .where('conversation_id', '=', ack.conversationId)
        .where('kind', '=', 'note')
        .executeTakeFirstOrThrow();
      expect(note.body).toMatch(/顾客要求人工/);
    },
  );

  it('answers no filler from the FAQ: a greeting gets one polite line, acknowledgements nothing', async () => {
    const s = await shopper();
    const ack = await ask(s, '在吗?');
    const hello = await s.type('message', (f) => f.sender.kind === 'bot');
    expect(hello.data).toMatchObject({ code: 'greeting' });
    for (const line of ['好的', '嗯嗯', '知道了谢谢', '收到', 'ok', '👌', '电话', '下单了', '哦哦', '1', '20261111000123']) await ask(s, line);
    await ask(s, '退钱一般几天能到账');
    const answer = await s.type('message', (f) => f.sender.kind === 'bot' && typeof f.data?.faqId === 'number');
    expect(answer.body).toMatch(/退款/);
    const botLines = await t.ctx.db
      .selectFrom('messages')
      .select(['body', 'data'])
      .where('conversation_id', '=', ack.conversationId)
      .where('sender_kind', '=', 'bot')
      .execute();
    // The greeting, the thanks line is skipped (the bot already spoke), and the one real answer.
    expect(botLines.map((m) => (m.data as { code?: string }).code ?? 'faq')).toEqual(['greeting', 'faq']);
    const logged = await t.ctx.db.selectFrom('bot_answers').select('question').where('conversation_id', '=', ack.conversationId).execute();
    expect(logged.map((l) => l.question)).toEqual(['退钱一般几天能到账']);
    expect(await settled(ack.conversationId)).toBe('bot');
  });

  it('adds a question handed over for low confidence to the unknown questions, counted once per asking', async () => {
    const q = '你们公司的年会在哪里办';
    for (let i = 0; i < 2; i++) {
      const s = await shopper();
      const ack = await ask(s, q);
      await s.type('message', (f) => f.data?.code === 'handover');
      await settled(ack.conversationId);
      await s.close();
      await t.ctx.db.updateTable('conversations').set({ status: 'closed', closed_at: new Date() }).where('id', '=', ack.conversationId).execute();
    }
    const rows = await t.ctx.db.selectFrom('unknown_questions').select(['question', 'asked']).where('question', 'like', '你们公司%').execute();
    expect(rows).toEqual([{ question: q, asked: 2 }]);
    expect(await t.ctx.db.selectFrom('unknown_questions').select('question').where('question', 'in', ['好的', '嗯嗯', '人工']).execute()).toEqual([]);
  });

  it('answers "这件卫衣有M码吗？" from the product on the shopper\'s page, and shows the page to the agent', async () => {
    const s = await shopper();
    const page = { url: 'https://shop.example/p/hd-001', title: '加绒连帽卫衣 - 暖橙', productId, productName: '加绒连帽卫衣' };
    const ack = await ask(s, '这件卫衣有M码吗？', page);
    const reply = await s.type('message', (f) => f.sender.kind === 'bot');
    expect(reply.body).toMatch(/加绒连帽卫衣.*有 M 码.*160-170cm.*胸围 108cm/);
    await ask(s, '我172 130斤穿哪个码', page);
    const advice = await s.type('message', (f) => f.sender.kind === 'bot' && f.seq > reply.seq);
    expect(advice.body).toMatch(/建议选 L 码/);
    await ask(s, '有XL码吗', page);
    const none = await s.type('message', (f) => f.sender.kind === 'bot' && f.seq > advice.seq);
    expect(none.body).toMatch(/没有 XL 码.*S \/ M \/ L/);

    const stored = await t.ctx.db
      .selectFrom('messages')
      .select('data')
      .where('conversation_id', '=', ack.conversationId)
      .where('sender_kind', '=', 'shopper')
      .execute();
    expect(stored[0]!.data).toMatchObject({ page: { productId, url: page.url } });
    await ask(s, '转人工', page);
    await s.type('message', (f) => f.data?.code === 'handover');
    const note = await t.ctx.db
      .selectFrom('messages')
      .select('body')
      .where('conversation_id', '=', ack.conversationId)
      .where('kind', '=', 'note')
      .executeTakeFirstOrThrow();
    expect(note.body).toContain(`加绒连帽卫衣（商品 #${productId}）`);
  });

  it('refuses a page context that is not an http(s) page', async () => {
    const s = await shopper();
    s.send({ type: 'send', clientId: `lines-bad-${Date.now()}`, kind: 'text', body: '有M码吗', page: { url: 'javascript:alert(1)' } });
    const err = await s.type('error');
    expect(err.code).toBe('invalid');
  });
});
