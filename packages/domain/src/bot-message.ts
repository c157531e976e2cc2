/**
 * What a shopper's chat message is, before any knowledge is looked at: a question or request the bot may answer,
 * a request for a person, or one of the lines that ask nothing (acknowledgements, greetings, thanks, fragments,
 * order numbers or emoji alone). Read on the raw text: synonym rewriting turns 人工 into 人工客服 and would hide it.
 */

export type MessageAct = 'question' | 'person' | 'greeting' | 'thanks' | 'ack' | 'fragment';

const PERSON = new RegExp(
  [
    // 人工 but not 人工费 / 人工智能 / 人工皮革…
    '人工(?!费|成本|智能|合成|皮|革|草|降雨|湖|养殖|种植)',
    // 真人 but not 真人图 / 真人实拍 / 真人试穿… (a product question)
    '真人(?!图|照|秀|实拍|拍|试穿|上身|模特|视频|效果|测评|展示|买家|尺寸)',
    '活人',
    // 机器人 but not a robot for sale (扫地机器人…)
    '(?<!扫地|擦窗|拖地|玩具|早教|陪伴|编程|智能)机器人',
    '自动回复',
    '人(呢|在哪|去哪)',
    '有人(吗|嘛|么|没|不|在吗|回)',
    '没人(回|理|管|吗)',
    '(找|叫|要|换|转|联系)(一下|下|个)?(你们)?的?(客服|店长|掌柜|老板|经理|负责人|领导|主管|售后)(?!电话|热线)',
    '(叫|换|找|要)(一)?个(人|真人|客服)',
    '转接|转客服',
    '\\bhuman\\b|real person|live agent|talk to (an? )?(agent|person|someone)|\\bagent please\\b',
  ].join('|'),
  'i',
);

/** Question words and request verbs: with one of these a message asks something, however short. */
const ASKS =
  /[?？]|[吗么嘛呢][\s~～!！。.]*$|吗|怎么|怎样|咋|如何|多少|多久|多长|多大|多重|多高|几码|穿.{0,3}码|几[天号点个件号时]|什么|啥|哪|为什么|为啥|能不能|可不可以|可以.{0,12}[吗么]|有没有|有木有|是不是|会不会|行不行|对不对|能否|是否|请问|想问|问一?下|问问|咨询|帮我|帮忙|麻烦你?(帮|给|查|看)|给我|我要|我想|想要|需要|求|能.{0,8}[吗么]|\b(how|what|when|where|why|which|can|could|is|are|do|does)\b/i;

/** A short statement that still carries a problem or a service request (没收到, 发错了, 退款, 尺码). */
const SUBSTANTIVE =
  /没收到|未收到|没到|还没|没发|不发|坏|破|漏|错|少了|少发|不对|不行|用不了|不能用|掉色|褪色|起球|缩水|质量|退|换|补发|赔|差评|投诉|慢|贵|偏大|偏小|大了|小了|尺码|码数|尺寸|发票|运费|包邮|优惠|券|赠品|保修|售后|物流|快递|发货|地址|取消|改价|价格|库存|现货|预售|颜色|材质|面料|洗|保价/;

const GREETING =
  /^(你好|您好|hello|hi|hey|哈喽|哈罗|嗨|在吗|在么|在嘛|在不在|在不|在|亲|亲亲|客服|客服你好|早|早上好|中午好|下午好|晚上好|老板|掌柜|拜拜|再见|bye|晚安)$/;
const THANKS = /谢|感谢|辛苦|麻烦你了|麻烦了|thank|thx|3q/i;

/** Words and particles that, alone or strung together, ask nothing: "好的", "嗯嗯", "知道了谢谢", "ok了", "那行吧". */
const FILLER_WORDS = [
  '好的|好滴|好哒|好嘞|好吧|好呢|好啊|好了|好',
  '嗯呢|嗯嗯|嗯|恩|摁|哦|噢|喔|哎|诶|欸|额|呃|哈|呵|嘿|啊|呀|哇|唉|嘻',
  'okay|ok|okk|k|行吧|行的|行|成|可以的|可以|没问题|没事了|没事|没关系|不用了|不用|算了|就这样|那就这样',
  '知道了|知道啦|知道|明白了|明白|了解了|了解|懂了|懂|清楚了|收到了|收到|看到了|好评|赞|棒|不错|厉害',
  '谢谢你|谢谢亲|谢谢|谢啦|谢了|多谢|感谢|辛苦了|辛苦|麻烦了|麻烦你了|thanks|thank|you|thx|3q|不客气',
  '你好|您好|hello|hi|hey|哈喽|哈罗|嗨|在吗|在么|在嘛|在不在|在不|早上好|下午好|晚上好|早|晚安|拜拜|再见|bye',
  '对的|对|是的|是滴|是|没错|没了|没有了|那好|那行|那|就|先|等等|稍等|等下|等一下|我看看|看看|我想想|我考虑下|考虑一下|考虑下',
  '亲亲|亲爱的|亲|客服|老板|掌柜|你|您|我|们|了|啦|吧|呢|么|的|哒|滴|嘞|呗|喽|咯|哟|呦|也|哈哈|呵呵|嘿嘿|嘻嘻',
]
  .join('|')
  .split('|');
