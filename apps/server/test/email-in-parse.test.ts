import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { MAX_TEXT_CHARS, parseInboundMail, type ParsedMail, type Refusal } from '../src/channels/email-in/parse.ts';
import { screenInboundMail } from '../src/channels/email-in/screen.ts';

// Raw messages are built here, byte for byte, the way Chinese mail clients write them.
const ORDER = '我的订单还没发货，请尽快处理';
const bytes = (s: string, charset: string) => iconv.encode(s, charset);
const bWord = (s: string, charset: string) => `=?${charset}?B?${bytes(s, charset).toString('base64')}?=`;
const qWord = (s: string, charset: string) =>
  `=?${charset}?Q?${[...bytes(s, charset)].map((b) => (b >= 0x80 || b === 0x3d || b === 0x3f || b === 0x5f || b < 0x21 ? `=${hex(b)}` : String.fromCharCode(b))).join('')}?=`;
const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');
const pct = (s: string, charset: string) => [...bytes(s, charset)].map((b) => `%${hex(b)}`).join('');

/** Quoted-printable with soft line breaks, as RFC 2045 §6.7 has it. */
function qp(body: Buffer): string {
  const tokens = [...body].map((b) => (b >= 0x80 || b === 0x3d || b < 0x20 ? `=${hex(b)}` : String.fromCharCode(b)));
  const lines: string[] = [];
  let line = '';
  for (const t of tokens) {
    if (line.length + t.length > 72) {
      lines.push(`${line}=`);
      line = '';
    }
    line += t;
  }
  return [...lines, line].join('\r\n');
}

function encodeBody(body: Buffer, cte: string): Buffer {
  if (cte === 'base64') return Buffer.from(body.toString('base64').replace(/.{76}/g, '$&\r\n'));
  if (cte === 'quoted-printable') return Buffer.from(qp(body));
  return body;
}

const HEAD = ['From: 张三 <ZhangSan@QQ.com>', 'To: kefu@shop.example', 'Date: Tue, 1 Apr 2025 10:00:00 +0800', 'MIME-Version: 1.0'];

/** A single-part message: `headers` replace the defaults of the same name. */
function message(headers: string[], body: Buffer | string = '您好', type = 'text/plain; charset=utf-8', cte = '8bit'): Buffer {
  const names = new Set(headers.map((h) => h.slice(0, h.indexOf(':')).toLowerCase()));
  const all = [...HEAD.filter((h) => !names.has(h.slice(0, h.indexOf(':')).toLowerCase())), ...headers];
  const content = typeof body === 'string' ? Buffer.from(body) : body;
  return Buffer.concat([
    Buffer.from(`${all.join('\r\n')}\r\nContent-Type: ${type}\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n`),
    encodeBody(content, cte),
  ]);
}

/** A multipart/mixed message: a text part then the given parts (raw part headers + base64 content). */
function multipart(headers: string[], parts: { headers: (string | Buffer)[]; content: Buffer }[], text = '见附件'): Buffer {
  const chunks: Buffer[] = [
    Buffer.from(`${[...HEAD, ...headers].join('\r\n')}\r\nContent-Type: multipart/mixed; boundary="=_b"\r\n\r\n`),
    Buffer.from(`--=_b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`),
  ];
  for (const part of parts) {
    chunks.push(Buffer.from('--=_b\r\n'));
    for (const h of part.headers) chunks.push(Buffer.isBuffer(h) ? h : Buffer.from(h), Buffer.from('\r\n'));
    chunks.push(Buffer.from(`Content-Transfer-Encoding: base64\r\n\r\n${part.content.toString('base64')}\r\n`));
  }
  chunks.push(Buffer.from('--=_b--\r\n'));
  return Buffer.concat(chunks);
}

async function parsed(raw: Buffer, limits?: Parameters<typeof parseInboundMail>[1]): Promise<ParsedMail> {
  const result = await parseInboundMail(raw, limits);
  if (result.kind !== 'mail') throw new Error(`refused: ${result.reason} ${result.detail}`);
  return result;
}

async function refused(raw: Buffer, limits?: Parameters<typeof parseInboundMail>[1]): Promise<Refusal> {
  const result = await parseInboundMail(raw, limits);
  if (result.kind !== 'refused') throw new Error('expected a refusal');
  return result;
}

