// Writes data/chat-lines.tsv: realistic marketplace chat lines (short, typo-ridden, with order numbers, emoji and
// stickers), labelled for what the bot needs to know: the act (question / person / ack / greeting / thanks /
// fragment), whether it is a complaint, whether the shopper is upset. Templates with variation, seeded, so the
// file is the same every run. A line's `split` is its template's parity: thresholds are set on `dev` only and
// reported on `test` (phrasings never seen while calibrating).
//
//   npx tsx packages/nlp/scripts/gen-chat-lines.ts
import { writeFileSync } from 'node:fs';
import { seededRandom } from '../src/sentiment/train.ts';

type Label = { act: string; complaint: 0 | 1; upset: 0 | 1; kind: string };
type Template = { kind: string; act?: string; complaint?: 0 | 1; upset?: 0 | 1; lines: string[]; copies?: number };

const random = seededRandom(20261111);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const maybe = (p: number, s: string) => (random() < p ? s : '');
const orderNo = () => pick(['', '订单', '单号', '订单号:']) + String(2026e10 + Math.floor(random() * 1e10)).slice(0, 14 + Math.floor(random() * 4));
const tracking = () => pick(['SF', 'YT', 'ZTO', 'JD', '7']) + String(Math.floor(random() * 1e12)).padStart(12, '3');

const PRODUCTS = ['睡衣', '卫衣', '家居服', '外套', '裤子', '连衣裙', '四件套', '被套', 't恤', '羽绒服', '拖鞋', '袜子'];
const COLORS = ['白色', '黑色', '灰色', '粉色', '蓝的', '杏色'];
const SIZES = ['s', 'm', 'L', 'xl', 'XXL', '160', '165/88a'];
const DAYS = ['三天', '一个星期', '五天', '4天', '半个月', '两周', '10天'];
const TIMES = ['两次', '三次', '好几次', 'N次', '3遍', '无数次'];
const LEAD = ['', '', '', '亲 ', '你好，', '您好 ', '在吗？', '老板，', '客服 ', 'hello ', '亲亲，'];
const TAIL = ['', '', '', '?', '？', '？？', '呢', '啊', '呀', ' 😭', '🙏', '[流泪]', '。。', '~', '!'];
const TYPO: [RegExp, string][] = [
  [/退款/g, '退宽'],
  [/发票/g, '发漂'],
  [/优惠券/g, '优惠卷'],
  [/快递/g, '快第'],
  [/什么/g, '神马'],
  [/怎么/g, '咋'],
  [/这个/g, '这个'],
  [/没有/g, '木有'],
];

/** {p} product, {c} colour, {s} size, {d} days, {n} times, {o} order number, {t} tracking number. */
function fill(line: string): string {
  return line
    .replace(/\{p\}/g, () => pick(PRODUCTS))
    .replace(/\{c\}/g, () => pick(COLORS))
    .replace(/\{s\}/g, () => pick(SIZES))
    .replace(/\{d\}/g, () => pick(DAYS))
    .replace(/\{n\}/g, () => pick(TIMES))
    .replace(/\{o\}/g, () => orderNo())
    .replace(/\{t\}/g, () => tracking());
}

function vary(line: string, withLead: boolean): string {
  let s = fill(line);
  if (random() < 0.25) {
    const [re, to] = pick(TYPO);
    s = s.replace(re, to);
  }
  if (random() < 0.3) s = s.replace(/[，,。？?！!]/g, ' ');
  if (withLead) s = pick(LEAD) + s + pick(TAIL);
  return s.trim();
}

