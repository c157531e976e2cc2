import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadDemoFaq } from '@kefu/nlp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeMessage } from '../src/conversations/store.ts';
import { createTestApp, json, type TestApp } from './helpers.ts';

/** A local server speaking the OpenAI chat-completions protocol, recording what it was asked. */
let provider: Server;
let providerUrl: string;
const asked: { auth: string | undefined; body: { model: string; messages: { role: string; content: string }[] } }[] = [];
let mode: 'ok' | 'error' | 'garbage' | 'slow' = 'ok';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

let t: TestApp;
let conversationId: number;
beforeAll(async () => {
  provider = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return void res.writeHead(404).end();
    asked.push({ auth: req.headers.authorization, body: JSON.parse(await readBody(req)) });
    if (mode === 'error') return void res.writeHead(500).end('{"error":"overloaded"}');
    if (mode === 'garbage') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"nope":true}');
    if (mode === 'slow') return void setTimeout(() => res.writeHead(200).end('{}'), 3000);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'chatcmpl-1',
        object: 'chat.completion',
        model: 'test-model',
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            message: { role: 'assistant', content: ' 亲，您的订单 T20261123001 已从杭州发出，顺丰单号 SF1234567890，预计1-2天送达～ ' },
          },
        ],
      }),
    );
  });
  await new Promise<void>((r) => provider.listen(0, '127.0.0.1', () => r()));
  providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/v1`;

  t = await createTestApp({ LLM_URL: providerUrl, LLM_API_KEY: 'sk-test', LLM_MODEL: 'test-model', LLM_TIMEOUT_MS: '1000' });
  const db = t.ctx.db;
  await db
    .insertInto('faq_entries')
    .values(loadDemoFaq().map((e) => ({ question: e.question, alternatives: e.alternatives, answer: e.answer, category: e.category ?? '' })))
    .execute();
  const customer = await db.insertInto('customers').values({ name: '林小姐' }).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('orders')
    .values({
      platform: 'taobao',
      order_no: 'T20261123001',
      customer_id: customer.id,
      status: 'shipped',
      total_fen: 12_900,
      tracking_no: 'SF1234567890',
      courier: '顺丰',
    })
    .execute();
  const shop = await db
    .insertInto('shops')
    .values({ key: 'llmshop', name: '暖橙家居服饰', identity_secret: 's' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const visitor = await db
    .insertInto('visitors')
    .values({ shop_id: shop.id, token_hash: 'x', customer_id: customer.id, name: '林小姐' })
    .returning('id')
    .executeTakeFirstOrThrow();
  conversationId = (
    await db
      .insertInto('conversations')
      .values({ shop_id: shop.id, visitor_id: visitor.id, customer_id: customer.id, status: 'active', agent_id: t.users.agent!.id })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await storeMessage(db, {
    conversationId,
    sender: { kind: 'shopper', id: visitor.id, name: '林小姐' },
    kind: 'text',
    body: '我的快递到哪了，发货后几天能到？',
  });
});
afterAll(async () => {
  await t.close();
  await new Promise((r) => provider.close(r));
});

describe('drafting a reply with a language model', () => {
  it("asks the provider with the shop's knowledge, the customer's orders and the conversation, and returns its draft", async () => {
    mode = 'ok';
    expect(json(await t.as('agent')({ method: 'GET', url: '/api/knowledge/features' }))).toEqual({ llm: true });
    const res = await t.as('agent')({ method: 'POST', url: `/api/conversations/${conversationId}/draft` });
    expect(res.statusCode, res.body).toBe(200);
    const body = json(res);
    expect(body.draft).toBe('亲，您的订单 T20261123001 已从杭州发出，顺丰单号 SF1234567890，预计1-2天送达～');
    expect(body.sources.length).toBeGreaterThan(0);

    const request = asked.at(-1)!;
    expect(request.auth).toBe('Bearer sk-test');
    expect(request.body.model).toBe('test-model');
    const [system, ...rest] = request.body.messages;
    expect(system!.role).toBe('system');
    expect(system!.content).toContain('暖橙家居服饰');
    expect(system!.content).toContain('T20261123001，已发货');
    expect(system!.content).toMatch(/发货后几天能到|天到/);
    expect(rest).toEqual([{ role: 'user', content: '我的快递到哪了，发货后几天能到？' }]);
  });

  it('answers 502, not 500, when the provider fails, talks nonsense or is too slow', async () => {
    for (const m of ['error', 'garbage', 'slow'] as const) {
      mode = m;
      const res = await t.as('agent')({ method: 'POST', url: `/api/conversations/${conversationId}/draft` });
      expect(res.statusCode, m).toBe(502);
      expect(json(res).error).toBe('llm_unavailable');
    }
    mode = 'ok';
  });

  it('is off without LLM_URL, and not for department staff', async () => {
    expect((await t.as('warehouse')({ method: 'POST', url: `/api/conversations/${conversationId}/draft` })).statusCode).toBe(403);
    const off = await createTestApp();
    try {
      expect(json(await off.as('agent')({ method: 'GET', url: '/api/knowledge/features' }))).toEqual({ llm: false });
    } finally {
      await off.close();
    }
  });
});
