/**
 * Realistic, seeded Chinese ticket texts for the ticket benchmark: a clothing and home-goods shop
 * (暖橙家居服饰) on 淘宝 / 京东 / 拼多多. Every ticket mixes a product, a problem, the shopper's
 * phrasing and sometimes a second problem, order or tracking numbers and a city, so common words
 * (退款, 物流, 快递) match a large share of tickets and others (乌鲁木齐, 挂烫机) only a few.
 */

import { seededRandom } from '../../apps/server/src/seed/random.ts';

export type TicketType = 'consultation' | 'complaint' | 'after_sale' | 'problem_order' | 'collaboration';
export type Category = 'product_quality' | 'logistics' | 'service_attitude' | 'after_sales_policy' | 'payment' | 'other';

export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** The demo seed's generator: the same texts on every machine for a given seed. */
export function rng(seed: number): Rng {
  return seededRandom(seed);
}

const PRODUCTS = [
  '纯棉圆领短袖T恤',
  '法式碎花连衣裙',
  '加厚摇粒绒外套',
  '高腰阔腿牛仔裤',
  '轻便透气跑步鞋',
  '珊瑚绒家居服套装',
  '全棉四件套',
  '不锈钢保温杯',
  '电热暖手宝',
  '家用挂烫机',
  '羊毛混纺围巾',
  '儿童卡通雨伞',
  '白鸭绒羽绒服',
  '针织开衫毛衣',
  '乳胶枕头',
  '防滑棉拖鞋',
  '真丝睡衣',
  '运动速干袜',
  '冰丝凉席',
  '加绒卫衣',
] as const;

const COLORS = ['藏青色', '燕麦色', '雾霾蓝', '酒红色', '黑色', '米白色', '卡其色', '豆沙粉'] as const;
const SIZES = ['S码', 'M码', 'L码', 'XL码', '2XL码', '36码', '38码', '40码', '42码'] as const;
const COURIERS = ['顺丰', '中通', '圆通', '韵达', '京东物流', '邮政'] as const;
/** Cities with very different weights: far-away ones are rare words in the corpus. */
const CITIES = [
  '杭州',
  '杭州',
  '杭州',
  '上海',
  '上海',
  '北京',
  '北京',
  '深圳',
  '广州',
  '南京',
  '苏州',
  '成都',
  '武汉',
  '西安',
  '长沙',
  '青岛',
  '厦门',
  '宁波',
  '郑州',
  '合肥',
  '昆明',
  '哈尔滨',
  '沈阳',
  '南宁',
  '贵阳',
  '兰州',
  '呼和浩特',
] as const;
const FAR_CITIES = ['乌鲁木齐', '拉萨', '喀什', '西宁'] as const;
const PLATFORMS = ['淘宝', '天猫', '京东', '拼多多', '官网小程序'] as const;

const GREETINGS = ['你好，', '您好，', '在吗？', '亲，', '客服你好，', '麻烦看一下，', '急！', '', '', ''] as const;
const CLOSINGS = ['谢谢！', '麻烦尽快处理。', '请尽快回复我。', '等你们消息。', '不然我要给差评了。', '辛苦了。', '', ''] as const;

interface Problem {
  weight: number;
  types: readonly TicketType[];
  category: Category | null;
  subject: (p: string, r: Rng) => string;
  detail: (p: string, r: Rng) => string;
}

const days = (r: Rng) => r.pick(['两天', '三天', '五天', '一周', '十天', '半个月']);
const orderNo = (r: Rng) =>
  `${r.int(2025, 2026)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}${r.int(100000, 999999)}`;
const tracking = (r: Rng) => `${r.pick(['SF', 'YT', 'ZTO', 'JD', 'YD'])}${r.int(1000000000, 9999999999)}`;