describe('decoding Chinese headers', () => {
  const cases = ['gbk', 'gb18030', 'gb2312', 'utf-8'].flatMap((charset) => [
    { charset, encoding: 'B', word: bWord },
    { charset, encoding: 'Q', word: qWord },
  ]);
  it.each(cases)('decodes a $charset $encoding-encoded subject and From name', async ({ charset, word }) => {
    const mail = await parsed(message([`Subject: ${word(ORDER, charset)}`, `From: ${word('王小明', charset)} <Wang@163.com>`]));
    expect(mail.subject).toBe(ORDER);
    expect(mail.from).toEqual({ address: 'wang@163.com', name: '王小明' });
  });

  it('decodes a subject split over several folded encoded words', async () => {
    const mail = await parsed(message([`Subject: ${bWord('我的订单', 'gbk')}\r\n ${bWord('还没发货，请尽快处理', 'gbk')}`]));
    expect(mail.subject).toBe(ORDER);
  });

  it('reads raw 8-bit GBK headers (no encoded words) as GBK instead of garbling them', async () => {
    const raw = Buffer.concat([
      Buffer.from('From: '),
      bytes('李雷', 'gbk'),
      Buffer.from(' <lilei@qq.com>\r\nTo: kefu@shop.example\r\nSubject: '),
      bytes(ORDER, 'gbk'),
      Buffer.from('\r\nContent-Type: text/plain; charset=gbk\r\n\r\n'),
      bytes('正文', 'gbk'),
    ]);
    const mail = await parsed(raw);
    expect(mail.subject).toBe(ORDER);
    expect(mail.from.name).toBe('李雷');
    expect(mail.text).toBe('正文');
  });
});

describe('decoding Chinese bodies', () => {
  const cases = ['gbk', 'gb18030', 'gb2312'].flatMap((charset) => ['base64', 'quoted-printable', '8bit'].map((cte) => ({ charset, cte })));
  it.each(cases)('decodes a charset=$charset body sent as $cte', async ({ charset, cte }) => {
    const body = `${ORDER}\r\n订单号 20250401-8888，谢谢！\r\n`.repeat(3);
    const mail = await parsed(message([], bytes(body, charset), `text/plain; charset=${charset}`, cte));
    expect(mail.text).toBe(body.replace(/\r\n/g, '\n').trimEnd());
  });

  it('decodes GB18030 four-byte characters that GBK does not have', async () => {
    const body = '𠮷野家的优惠券㐀用不了';
    const mail = await parsed(message([], bytes(body, 'gb18030'), 'text/plain; charset="GB18030"', 'base64'));
    expect(mail.text).toBe(body);
  });

  it('trims trailing whitespace and caps the text', async () => {
    const trailing = await parsed(message([], '第一行   \r\n第二行\t\r\n\r\n\r\n  '));
    expect(trailing.text).toBe('第一行\n第二行');
    const long = await parsed(message([], '长'.repeat(MAX_TEXT_CHARS + 500)));
    expect(long.text).toHaveLength(MAX_TEXT_CHARS);
  });
});

describe('HTML mail', () => {
  const hostile = [
    '<html><head><style>p { color: red }</style><script>alert("head")</script></head><body>',
    '<p onclick="steal(document.cookie)">您好，我的快递丢了</p>',
    '<a href="javascript:alert(1)">点这里查看</a> <a href="JaVaScRiPt&colon;alert(2)">再点</a> <a href="java\tscript:alert(3)">三</a>',
    '<a href="https://shop.example/order/88">订单详情</a>',
    '<iframe src="https://evil.example"></iframe><object data="x.swf"></object><embed src="y.swf">',
    '<form action="https://evil.example"><input name="pw"></form><img src="cid:logo@x" alt="logo">',
    '<script>document.write("body")</script></body></html>',
  ].join('');

  it('turns HTML-only mail into plain text without scripts, handlers or javascript: links, and keeps no HTML', async () => {
    const mail = await parsed(message([], hostile, 'text/html; charset=utf-8', 'quoted-printable'));
    expect(mail.text).toContain('您好，我的快递丢了');
    expect(mail.text).toContain('点这里查看');
    expect(mail.text).toContain('https://shop.example/order/88');
    for (const bad of ['alert', 'javascript', 'script', 'onclick', 'steal', 'color: red', '<', 'cid:', 'document']) {
      expect(mail.text.toLowerCase()).not.toContain(bad);
    }
    expect(mail.html).toBeNull();
  });

  it('decodes a GBK HTML body', async () => {
    const mail = await parsed(message([], bytes(`<div>${ORDER}<br>谢谢</div>`, 'gbk'), 'text/html; charset=gbk', 'base64'));
    expect(mail.text).toBe(`${ORDER}\n谢谢`);
  });

  it('prefers the text part of a multipart/alternative', async () => {
    const raw = Buffer.from(
      [
        ...HEAD,
        'Content-Type: multipart/alternative; boundary=alt',
        '',
        '--alt',
        'Content-Type: text/plain; charset=utf-8',
        '',
        '纯文本版本',
        '--alt',
      ]
        .concat(['Content-Type: text/html; charset=utf-8', '', '<p>HTML 版本</p>', '--alt--', ''])
        .join('\r\n'),
    );
    const mail = await parsed(raw);
    expect(mail.text).toBe('纯文本版本');
    expect(mail.html).toBeNull();
  });
});

