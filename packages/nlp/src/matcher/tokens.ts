import { indexTokens } from '@kefu/text';

/**
 * Function words, politeness and question particles: they say nothing about which answer is wanted.
 * Words that do ("不", "没", "多久", "怎么办", "到") are kept; the rest of the weighting is left to IDF.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    '吗 呢 吧 啊 呀 哦 噢 喔 嘛 么 哈 啦 嘞 咯 哇 呐 滴 的 地 得 了 着 过 是 在 和 与 或 及 就 都 也 又 很 太 挺 蛮 ' +
    '比较 非常 特别 我 你 他 她 它 我们 你们 他们 咱 咱们 人家 自己 亲 亲亲 亲们 您 请问 请 麻烦 一下 这个 那个 这 那 个 一个 ' +
    '这款 那款 这件 那件 这种 这边 那边 嗯 嗯嗯 好 好的 谢谢 在吗 你好 您好 哈哈 呵呵 想 要 想要 需要 可以 能 能不能 ' +
    '可不可以 会 会不会 怎么 怎么样 怎样 如何 什么 啥 咋 肿么 神马 是不是 有没有 有 没有 给 把 被 让 对 呗 哈哈哈 ' +
    'please the a an is are do does can i you my me it this of to for'
  ).split(/\s+/),
);

/** Characters that are never a useful single-character gram. */
const STOP_CHARS: ReadonlySet<string> = new Set(
  Array.from(
    '吗呢吧啊呀哦噢喔嘛么哈啦嘞咯哇呐滴的地得了着过是在和与或及就都也又很太挺蛮我你他她它们亲您请这那个一下嗯好想要能会可以怎样什啥咋有没给把被让对呗',
  ),
);

const HAN = /\p{Script=Han}/u;

/** Content words of a normalised, synonym-rewritten text (jieba words plus their search-mode sub-words). */
export function contentWords(text: string): string[] {
  if (!text) return [];
  return indexTokens(text).filter((w) => !STOPWORDS.has(w));
}

/**
 * Character grams of the Chinese runs of a text: single characters (stop characters left out) and
 * bigrams (those made only of stop characters left out). They match a misspelt or unsegmented question
 * ("包油吗", "退宽") to the right phrasing where whole words do not.
 */
export function charGrams(text: string): string[] {
  const grams = new Set<string>();
  let prev: string | undefined;
  for (const ch of text) {
    if (!HAN.test(ch)) {
      prev = undefined;
      continue;
    }
    const stop = STOP_CHARS.has(ch);
    if (!stop) grams.add(ch);
    if (prev !== undefined && !(stop && STOP_CHARS.has(prev))) grams.add(prev + ch);
    prev = ch;
  }
  return [...grams];
}