const PROBLEMS: readonly Problem[] = [
  {
    weight: 14,
    types: ['after_sale', 'complaint'],
    category: 'after_sales_policy',
    subject: (p, r) => r.pick([`${p}申请退款`, `我要退款，${p}不想要了`, `${p}退货退款进度`, '退款什么时候到账']),
    detail: (p, r) =>
      r.pick([
        `${p}收到后不太满意，已经申请退货退款${days(r)}了，到现在退款还没到账。`,
        `买的${p}想退款，吊牌没拆，包装都在，请帮我处理一下退款。`,
        `退货已经寄回去了，快递显示签收${days(r)}，为什么退款还在处理中？`,
      ]),
  },
  {
    weight: 12,
    types: ['complaint', 'problem_order', 'consultation'],
    category: 'logistics',
    subject: (p, r) => r.pick(['物流一直不更新', `${p}的快递到哪了`, '快递太慢了', '物流显示签收但没收到货']),
    detail: (p, r) =>
      r.pick([
        `${p}下单${days(r)}了，物流信息一直停在${r.pick(CITIES)}中转站，催了也没用。`,
        `${r.pick(COURIERS)}快递单号${tracking(r)}，物流显示已签收，可是我根本没收到，家里也没人签。`,
        `说好48小时发货，结果${days(r)}才发出，物流还特别慢。`,
      ]),
  },
  {
    weight: 6,
    types: ['after_sale', 'consultation'],
    category: 'after_sales_policy',
    subject: (p, r) => r.pick([`${p}尺码偏小想换大一码`, '尺码偏小，能换吗', `${p}穿着太紧`]),
    detail: (p, r) =>
      r.pick([
        `平时穿${r.pick(SIZES)}，这次买的${p}尺码偏小，穿着有点紧，想换大一码，吊牌都在。`,
        `身高${r.int(150, 185)}体重${r.int(45, 90)}公斤，按尺码表买的${r.pick(SIZES)}，结果尺码偏小，能不能换货？`,
      ]),
  },
  {
    weight: 6,
    types: ['after_sale', 'consultation'],
    category: 'after_sales_policy',
    subject: (p, r) => r.pick([`${p}尺码偏大`, '衣服太大了想换小一码']),
    detail: (p, r) => `${p}买的${r.pick(SIZES)}，版型偏大，袖子也长，想换小一码。`,
  },
  {
    weight: 6,
    types: ['complaint', 'after_sale'],
    category: 'product_quality',
    subject: (p, r) => r.pick([`${p}洗一次就掉色`, `${p}严重掉色`, '衣服掉色染了别的衣服']),
    detail: (p, r) => `${r.pick(COLORS)}的${p}按说明冷水手洗，洗了一次就掉色，把其他衣服都染了，要求赔偿。`,
  },
  {
    weight: 5,
    types: ['after_sale', 'complaint'],
    category: 'product_quality',
    subject: (p) => `${p}起球了`,
    detail: (p, r) => `${p}才穿了${r.pick(['两次', '三次', '一周'])}就起球，袖口和腋下全是球，这质量也太差了。`,
  },
  {
    weight: 5,
    types: ['problem_order', 'after_sale'],
    category: 'logistics',
    subject: (p, r) => r.pick([`${p}快递破损`, '包裹破损，外箱压坏了', '收到的东西坏了']),
    detail: (p, r) => `收到时快递外箱破损，${p}${r.pick(['有明显凹陷', '包装压坏了', '有划痕', '漏了一个配件'])}，快递员让我找商家。`,
  },
  {
    weight: 4,
    types: ['problem_order'],
    category: 'logistics',
    subject: (p, r) => r.pick(['发错货了', `${p}颜色发错了`, '尺码发错']),
    detail: (p, r) => `下单的是${r.pick(COLORS)}${r.pick(SIZES)}的${p}，收到的却是${r.pick(COLORS)}，要求换货。`,
  },
  {
    weight: 3,
    types: ['problem_order', 'after_sale'],
    category: 'logistics',
    subject: (p) => `${p}少发了一件`,
    detail: (p, r) => `订单里买了${r.int(2, 4)}件${p}，包裹里只有${r.int(1, 2)}件，请尽快补发。`,
  },
  {
    weight: 4,
    types: ['consultation', 'collaboration'],
    category: 'payment',
    subject: (p, r) => r.pick(['怎么开发票', '发票抬头写错了', '需要开增值税专用发票']),
    detail: (_p, r) =>
      r.pick([
        '公司采购，需要开增值税普通发票，抬头和税号怎么填？',
        `发票抬头写错了，应该是${r.pick(['杭州暖橙贸易有限公司', '上海某某科技有限公司', '个人'])}，能重开吗？`,
      ]),
  },
  {
    weight: 4,
    types: ['complaint', 'collaboration'],
    category: 'payment',
    subject: (_p, r) => r.pick(['付款扣了两次钱', '重复扣款', '支付失败但扣款了']),
    detail: (_p, r) => `支付的时候页面卡了一下，银行扣了两次款共${r.int(59, 599)}元，订单只有一个，请退回多扣的钱。`,
  },
  {
    weight: 4,
    types: ['consultation'],
    category: 'payment',
    subject: (_p, r) => r.pick(['优惠券用不了', '满减没有生效', '双11的满减活动怎么用']),
    detail: (_p, r) => `领了满${r.pick([199, 299, 399])}减${r.pick([20, 40, 60])}的优惠券，结算的时候没有减，是不是用法不对？`,
  },
  {
    weight: 3,
    types: ['complaint'],
    category: 'service_attitude',
    subject: (_p, r) => r.pick(['客服态度差', '问了三遍没人回', '客服不理人']),
    detail: (_p, r) => `昨天晚上在${r.pick(PLATFORMS)}咨询，客服态度很差，一直不回复，最后还说让我自己去查，非常不满意！`,
  },
  {
    weight: 3,
    types: ['complaint', 'after_sale'],
    category: 'after_sales_policy',
    subject: () => '七天无理由退货被拒绝',
    detail: (_p, r) => `收到才${r.int(2, 6)}天，吊牌都没拆，申请七天无理由退货却被拒绝，不合理。`,
  },
  {
    weight: 3,
    types: ['consultation'],
    category: 'logistics',
    subject: (_p, r) => r.pick(['什么时候发货', '能发顺丰吗', '可以改地址吗']),
    detail: (p, r) =>
      r.pick([
        `今天下单的${p}什么时候能发货？能发顺丰吗？`,
        `地址填错了，要改成${r.pick(CITIES)}${r.pick(['西湖区', '朝阳区', '南山区', '鼓楼区', '高新区'])}，还没发货的话麻烦改一下。`,
      ]),
  },
  {
    weight: 2,
    types: ['after_sale', 'complaint'],
    category: 'product_quality',
    subject: (_p, r) => r.pick(['挂烫机不出蒸汽', '挂烫机漏水', '暖手宝充不进电']),
    detail: (_p, r) =>
      r.pick([
        `用了${r.pick(['一个月', '两个月', '半年'])}的挂烫机突然不出蒸汽，指示灯正常，还在保修期内吧？`,
        '挂烫机底部一直漏水，地板都湿了，担心漏电。',
        '暖手宝充电一晚上还是没电，换了数据线也不行。',
      ]),
  },
  {
    weight: 2,
    types: ['consultation'],
    category: null,
    subject: (p) => `${p}是纯棉的吗`,
    detail: (p) => `想问一下${p}的面料成分，会不会起球掉色？敏感肌能穿吗？`,
  },
  {
    weight: 2,
    types: ['after_sale', 'complaint'],
    category: 'product_quality',
    subject: () => '羽绒服钻绒严重',
    detail: (_p, r) => `白鸭绒羽绒服穿了${r.pick(['两天', '一周'])}，到处钻绒，黑色裤子上全是毛。`,
  },
  {
    weight: 2,
    types: ['collaboration'],
    category: 'after_sales_policy',
    subject: (_p, r) => r.pick(['请仓库核实退货商品', '请仓库确认签收', '技术协同：支付页面报错']),
    detail: (p, r) => `顾客称已寄回${p}，单号${tracking(r)}，请仓库确认是否签收并检查商品是否完好。`,
  },
];