describe('attachments', () => {
  const pdf = Buffer.from('%PDF-1.4 发票');
  it('decodes Chinese file names given as RFC 2231 (GBK and UTF-8), encoded words and raw GBK', async () => {
    const mail = await parsed(
      multipart(
        [],
        [
          { headers: ['Content-Type: application/pdf', `Content-Disposition: attachment; filename*=gbk''${pct('发票.pdf', 'gbk')}`], content: pdf },
          {
            headers: [
              'Content-Type: image/jpeg',
              `Content-Disposition: attachment;\r\n filename*0*=utf-8''${pct('破损', 'utf-8')};\r\n filename*1*=${pct('照片.jpg', 'utf-8')}`,
            ],
            content: Buffer.from([0xff, 0xd8, 0xff]),
          },
          {
            headers: [`Content-Type: text/plain; name="${bWord('退货单.txt', 'gb18030')}"`, 'Content-Disposition: attachment'],
            content: Buffer.from('x'),
          },
          {
            headers: [
              'Content-Type: image/png',
              Buffer.concat([Buffer.from('Content-Disposition: attachment; filename="'), bytes('截图.png', 'gbk'), Buffer.from('"')]),
            ],
            content: Buffer.from('png'),
          },
        ],
      ),
    );
    expect(mail.attachments.map((a) => a.filename)).toEqual(['发票.pdf', '破损照片.jpg', '退货单.txt', '截图.png']);
    expect(mail.attachments[0]).toMatchObject({ contentType: 'application/pdf', size: pdf.length });
    expect(mail.attachments[0]!.content.equals(pdf)).toBe(true);
    expect(mail.text).toBe('见附件');
  });

  it('keeps inline images, names unnamed parts attachment-N and strips directories from names', async () => {
    const mail = await parsed(
      multipart(
        [],
        [
          { headers: ['Content-Type: image/png', 'Content-ID: <logo@shop>', 'Content-Disposition: inline'], content: Buffer.from('logo') },
          {
            headers: ['Content-Type: application/octet-stream', 'Content-Disposition: attachment; filename="../../etc/passwd"'],
            content: Buffer.from('x'),
          },
          {
            headers: [
              'Content-Type: application/octet-stream',
              `Content-Disposition: attachment; filename*=utf-8''C%3A%5CUsers%5Ca%5C${pct('清单.xlsx', 'utf-8')}`,
            ],
            content: Buffer.from('x'),
          },
        ],
      ),
    );
    expect(mail.attachments.map((a) => a.filename)).toEqual(['attachment-1', 'passwd', '清单.xlsx']);
    expect(mail.attachments[0]).toMatchObject({ contentType: 'image/png', size: 4 });
  });
});