const T: Template[] = [
  // ——— lines that ask nothing ———
  {
    kind: 'filler',
    act: 'ack',
    lines: [
      '好的',
      '好',
      '嗯嗯',
      '嗯',
      '恩恩',
      '哦哦',
      '哦',
      'ok',
      'OK',
      'okk',
      '好滴',
      '好吧',
      '行',
      '可以',
      '收到',
      '收到了',
      '知道了',
      '明白了',
      '了解',
      '好的呢',
      '嗯嗯好的',
      '对的',
      '是的',
      '没问题',
      '那好吧',
      '哈哈哈',
      '好的👌',
      '嗯😊',
      'ok👍',
      '稍等',
      '我看看',
      '我考虑下',
      '算了',
      '没事了',
      '噢噢',
    ],
    copies: 3,
  },
  {
    kind: 'filler',
    act: 'thanks',
    lines: [
      '谢谢',
      '谢谢亲',
      '好的谢谢',
      '知道了谢谢',
      '谢谢你',
      '辛苦了',
      '多谢',
      '好的，谢谢！',
      '嗯嗯谢谢',
      'thank you',
      '感谢',
      '收到 谢谢',
      '不用了谢谢',
      '好的 辛苦啦',
      '谢啦',
    ],
    copies: 2,
  },
  {
    kind: 'filler',
    act: 'greeting',
    lines: [
      '在吗',
      '在吗?',
      '在吗？',
      '在么',
      '在不在',
      '你好',
      '您好',
      '亲',
      '亲在吗',
      'hello',
      'hi',
      '哈喽',
      '你好在吗',
      '客服你好',
      '在？',
      '拜拜',
      '亲亲在吗',
    ],
    copies: 2,
  },
  {
    kind: 'filler',
    act: 'fragment',
    lines: [
      '👌',
      '👍👍',
      '😂',
      '🙏',
      '[微笑]',
      '[捂脸][捂脸]',
      '[OK]',
      '/:strong',
      '电话',
      '下单了',
      '我下单了',
      '拍了',
      '已拍',
      '付了',
      '1',
      '11',
      '。',
      '？',
      '...',
      '{o}',
      '订单号：{o}',
      '{t}',
      '13812345678',
      '在',
      '图片',
    ],
    copies: 2,
  },
  // ——— requests for a person ———
  {
    kind: 'person',
    act: 'person',
    lines: [
      '人工',
      '人工?',
      '人工？？',
      '转人工',
      '转人工客服',
      '真人',
      '我要真人',
      '是机器人吗',
      '你是机器人啊',
      '你是不是机器人',
      '找你们客服',
      '活人',
      '有活人吗',
      '人工客服在吗',
      '要人工',
      '人工服务',
      '给我转人工',
      '人呢',
      '有人吗',
      '没人回吗',
      '叫你们老板出来',
      '别自动回复了',
      '换个人跟我说',
      '找下人工',
      '人 工',
      '怎么转人工',
      '不要机器人',
      '能不能转人工',
      '机器人别说了',
      '我要人工 {o}',
      '人工！！',
      '麻烦转下人工',
    ],
    copies: 2,
  },
  // ——— questions that are neither complaints nor upset ———
  {
    kind: 'product',
    lines: [
      '这款{p}是纯棉的吗',
      '{p}起球吗',
      '{p}有{c}吗',
      '面料是什么',
      '会不会掉色',
      '这个{p}厚不厚',
      '{p}能机洗吗',
      '有没有现货',
      '{c}还有货吗',
      '这款和那款有什么区别',
      '有真人图吗',
      '{p}冬天穿冷不冷',
      '是新款吗',
      '怎么洗',
    ],
  },
  {
    kind: 'size',
    lines: [
      '我165 100斤穿什么码',
      '{s}码适合多重',
      '有{s}码吗',
      '这件{p}有M码吗',
      '尺码偏大还是偏小',
      '170 60kg 穿多大',
      '平时穿L这个要拍什么码',
      '码数标准吗',
      '胸围多少',
    ],
  },
  {
    kind: 'price',
    lines: [
      '能便宜点吗',
      '有优惠券吗',
      '双十一有活动吗',
      '买两件能打折吗',
      '包邮吗',
      '运费多少',
      '现在下单有赠品吗',
      '会员有折扣吗',
      '怎么领券',
      '这个价格还能少吗',
    ],
  },
  {
    kind: 'order',
    lines: [
      '我想取消订单',
      '取消订单 {o}',
      '能改地址吗',
      '拍错了能取消吗',
      '帮我改下收货地址',
      '{o} 帮我备注下{c}',
      '怎么取消订单啊',
      '付款失败了怎么办',
      '能合并发货吗',
      '我想换个颜色 还没发货',
    ],
  },
  {
    kind: 'parcel',
    lines: [
      '什么时候发货',
      '我的快递到哪了',
      '{o}发货了吗',
      '快递到哪了 {t}',
      '几天能到',
      '发什么快递',
      '能发顺丰吗',
      '物流怎么不动了',
      '今天能发吗',
      '查一下物流 {o}',
      '还没发货吗',
      '我的包裹呢',
    ],
  },
  {
    kind: 'refund',
    lines: [
      '我要退货',
      '什么时候退款',
      '退款多久到账',
      '怎么申请退货',
      '不合适可以退吗',
      '我想退款',
      '退货地址是哪里',
      '能换个尺码吗',
      '七天无理由吗',
      '退货运费谁出',
      '我要换货',
      '退款怎么还没到账',
      '申请了退款 麻烦处理下',
      '衣服小了想换大一码',
      '退货寄回去了 {t}',
    ],
  },
  { kind: 'invoice', lines: ['可以开发票吗', '发票怎么开', '能开专票吗', '发票抬头写错了'] },
  // ——— complaints (a fault, and the shopper wants it dealt with) ———
  {
    kind: 'complaint',
    complaint: 1,
    upset: 0,
    lines: [
      '收到的{p}是破的',
      '衣服洗了一次就掉色了',
      '发错货了 我买的{c}发的{c}',
      '少发了一件',
      '拉链坏了',
      '质量太差了 线头到处都是',
      '{p}有个洞 怎么处理',
      '买的{s}码发来的是{s}',
      '东西跟图片不一样',
      '穿了一天就起球了',
      '刚收到就开线了',
      '快递员态度很差',
      '包裹被压坏了',
    ],
  },
  // ——— frustration without swear words (upset; most are complaints too) ———
  {
    kind: 'upset',
    complaint: 1,
    upset: 1,
    lines: [
      '说了{n}了还没到',
      '你们到底管不管',
      '什么破服务',
      '等了{d}了还没发货',
      '再不发货我就投诉',
      '都{d}了还没到 怎么回事',
      '问了{n}了没人理',
      '到底什么时候给我处理',
      '一直让我等 等到什么时候',
      '你们就是这样做生意的吗',
      '我真的无语了',
      '太过分了吧',
      '每次都说明天发',
      '我要投诉',
      '再不处理我给差评了',
      '催了{n}了 到底发不发',
      '这什么质量 失望',
      '耍人呢',
      '退款{d}了还没到账 你们什么意思',
      '答应的事又没做到',
      '客服答应给补偿 一直没给',
    ],
  },
  // ——— plain upset with swear words or threats ———
  {
    kind: 'angry',
    complaint: 1,
    upset: 1,
    lines: ['垃圾店铺', '骗子 退钱', '什么玩意 气死我了', '我要打12315', '你们是黑店吧', '再也不买了 垃圾', '我要找律师', '卧槽 又发错了'],
  },
];