const FILLER_LENGTHS = [...new Set(FILLER_WORDS.map((w) => w.length))].sort((a, b) => b - a);
const FILLER_SET = new Set(FILLER_WORDS);

/** Whether the text is nothing but filler words (a reachability pass, linear in the text: no regex backtracking). */
function onlyFiller(text: string): boolean {
  if (text.length > 40) return false;
  const reach = new Array<boolean>(text.length + 1).fill(false);
  reach[0] = true;
  for (let i = 0; i < text.length; i++) {
    if (!reach[i]) continue;
    for (const len of FILLER_LENGTHS) if (i + len <= text.length && FILLER_SET.has(text.slice(i, i + len))) reach[i + len] = true;
  }
  return reach[text.length]!;
}

/** [微笑] [捂脸] /:xx sticker codes, emoji and their modifiers, punctuation and spaces. */
const STICKER = /\[[^\]]{1,6}\]|\/:[a-z!?()*~<>@&^$%#-]{1,8}/gi;
// Joiners and variation selectors are matched on their own (outside the class): they glue emoji together.
const SYMBOLS = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{P}\p{S}\s]|\u200d|\ufe0f|\u20e3/gu;
/** Order numbers, tracking numbers and phone numbers: long runs of digits (with a few letters). */
const CODE = /[a-z]{0,4}\d[\da-z-]{5,}/gi;

function plain(raw: string): string {
  return raw.normalize('NFKC').toLowerCase().replace(STICKER, ' ').trim();
}

/** Whether a shopper asks for a person (人工, 转人工, 真人, 是机器人吗, 找你们客服, 有人吗…). */
export function asksForPerson(raw: string): boolean {
  const text = plain(raw);
  // "人 工", "转 人工": spaces typed between the characters.
  return PERSON.test(text) || PERSON.test(text.replace(/\s+/g, ''));
}

/** What kind of line a shopper's message is; see MessageAct. */
export function messageAct(raw: string): MessageAct {
  if (asksForPerson(raw)) return 'person';
  const text = plain(raw);
  const bare = text.replace(CODE, '').replace(SYMBOLS, '').replace(/\d+/g, '');
  if (bare === '') return 'fragment';
  if (onlyFiller(bare)) {
    if (THANKS.test(bare)) return 'thanks';
    if (GREETING.test(bare.replace(/[了啦吧呢么的哒滴嘞呗喽咯哟呦噢]+$/, ''))) return 'greeting';
    if (/^(你好|您好|hello|hi|哈喽|嗨|在吗|在么|在不在|亲)/.test(bare)) return 'greeting';
    return 'ack';
  }
  // A greeting or thanks glued to a question ("你好，请问包邮吗") is the question.
  if (ASKS.test(text) || SUBSTANTIVE.test(bare)) return 'question';
  // A statement long enough to carry a problem ("衣服洗了一次就成这样") is worth reading; "下单了", "电话" are not.
  const han = bare.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latinWords = bare.match(/[a-z]{2,}/g)?.length ?? 0;
  return han >= 5 || latinWords >= 3 ? 'question' : 'fragment';
}

/** Whether a message asks something the bot may answer from the knowledge (a question or request, not a person). */
export function asksSomething(raw: string): boolean {
  return messageAct(raw) === 'question';
}

/** An FAQ answer that tells the shopper a person is coming: the bot never sends it without handing over. */
export function answerPromisesPerson(answer: string): boolean {
  return /转(接)?(人工|真人)|人工客服|为您转接|稍后.{0,6}客服.{0,6}(联系|接待)/.test(answer);
}
