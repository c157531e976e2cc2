// The page context the widget sends with a shopper's text: parsed declarations, the contract's limits, and the
// connection attaching it to text sends only.
import { describe, expect, it } from 'vitest';
import { ShopperFrame } from '@kefu/protocol/chat/shopper';
import { Connection } from '../src/connection.ts';
import { pageContext, parseProduct } from '../src/page-context.ts';
import { FakeClock, FakeSocket, MemoryStorage, welcome } from './fakes.ts';

describe('parseProduct', () => {
  it.each([
    ['12', { id: 12 }],
    [12, { id: 12 }],
    ['{"id":12,"name":"加绒卫衣"}', { id: 12, name: '加绒卫衣' }],
    [
      { id: '7', name: ' 睡衣 ' },
      { id: 7, name: '睡衣' },
    ],
  ])('reads %j', (input, product) => {
    expect(parseProduct(input)).toEqual(product);
  });
  it.each(['', 'abc', '{"id":-1}', '{"id":1.5}', '{bad json', null, { name: 'x' }, 99999999999])('ignores %j', (input) => {
    expect(parseProduct(input)).toBeNull();
  });
});

describe('pageContext', () => {
  it('is what the shopper contract accepts', () => {
    const page = pageContext('https://shop.example/p/12?from=ad', '加绒卫衣 - 暖橙', { id: 12, name: '加绒卫衣' });
    expect(page).toEqual({ url: 'https://shop.example/p/12?from=ad', title: '加绒卫衣 - 暖橙', productId: 12, productName: '加绒卫衣' });
    expect(ShopperFrame.safeParse({ type: 'send', clientId: 'client-0001', kind: 'text', body: '有M码吗', page }).success).toBe(true);
    expect(pageContext('file:///tmp/x.html', 't', null)).toBeNull();
    expect(pageContext('https://a.example/' + 'x'.repeat(2000), 'y'.repeat(500), null)!.url).toHaveLength(1000);
  });
});

describe('Connection with a page', () => {
  it('sends the page with text messages, not with images or order numbers', () => {
    const sockets: FakeSocket[] = [];
    let n = 0;
    const conn = new Connection({
      url: 'wss://kefu.example/ws/shopper',
      shop: 'nuancheng',
      storage: new MemoryStorage(),
      clock: new FakeClock(),
      uuid: () => `uuid-${++n}`,
      page: () => ({ url: 'https://shop.example/p/12', productId: 12 }),
      socket: (url, h) => {
        const s = new FakeSocket(url, h);
        sockets.push(s);
        return s;
      },
    });
    conn.start();
    const socket = sockets[0]!;
    socket.server(welcome(null));
    conn.send('text', '这件有M码吗');
    conn.send('order', '20261111000123');
    expect(socket.sent).toEqual([
      { type: 'send', clientId: 'uuid-1', kind: 'text', body: '这件有M码吗', page: { url: 'https://shop.example/p/12', productId: 12 } },
      { type: 'send', clientId: 'uuid-2', kind: 'order', body: '20261111000123' },
    ]);
  });
});
