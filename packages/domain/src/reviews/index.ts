/**
 * Marketplace reviews (DOMAIN §6): which reviews are 中差评 that must be answered within the hour, what the shopper
 * complains about, and when the shop may invite a revision. Stars are the shopper's own verdict and come first; the
 * text (the review-sentiment model's probability that it is negative) decides when there are no stars, and turns a
 * 4–5-star review with a clearly negative text into a hidden bad review.
 */

export const REVIEW_PLATFORMS = ['taobao', 'tmall', 'jd', 'pdd'] as const;
export type ReviewPlatform = (typeof REVIEW_PLATFORMS)[number];

export const REVIEW_SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type ReviewSentiment = (typeof REVIEW_SENTIMENTS)[number];

export const REVIEW_ESCALATIONS = ['pr', 'legal'] as const;
export type ReviewEscalation = (typeof REVIEW_ESCALATIONS)[number];

export const COMPLAINT_KINDS = ['quality', 'logistics', 'description', 'service', 'price', 'other'] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];

/** The model's probability of "negative" at or above which a text reads negative, at or below which positive. */
export const NEGATIVE_TEXT = 0.65;
export const POSITIVE_TEXT = 0.35;
/** A 4–5-star review whose text is this surely negative still needs an answer (好评返现 gripes, mis-clicked stars). */
export const HIDDEN_BAD_TEXT = 0.85;

export interface ReviewVerdict {
  sentiment: ReviewSentiment;
  /** 中差评: answered within the hour (the `review_reply` clock). */
  middling: boolean;
  /** 差评 (1–2 stars or a negative text without stars), else 中评 when `middling`. */
  bad: boolean;
}

export function textSentiment(probability: number): ReviewSentiment {
  if (probability >= NEGATIVE_TEXT) return 'negative';
  if (probability <= POSITIVE_TEXT) return 'positive';
  return 'neutral';
}

/** The verdict on a review from its stars (1–5, or none) and its text's probability of being negative. */
export function reviewVerdict(stars: number | null, probability: number): ReviewVerdict {
  const text = textSentiment(probability);
  if (stars === null) return { sentiment: text, middling: text === 'negative', bad: text === 'negative' };
  if (stars <= 2) return { sentiment: 'negative', middling: true, bad: true };
  if (stars === 3) return { sentiment: text === 'negative' ? 'negative' : 'neutral', middling: true, bad: false };
  if (probability >= HIDDEN_BAD_TEXT) return { sentiment: 'negative', middling: true, bad: false };
  return { sentiment: text === 'negative' ? 'neutral' : text, middling: false, bad: false };
}

const KIND_WORDS: [ComplaintKind, RegExp][] = [
  ['logistics', /物流|快递|发货|送货|配送|包装|破损|压坏|慢|几天才到|没收到|丢件/],
  ['quality', /质量|做工|坏了|掉色|起球|开线|异味|味道|有毛病|故障|不能用|用不了|漏|碎|假货|瑕疵/],
  ['description', /不符|色差|不一样|货不对板|尺码|偏大|偏小|图片|描述|与图/],
  ['service', /客服|态度|不理|不回|敷衍|售后|退款|退货|换货/],
  ['price', /降价|贵|价格|差价|保价|不值/],
];

/** What a review complains about, by its words: the first kind in this order that matches, else `other`. */
export function complaintKind(text: string): ComplaintKind {
  return KIND_WORDS.find(([, re]) => re.test(text))?.[0] ?? 'other';
}

/** The shop's public answer to a 中差评, by complaint kind: {buyer} and {product} are filled in. */
export const REPLY_TEMPLATES: Record<ComplaintKind, string> = {
  quality:
    '亲爱的{buyer}，非常抱歉「{product}」给您带来了不好的体验！质量问题我们绝不推诿，客服已主动联系您，为您办理退换或补偿，也会把问题反馈给品控部门，感谢您的监督。',
  logistics:
    '亲爱的{buyer}，让您久等了，实在抱歉！物流上的问题我们已和快递公司核实并督促改进，客服会主动联系您跟进「{product}」的情况，有任何问题随时找我们。',
  description: '亲爱的{buyer}，抱歉「{product}」与您的预期有出入！我们会核对商品描述和图片，客服已联系您提供退换方案，运费由我们承担。',
  service: '亲爱的{buyer}，对于服务上的不周到我们深表歉意！已安排主管专人跟进您的问题，一定给您一个满意的答复。',
  price: '亲爱的{buyer}，感谢您的反馈！关于「{product}」的价格问题，客服已联系您说明并按店铺保价规则为您处理。',
  other: '亲爱的{buyer}，感谢您对「{product}」的评价，给您带来不便非常抱歉！客服已主动联系您，一定尽力解决您的问题。',
};

export function renderReviewReply(kind: ComplaintKind, vars: { buyer: string; product: string }): string {
  return REPLY_TEMPLATES[kind].replace('{buyer}', vars.buyer || '顾客').replace('{product}', vars.product || '商品');
}

export interface InviteState {
  middling: boolean;
  repliedAt: Date | null;
  invitedAt: Date | null;
  /** The after-sale opened from the review, if any: its status. */
  afterSaleStatus: string | null;
}

/** After-sale states where the case opened from a review is over. */
const SOLVED_AFTERSALE = ['reshipped', 'refunded', 'granted', 'closed', 'rejected', 'cancelled'];

/**
 * Why the shop may not (yet) invite the shopper to revise the review (追评/改评邀请), or null when it may: once per
 * review, only for a 中差评, after it was answered and the case opened from it is solved.
 */
export function inviteRefusal(state: InviteState): string | null {
  if (!state.middling) return 'only a 中差评 is invited to be revised';
  if (state.invitedAt) return 'the shopper was already invited to revise this review';
  if (!state.repliedAt) return 'answer the review first';
  if (state.afterSaleStatus !== null && !SOLVED_AFTERSALE.includes(state.afterSaleStatus)) return 'the after-sale opened from it is not solved yet';
  return null;
}