const TOTAL_WEIGHT = PROBLEMS.reduce((s, p) => s + p.weight, 0);

function pickProblem(r: Rng): Problem {
  let x = r.next() * TOTAL_WEIGHT;
  for (const p of PROBLEMS) {
    x -= p.weight;
    if (x < 0) return p;
  }
  return PROBLEMS[PROBLEMS.length - 1]!;
}

export interface GeneratedTicket {
  type: TicketType;
  subject: string;
  description: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  category: Category | null;
  severity: 'minor' | 'major' | 'critical' | null;
  tags: string[];
}

const TAGS = ['双11', '加急', '回访', '差评风险', '大促', '老顾客', 'VIP'] as const;

/** One ticket's texts and classification; complaints always carry a category and a severity. */
export function generateTicket(r: Rng): GeneratedTicket {
  const problem = pickProblem(r);
  const product = r.pick(PRODUCTS);
  const type = r.pick(problem.types);
  let description = r.pick(GREETINGS) + problem.detail(product, r);
  if (r.chance(0.35)) description += `订单号${orderNo(r)}。`;
  if (r.chance(0.25)) description += `${r.pick(PLATFORMS)}下的单，收货地址在${r.chance(0.04) ? r.pick(FAR_CITIES) : r.pick(CITIES)}。`;
  if (r.chance(0.3)) description += pickProblem(r).detail(r.pick(PRODUCTS), r);
  description += r.pick(CLOSINGS);
  const category = type === 'complaint' ? (problem.category ?? 'other') : problem.category;
  return {
    type,
    subject: problem.subject(product, r),
    description,
    priority: type === 'complaint' ? r.pick(['high', 'urgent'] as const) : r.pick(['low', 'normal', 'normal', 'normal', 'high'] as const),
    category,
    severity: type === 'complaint' ? r.pick(['minor', 'major', 'critical'] as const) : null,
    tags: r.chance(0.25) ? [r.pick(TAGS)] : [],
  };
}

