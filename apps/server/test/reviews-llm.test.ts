import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from './helpers.ts';
import { deliverReviews, review, REVIEW_SECRET } from './reviews-fixture.ts';

/** A local OpenAI-compatible provider: answers a draft, or fails when told to. */
let provider: Server;
let failing = false;
const prompts: string[] = [];
let t: TestApp;
beforeAll(async () => {
  provider = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    prompts.push(Buffer.concat(chunks).toString('utf8'));
    if (failing) return void res.writeHead(500).end('{}');
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: ' 亲，非常抱歉让您失望了，客服已联系您处理退换。 ' } }] }));
  });
  await new Promise<void>((r) => provider.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/v1`;
  t = await createTestApp({ ORDER_WEBHOOK_SECRET: REVIEW_SECRET, LLM_URL: url, LLM_TIMEOUT_MS: '5000' });
});
afterAll(async () => {
  await t.close();
  provider.close();
});

describe('review reply drafted by the language model', () => {
  it('asks the model with the review and offers its draft, the template among the suggestions', async () => {
    const id = json(await deliverReviews(t, { review: review({ stars: 2, content: '杯子盖子漏水，太失望了' }) })).ids[0];
    const draft = json(await t.as('agent')({ method: 'GET', url: `/api/reviews/${id}/draft` }));
    expect(draft).toMatchObject({ source: 'llm', text: '亲，非常抱歉让您失望了，客服已联系您处理退换。' });
    expect(draft.suggestions[0]).toMatchObject({ source: 'template' });
    expect(prompts.at(-1)).toContain('杯子盖子漏水');
  });

  it('falls back to the template when the model fails', async () => {
    failing = true;
    const id = json(await deliverReviews(t, { review: review({ stars: 1, content: '快递太慢了' }) })).ids[0];
    const draft = json(await t.as('agent')({ method: 'GET', url: `/api/reviews/${id}/draft` }));
    expect(draft.source).toBe('template');
    expect(draft.text).toContain('物流');
  });
});
