import { describe, expect, it } from 'vitest';
import { answerPromisesPerson, asksForPerson, asksSomething, botDecision, messageAct, type BotTurn } from '../src/index.ts';

const PERSON = [
  '人工',
  '人工?',
  '人工？',
  '人工！！',
  '转人工',
  '转人工客服',
  '真人',
  '真人客服',
  '我要真人',
  '是机器人吗',
  '你是机器人啊',
  '你是不是机器人',
  '机器人吧你',
  '找你们客服',
  '找下你们客服',
  '叫你们客服出来',
  '活人',
  '有活人吗',
  '人工客服在吗',
  '要人工',
  '人工服务',
  '给我转人工谢谢',
  '我要人工',
  '人呢',
  '人呢？？',
  '有人吗',
  '有人在吗',
  '没人回吗',
  '叫你们老板出来',
  '找你们店长',
  '别自动回复了',
  '换个人',
  '转接客服',
  'RENGONG 人工',
  '人 工',
  'human please',
  'I want to talk to a real person',
  '人工人工人工',
  '能转人工吗',
  '怎么转人工',
  '人工在吗？',
  '我要找人工',
  '你们有人工吗',
  '不要机器人',
  '找售后',
];
const NOT_PERSON = ['有真人图吗', '有没有真人实拍', '扫地机器人怎么充电', '人工费多少', '客服电话多少', '真人试穿效果怎么样'];

const FILLER: [string, string][] = [
  ['好的', 'ack'],
  ['好', 'ack'],
  ['嗯嗯', 'ack'],
  ['嗯', 'ack'],
  ['恩恩', 'ack'],
  ['哦哦', 'ack'],
  ['哦', 'ack'],
  ['噢噢好的', 'ack'],
  ['知道了谢谢', 'thanks'],
  ['知道了', 'ack'],
  ['收到', 'ack'],
  ['收到了', 'ack'],
  ['ok', 'ack'],
  ['OK', 'ack'],
  ['okk', 'ack'],
  ['Ok了', 'ack'],
  ['👌', 'fragment'],
  ['👍👍', 'fragment'],
  ['😂', 'fragment'],
  ['[微笑]', 'fragment'],
  ['[捂脸][捂脸]', 'fragment'],
  ['/:strong', 'fragment'],
  ['电话', 'fragment'],
  ['下单了', 'fragment'],
  ['我下单了', 'fragment'],
  ['拍了', 'fragment'],
  ['在吗?', 'greeting'],
  ['在吗', 'greeting'],
  ['在么', 'greeting'],
  ['在不在', 'greeting'],
  ['你好', 'greeting'],
  ['您好', 'greeting'],
  ['亲', 'greeting'],
  ['hello', 'greeting'],
  ['hi', 'greeting'],
  ['哈喽', 'greeting'],
  ['你好在吗', 'greeting'],
  ['亲在吗', 'greeting'],
  ['谢谢', 'thanks'],
  ['谢谢亲', 'thanks'],
  ['谢谢你', 'thanks'],
  ['好的谢谢', 'thanks'],
  ['好的，谢谢！', 'thanks'],
  ['辛苦了', 'thanks'],
  ['thank you', 'thanks'],
  ['多谢多谢', 'thanks'],
  ['1', 'fragment'],
  ['11', 'fragment'],
  ['。', 'fragment'],
  ['？', 'fragment'],
  ['...', 'fragment'],
  ['', 'fragment'],
  ['   ', 'fragment'],
  ['20261111000123', 'fragment'],
  ['订单号：20261111000123', 'fragment'],
  ['SF1234567890123', 'fragment'],
  ['13812345678', 'fragment'],
  ['好吧', 'ack'],
  ['行', 'ack'],
  ['可以', 'ack'],
  ['没问题', 'ack'],
  ['没事了', 'ack'],
  ['算了', 'ack'],
  ['那好吧', 'ack'],
  ['好的呢亲', 'ack'],
  ['嗯嗯好的', 'ack'],
  ['对的', 'ack'],
  ['是的', 'ack'],
  ['哈哈哈', 'ack'],
  ['好滴', 'ack'],
  ['稍等', 'ack'],
  ['我看看', 'ack'],
  ['我考虑下', 'ack'],
  ['不用了谢谢', 'thanks'],
  ['拜拜', 'greeting'],
  ['好的👌', 'ack'],
  ['嗯嗯😊', 'ack'],
  ['ok👍', 'ack'],
  ['收到 谢谢', 'thanks'],
];