/** A POST /api/tickets body from a generated ticket, referring to rows the server created (customers, groups, agents). */
export function createTicketBody(r: Rng, reference: { customerIds: number[]; groupIds: number[]; agentIds: number[] }) {
  const t = generateTicket(r);
  const assigned = r.chance(0.2);
  return {
    type: t.type,
    subject: t.subject,
    description: t.description,
    priority: t.priority,
    ...(t.category !== null && { category: t.category }),
    ...(t.severity !== null && { severity: t.severity }),
    ...(t.tags.length > 0 && { tags: t.tags }),
    ...(r.chance(0.9) && { customerId: r.pick(reference.customerIds) }),
    ...(r.chance(0.5) && { groupId: r.pick(reference.groupIds) }),
    ...(assigned && { assigneeId: r.pick(reference.agentIds) }),
  };
}

/** The search mix: label, query text, and how often it is sent relative to the others. */
export const SEARCH_QUERIES: readonly { label: string; q: string; weight: number }[] = [
  { label: 'common: 退款', q: '退款', weight: 3 },
  { label: 'common: 物流', q: '物流', weight: 3 },
  { label: 'common: 快递', q: '快递', weight: 2 },
  { label: 'phrase: 尺码偏小', q: '尺码偏小', weight: 2 },
  { label: 'two words: 快递 破损', q: '快递 破损', weight: 1 },
  { label: 'two words: 发票 抬头', q: '发票 抬头', weight: 1 },
  { label: 'medium: 掉色', q: '掉色', weight: 1 },
  { label: 'phrase: 七天无理由', q: '七天无理由', weight: 1 },
  { label: 'rarer: 挂烫机 蒸汽', q: '挂烫机 蒸汽', weight: 1 },
  { label: 'rare: 乌鲁木齐', q: '乌鲁木齐', weight: 1 },
  { label: 'rare: 钻绒', q: '羽绒服钻绒', weight: 1 },
  { label: 'no hit: 量子纠缠', q: '量子纠缠', weight: 1 },
  // The ticket number is filled in at run time with an existing ticket's number.
  { label: 'ticket number', q: '', weight: 1 },
];