const rows: string[] = [
  '# Realistic marketplace chat lines, labelled; generated by scripts/gen-chat-lines.ts (do not edit by hand).',
  '# text\tact\tcomplaint\tupset\tkind\tsplit',
];
const seen = new Set<string>();
for (const tpl of T) {
  const act = tpl.act ?? 'question';
  const label: Label = { act, complaint: tpl.complaint ?? 0, upset: tpl.upset ?? 0, kind: tpl.kind };
  const copies = tpl.copies ?? 3;
  tpl.lines.forEach((line, i) => {
    const split = i % 2 === 0 ? 'dev' : 'test';
    for (let c = 0; c < copies; c++) {
      // Fillers and requests for a person keep their words (a lead or tail would change what they are) but get
      // emoji and punctuation; questions get leads, tails, typos and order numbers.
      let text =
        act === 'question'
          ? vary(line, true) + maybe(0.1, ' ' + orderNo())
          : fill(line) + (c === 0 ? '' : pick(['', '~', '！', '。', ' 😊', '[OK]', '…']));
      text = text.replace(/\t/g, ' ').trim();
      if (!text || seen.has(text)) continue;
      seen.add(text);
      rows.push([text, label.act, label.complaint, label.upset, label.kind, split].join('\t'));
    }
  });
}
writeFileSync(new URL('../data/chat-lines.tsv', import.meta.url), rows.join('\n') + '\n');
console.log(`chat-lines: ${rows.length - 2} lines`);
