/**
 * What a shopper's SMS reply (上行) asks for. Chinese business SMS end with "回T退订" / "拒收请回复R", and shoppers
 * answer those in many ways: T, TD, t, Ｔ, "退订", "退订！", "TD退订", "拒收", "0000", "不要再发了". Such a reply stops
 * texts to them; anything else is a message for the service team. A reply that only contains one of the words
 * inside a sentence ("怎么退订单"), or a bare 退 / 取消 (a return, an order to cancel), is a message, not an opt-out.
 */
const CODES = new Set(['T', 'TD', 'N', 'R', '0000', 'UNSUBSCRIBE', 'STOP']);
const WORDS = /^(?:请|麻烦)?(?:帮我)?(?:退订|拒收|取消订阅|取消短信|退订短信|拒收短信|不要再发了?|别再发了?|别发了|不要发了)(?:了|吧|谢谢|短信)*$/;
const CODE_AND_WORD = /^(?:T|TD|R|N)(?:退订|拒收)$|^(?:退订|拒收)(?:T|TD|R|N)$/;

/** Full-width letters and digits to ASCII, spaces and punctuation out, letters upper-case. */
function squeeze(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toUpperCase();
}

export function isSmsOptOut(text: string): boolean {
  const s = squeeze(text);
  if (!s || s.length > 12) return false;
  return CODES.has(s) || WORDS.test(s) || CODE_AND_WORD.test(s);
}