describe('threading and addresses', () => {
  it('reads Message-ID, In-Reply-To and every References id without angle brackets', async () => {
    const mail = await parsed(
      message([
        'Message-ID: <CAF=Abc.123@Mail.Gmail.com>',
        'In-Reply-To: <kefu-T20250401-7@shop.example>',
        'References: <first@qq.com>\r\n <kefu-T20250401-7@shop.example>\r\n\t<third@163.com>',
        'Cc: "客服主管" <Boss@Shop.Example>, other@x.cn',
        'To: Kefu@Shop.Example, kefu@shop.example',
      ]),
    );
    expect(mail.messageId).toBe('CAF=Abc.123@Mail.Gmail.com');
    expect(mail.inReplyTo).toBe('kefu-T20250401-7@shop.example');
    expect(mail.references).toEqual(['first@qq.com', 'kefu-T20250401-7@shop.example', 'third@163.com']);
    expect(mail.to).toEqual(['kefu@shop.example', 'boss@shop.example', 'other@x.cn']);
    expect(mail.from).toEqual({ address: 'zhangsan@qq.com', name: '张三' });
    expect(mail.date?.toISOString()).toBe('2025-04-01T02:00:00.000Z');
  });

  it('gives null for what a message does not have', async () => {
    const mail = await parsed(Buffer.from('From: a@b.cn\r\nDate: not a date\r\n\r\nhi'));
    expect(mail).toMatchObject({ messageId: null, inReplyTo: null, references: [], subject: '', to: [], date: null, attachments: [] });
    expect(mail.from).toEqual({ address: 'a@b.cn', name: null });
  });
});

describe('refusals', () => {
  it('refuses a message over maxBytes before parsing it', async () => {
    const raw = message([], 'x'.repeat(2000));
    expect(await refused(raw, { maxBytes: 1000 })).toMatchObject({ reason: 'too_large' });
    expect((await parseInboundMail(raw, { maxBytes: 10_000 })).kind).toBe('mail');
  });

  it('refuses garbage, a message without From, and a From without an address', async () => {
    expect((await refused(Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 13, 200, 100, 30]))).reason).toBe('no_sender');
    expect((await refused(Buffer.alloc(0))).reason).toBe('no_sender');
    expect((await refused(Buffer.from('To: kefu@shop.example\r\nSubject: hi\r\n\r\nbody'))).reason).toBe('no_sender');
    expect((await refused(message(['From: 张三']))).reason).toBe('no_sender');
  });

  it('refuses a message the parser gives up on as malformed', async () => {
    const huge = message([`X-Junk: ${'a'.repeat(1_200_000)}`]);
    expect(await refused(huge)).toMatchObject({ reason: 'malformed' });
  });

  it('refuses too many attachments and an attachment over its limit', async () => {
    const part = (n: number, size = 10) => ({
      headers: ['Content-Type: application/octet-stream', `Content-Disposition: attachment; filename="f${n}.bin"`],
      content: Buffer.alloc(size),
    });
    expect(await refused(multipart([], [part(1), part(2), part(3)]), { maxAttachments: 2 })).toMatchObject({ reason: 'too_many_attachments' });
    expect((await parsed(multipart([], [part(1), part(2)]), { maxAttachments: 2 })).attachments).toHaveLength(2);
    expect(await refused(multipart([], [part(1, 5000)]), { maxAttachmentBytes: 4096 })).toMatchObject({ reason: 'attachment_too_large' });
  });
});