const QUESTIONS = [
  '退款多久到账',
  '什么时候发货',
  '包邮吗',
  '这个有M码吗',
  '在吗？这件有货吗',
  '你好，请问可以开发票吗',
  '我的快递到哪了',
  '怎么退货',
  '退款',
  '发票',
  '尺码怎么选',
  '运费谁出',
  '能便宜点吗',
  '衣服洗了一次就掉色了',
  '没收到货',
  '还没到',
  '发错了',
  '少发了一件',
  '拉链坏了',
  '好的，那什么时候发货呢',
  '嗯嗯 那可以换个颜色吗',
  '订单20261111000123什么时候发',
  '170 60kg 穿多大',
  '我想改地址',
  '可以用优惠券吗',
  '有赠品吗',
  '质量太差了',
  '说了三次了还没到',
  'where is my parcel',
  '这个面料起球吗',
  '帮我查下物流',
  '买了两件能一起发吗',
  '取消订单',
  '这件卫衣有M码吗？',
];

describe('messageAct: requests for a person', () => {
  it.each(PERSON)('%s → person', (text) => {
    expect(messageAct(text)).toBe('person');
    expect(asksForPerson(text)).toBe(true);
  });
  it.each(NOT_PERSON)('%s is a product question, not a request for a person', (text) => {
    expect(asksForPerson(text)).toBe(false);
  });
});

describe('messageAct: lines that ask nothing', () => {
  it.each(FILLER)('%s → %s', (text, act) => {
    expect(messageAct(text)).toBe(act);
    expect(asksSomething(text)).toBe(false);
  });
  it('never blows up on long or odd input', () => {
    const long = '嗯'.repeat(5000) + 'x';
    const t0 = performance.now();
    expect(messageAct(long)).toBe('question');
    expect(messageAct('哈'.repeat(39) + '啊')).toBe('ack');
    expect(performance.now() - t0).toBeLessThan(50);
  });
});

describe('messageAct: questions and requests', () => {
  it.each(QUESTIONS)('%s → question', (text) => {
    expect(messageAct(text)).toBe('question');
    expect(asksSomething(text)).toBe(true);
  });
});

const turn = (o: Partial<BotTurn>): BotTurn => ({
  text: '退款多久到账',
  vip: false,
  intent: 'return_refund',
  negative: false,
  best: { faqId: 7, confidence: 0.95, coverage: 0.9, margin: 0.5 },
  answered: [],
  threshold: 0.6,
  ...o,
});

describe('botDecision on real chat lines', () => {
  it.each(FILLER)('gives no FAQ answer to %s, however confident the match', (text, act) => {
    expect(botDecision(turn({ text }))).toEqual({ action: 'silent', act });
  });
  it.each(PERSON)('hands %s over, even when the match is confident', (text) => {
    expect(botDecision(turn({ text }))).toEqual({ action: 'handover', reason: 'asked' });
  });
  it('never sends the "transfer to a person" answer without handing over', () => {
    expect(botDecision(turn({ text: '能帮我转一下吗', best: { faqId: 3, confidence: 0.99, promisesPerson: true } }))).toEqual({
      action: 'handover',
      reason: 'asked',
    });
    expect(answerPromisesPerson('亲，正在为您转接人工客服，请稍候～')).toBe(true);
    expect(answerPromisesPerson('退款 1-3 个工作日原路退回')).toBe(false);
  });
  it('wants the match to cover the question and lead the next entry, not only a high confidence', () => {
    expect(botDecision(turn({ best: { faqId: 7, confidence: 0.95, coverage: 0.3, margin: 0.5 } }))).toEqual({
      action: 'handover',
      reason: 'low_confidence',
    });
    expect(botDecision(turn({ best: { faqId: 7, confidence: 0.95, coverage: 0.9, margin: 0.01 } }))).toEqual({
      action: 'handover',
      reason: 'low_confidence',
    });
    expect(botDecision(turn({}))).toEqual({ action: 'answer', faqId: 7 });
  });
});
