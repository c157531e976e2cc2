// Negative-emotion flag for shopper chat messages: an angry or complaining shopper is handed to a human and the
// conversation's priority raised. Lexicon cues decide; the review-sentiment model only adds weight, because it
// was trained on reviews and reads many plain chat questions ("什么时候发货") as negative.
import { defaultSentimentModel, type SentimentModel } from './model.ts';
import { normalizeText } from './normalize.ts';

export interface NegativeEmotion {
  negative: boolean;
  /** 0..1; `negative` is score ≥ NEGATIVE_EMOTION_THRESHOLD. */
  score: number;
  /** Names of the cues found, e.g. ["投诉", "!!"]; "negative-sentiment" when the model added weight. */
  cues: string[];
}

export const NEGATIVE_EMOTION_THRESHOLD = 0.5;

interface Cue {
  name: string;
  re: RegExp;
  weight: number;
}

// Matched against the normalized text: simplified, lower-case, full-width folded (！ → !), runs capped at 3.
// Weights: ≥ 0.5 flags on its own; 0.25–0.35 needs a second cue or a clearly negative text.
const CUES: Cue[] = [
  { name: '投诉', re: /投诉/, weight: 0.7 },
  { name: '12315', re: /12315|消协|消费者协会|工商局|市场监管|315晚会/, weight: 0.7 },
  { name: '举报', re: /举报|曝光你们|媒体曝光/, weight: 0.6 },
  { name: '起诉', re: /起诉|告你们|找律师|打官司|报警|法院见/, weight: 0.7 },
  { name: '骗子', re: /骗子|骗人|骗钱|欺骗|诈骗|欺诈|坑人|坑爹|被坑|黑店|奸商|无良|忽悠|黑心/, weight: 0.6 },
  { name: '垃圾', re: /垃圾(?![袋桶篓箱分处站车])/, weight: 0.6 },
  { name: '差评', re: /差评/, weight: 0.6 },
  { name: '气死', re: /气死|生气|愤怒|火大|恼火|抓狂|崩溃|受够了|忍无可忍|烦死了/, weight: 0.6 },
  // 退钱 is also the plain word for a refund ("退钱几天到账"): on its own it does not flag; 退款/退货 never do.
  { name: '还我钱', re: /还我钱|把钱还|赔钱|退我钱|把钱退给我/, weight: 0.6 },
  { name: '退钱', re: /退钱/, weight: 0.25 },
  { name: '粗口', re: /他妈|妈的|tmd|尼玛|卧槽|我靠|滚蛋|滚开|给我滚|去死|傻[逼b]|\bsb\b|操你|草泥马|cnm|狗屎|混蛋|王八蛋/, weight: 0.7 },
  { name: '恶心', re: /恶心|什么破|破玩意|什么玩意|破东西|无耻|不要脸|太过分|欺负人|没良心|缺德/, weight: 0.6 },
  { name: '假货', re: /假货|假冒|山寨货/, weight: 0.3 },
  { name: '再也不买', re: /再也不(来|买|会买|会来)|最后一次(买|来)|拉黑/, weight: 0.5 },
  { name: '说法', re: /要个说法|给(我)?(个|一个)说法|给(我)?(个|一个)交代|什么态度|态度(太|很|极其|非常|真)?(差|恶劣)/, weight: 0.5 },
  { name: '无语', re: /无语|心寒|寒心|窝火|憋屈|受不了/, weight: 0.5 },
  { name: '失望', re: /失望|郁闷|闹心|着急死|急死/, weight: 0.35 },
  { name: '不满', re: /不满意|太差|很差|真差|差劲|太烂|烂透|太慢了|慢死|敷衍|不负责|没人(管|理|回)|不理人|不回(复|消息)/, weight: 0.35 },
  // Frustration said without a swear word: asked again and again, kept waiting, promises broken, mocked.
  {
    name: '反复',
    re: /(说|问|催|找|打|联系)了.{0,4}(次|遍|回)|第.{1,3}次(问|催|找|说|联系)|每次都(说|是)|一直(让我等|拖着|拖|没人|没给|没处理|不理|不回|不处理|不给)|天天(催|问|等)|又没(发|到|处理|回)/,
    weight: 0.55,
  },
  { name: '到底', re: /到底(管不管|怎么|什么|还|要|能|发不发|退不退|给不给|有没有|行不行|是不是|处不处理)|还管不管|管不管/, weight: 0.55 },
  { name: '等太久', re: /等了.{0,6}(天|周|星期|个月)|都.{0,4}(天|周|星期|个月)了/, weight: 0.5 },
  { name: '威胁', re: /再不.{0,12}(投诉|差评|退|举报|曝光|12315)/, weight: 0.7 },
  {
    name: '嘲讽',
    re: /这什么|什么质量|耍人|耍我|玩我|逗我|糊弄|踢皮球|这样做生意|什么服务|破服务|服务太差|答应.{0,8}没|说话不算|言而无信|有意思吗|你们什么意思|什么意思啊/,
    weight: 0.55,
  },
  // A rhetorical question; a plain "还没发货吗" asks for the status and is not here.
  { name: '催', re: /催了|凭什么|搞什么|怎么回事/, weight: 0.3 },
  {
    name: 'angry-en',
    re: /\b(scam|scammer|fraud|liar|cheat(ed|er|ing)?|garbage|trash|worst|terrible|awful|disgusting|ridiculous|unacceptable|angry|furious|lawyer|sue|wtf|fuck(ing)?|shit|damn|useless)\b/,
    weight: 0.5,
  },
  { name: 'complain-en', re: /\b(complain(t|ing)?|refund|money back|disappointed|broken|never again)\b/, weight: 0.3 },
  { name: 'angry-emoji', re: /[\u{1F620}\u{1F621}\u{1F624}\u{1F92C}\u{1F4A2}\u{1F47F}\u{1F595}\u{1F44E}]/u, weight: 0.4 },
];