describe('screening out automatic mail', () => {
  const OWN = ['kefu@shop.example', 'Notify@Shop.Example'];
  const screen = async (headers: string[], body?: Buffer | string, type?: string) =>
    screenInboundMail(await parsed(message(headers, body, type)), OWN);

  it.each([
    ['an ordinary question', ['Subject: 订单问题']],
    ['a reply whose subject merely contains 回复', ['Subject: Re: 回复：订单问题']],
    ['a subject starting with 回复', ['Subject: 回复：物流什么时候到']],
    ['自动回复 later in the subject', ['Subject: 关于贵店自动回复的投诉']],
    ['a customer writing about being away', ['Subject: 外出期间快递被签收了']],
    ['Auto-Submitted: no', ['Auto-Submitted: no', 'Subject: 订单问题']],
    ['X-Autoreply: no', ['X-Autoreply: no', 'Subject: 退货']],
    ['a reply to kefu (threading headers only)', ['Subject: Re: [T20250401-7] 大码什么时候补货', 'In-Reply-To: <x@shop.example>']],
  ])('accepts %s', async (_name, headers) => {
    expect(await screen(headers)).toEqual({ accept: true });
  });

  it.each([
    ['Auto-Submitted: auto-replied', ['Auto-Submitted: auto-replied'], 'auto_submitted'],
    ['Auto-Submitted: auto-generated', ['Auto-Submitted: Auto-Generated'], 'auto_submitted'],
    ['Auto-Submitted with parameters', ['Auto-Submitted: auto-notified; owner-email="a@b.cn"'], 'auto_submitted'],
    ['a MAILER-DAEMON sender', ['From: Mail Delivery System <MAILER-DAEMON@mx.qq.com>', 'Subject: 邮件'], 'bounce'],
    ['a postmaster sender', ['From: postmaster@163.com'], 'bounce'],
    ['an empty Return-Path', ['Return-Path: <>'], 'bounce'],
    ['X-Failed-Recipients', ['X-Failed-Recipients: wang@qq.com'], 'bounce'],
    ['an Undeliverable subject', ['Subject: Undeliverable: 订单问题'], 'bounce'],
    ['a 系统退信 subject', ['Subject: 系统退信'], 'bounce'],
    ['X-Autoreply: yes', ['X-Autoreply: yes'], 'auto_reply'],
    ['X-Autorespond', ['X-Autorespond: vacation'], 'auto_reply'],
    ['Precedence: auto_reply', ['Precedence: auto_reply'], 'auto_reply'],
    ['Outlook mail a person wrote, asking not to be answered automatically', ['X-Auto-Response-Suppress: All', 'Subject: 订单问题'], 'accept'],
    ['an Exchange out-of-office', ['X-Auto-Response-Suppress: All', 'Auto-Submitted: auto-replied', 'Subject: 自动答复: 订单'], 'auto_submitted'],
    ['自动回复：', [`Subject: ${bWord('自动回复：您的邮件已收到', 'gbk')}`], 'auto_reply'],
    ['【自动回复】', ['Subject: 【自动回复】我正在休假'], 'auto_reply'],
    ['自動回覆 (traditional)', ['Subject: 自動回覆: 訂單'], 'auto_reply'],
    ['Outlook Chinese 自动答复', ['Subject: 自动答复: 订单问题'], 'auto_reply'],
    ['外出：', ['Subject: 外出：4月8日返回'], 'auto_reply'],
    ['休假中，', ['Subject: 休假中，请联系同事'], 'auto_reply'],
    ['[休假]', ['Subject: [休假] Re: 订单问题'], 'auto_reply'],
    ['Auto Reply', ['Subject: Auto Reply: your message'], 'auto_reply'],
    ['AUTO-REPLY', ['Subject: AUTO-REPLY re order'], 'auto_reply'],
    ['Automatic reply', ['Subject: Automatic reply: 订单问题'], 'auto_reply'],
    ['Out of Office', ['Subject: Out of Office: back on Monday'], 'auto_reply'],
    ['out of the office', ['Subject: I am out of the office'], 'accept'],
    ['Precedence: bulk', ['Precedence: bulk'], 'bulk'],
    ['Precedence: junk', ['Precedence: junk'], 'bulk'],
    ['Precedence: list', ['Precedence: list'], 'bulk'],
    ['List-Id', ['List-Id: 店铺活动 <promo.shop.example>'], 'bulk'],
    ['List-Unsubscribe', ['List-Unsubscribe: <mailto:unsub@news.example>'], 'bulk'],
    ['the shop’s own address', ['From: 暖橙客服 <KEFU@shop.example>'], 'own_address'],
    ['another own address', ['From: notify@shop.example', 'Auto-Submitted: auto-generated'], 'own_address'],
  ])('screens %s', async (_name, headers, expected) => {
    const result = await screen(headers);
    if (expected === 'accept') expect(result).toEqual({ accept: true });
    else expect(result).toMatchObject({ accept: false, reason: expected, detail: expect.any(String) });
  });

  it('calls a delivery-status report from an ordinary address a bounce, and another report an auto reply', async () => {
    const report = (type: string) => `multipart/report; report-type=${type}; boundary="r"`;
    const body = '--r\r\nContent-Type: text/plain\r\n\r\nDelivery failed\r\n--r--\r\n';
    expect(await screen(['From: relay@mx.example'], body, report('delivery-status'))).toMatchObject({ accept: false, reason: 'bounce' });
    expect(await screen(['From: wang@qq.com'], body, report('disposition-notification'))).toMatchObject({ accept: false, reason: 'auto_reply' });
  });
});