// A plain question ("退货地址是哪里", "我想退货，怎么操作"); rhetorical ones ("怎么回事", "凭什么") are cues above.
const QUESTION =
  /[?？]\s*$|[吗呢嘛][?？!。.~\s]*$|吗[?？]|会不会|是不是|请问|请教|问一?下|想问|如何|能否|可否|是否|哪里|哪儿|哪个|哪些|多少|几天|什么时候|有没有|能不能|可不可以|可以.{0,12}吗|怎么(操作|办理|弄|申请|退|换|买|用|选|寄|联系|设置|开|填|付)/;

/**
 * Flags a shopper message that shows anger or a complaint. Never throws: empty, huge (only the first
 * MAX_INPUT_CHARS are read), emoji-only, HTML and mixed-language input all give an answer.
 */
export function negativeEmotion(text: unknown, model?: SentimentModel): NegativeEmotion {
  const s = normalizeText(text);
  if (s === '') return { negative: false, score: 0, cues: [] };
  const cues: string[] = [];
  let keep = 1; // product of (1 - weight) over the cues found
  for (const cue of CUES) {
    if (cue.re.test(s)) {
      cues.push(cue.name);
      keep *= 1 - cue.weight;
    }
  }
  const p = (model ?? defaultSentimentModel()).predictNormalized(s).probability;
  // Repeated !! or ??? — unless the text reads as positive ("好评！！！"); "什么时候退款??" only asks twice.
  const marks = Math.max(/!{2,}/.exec(s)?.[0].length ?? 0, (/[!?]{3,}/.exec(s)?.[0].length ?? 0) > 0 ? 3 : 0);
  if (marks >= 2 && p >= 0.5) {
    cues.push(marks >= 3 ? '!!!' : '!!');
    keep *= marks >= 3 ? 0.6 : 0.7;
  }
  // The review model: at most 0.4 of weight (half that for a question), so it cannot flag a message alone.
  const modelWeight = (QUESTION.test(s) ? 0.2 : 0.4) * Math.min(1, Math.max(0, (p - 0.5) / 0.5));
  if (modelWeight >= 0.2) cues.push('negative-sentiment');
  keep *= 1 - modelWeight;
  const score = 1 - keep;
  return { negative: score >= NEGATIVE_EMOTION_THRESHOLD, score, cues };
}
