/**
 * What shoppers and agents of 暖橙家居服饰 say in the demo's past conversations, by the shopper's intent (the classes of
 * @kefu/nlp's intent model). `{product}` is the product's short name, `{tracking}` the order's tracking number.
 */
export type ChatIntent =
  'logistics' | 'order_status' | 'size' | 'product' | 'price' | 'return_refund' | 'exchange' | 'repair' | 'invoice' | 'complaint' | 'other';

export interface IntentTexts {
  /** How often shoppers come with it, relative to the others. */
  weight: number;
  /** The question is about an order: the shopper shows it (or is asked for its number). */
  aboutOrder: boolean;
  /** The FAQ categories the bot answers it from. */
  faq: string[];
  /** A pre-sales question (售前) or after-sales (售后): which group's queue it joins. */
  group: '售前' | '售后';
  openers: string[];
  answers: string[];
  /** What the shopper asks next, and what the agent answers. */
  followUps: [string, string][];
  /** What the shopper says coming back about the same order within days. */
  again: string[];
}

export const INTENT_TEXTS: Record<ChatIntent, IntentTexts> = {
  logistics: {
    weight: 20,
    aboutOrder: true,
    faq: ['物流配送'],
    group: '售前',
    openers: [
      '我的快递到哪了？',
      '物流怎么一直不更新啊',
      '显示发货三天了还没到，帮我看看',
      '快递到哪了 急用',
      '包裹显示已签收但我没收到',
      '物流停在中转站好几天了',
      '能帮我催一下快递吗',
      '发的什么快递？几天能到？',
    ],
    answers: [
      '我这边帮您查询了，包裹目前在转运中心，预计明天送达，请您留意快递员电话。',
      '已经帮您联系快递加急处理了，快递单号{tracking}，今天会有快递员联系您。',
      '查到包裹已经到您附近的驿站了，取件码已短信发送，麻烦您查收一下。',
      '这边看到物流在途中，因为大促期间件量大会慢一点，我已经登记催件，有进展第一时间告诉您。',
    ],
    followUps: [
      ['明天一定能到吗？', '正常情况明天能到，如有延误我这边会第一时间联系您。'],
      ['麻烦再帮我催一下', '好的，已经再次给快递留言催件了。'],
      ['驿站在哪里啊', '驿站地址在短信里有，您也可以在物流详情里查看。'],
    ],
    again: ['上次说明天到，今天还是没到啊', '快递还是没动静，再帮我查一下', '又过了两天了物流还是没更新'],
  },
  order_status: {
    weight: 8,
    aboutOrder: true,
    faq: ['订单修改'],
    group: '售前',
    openers: ['我的订单发货了吗', '下单两天了怎么还没发货', '订单显示待发货是什么情况', '帮我查一下订单状态', '能改一下收货地址吗'],
    answers: [
      '您的订单已经打包好了，今天下午就会发出，发出后会有短信通知您。',
      '查到您的订单已经发货了，快递单号{tracking}，订单页可以看到物流。',
      '地址已经帮您改好了，仓库会按新地址发货，您放心。',
    ],
    followUps: [
      ['今天能发出吧？', '能的，今天下午4点前发出。'],
      ['那大概几天能到', '江浙沪一般1-2天，其他地区2-4天。'],
    ],
    again: ['昨天说今天发，怎么还是待发货', '订单还是没发货，能加急吗'],
  },
  size: {
    weight: 14,
    aboutOrder: false,
    faq: ['尺码建议'],
    group: '售前',
    openers: [
      '身高165体重110斤穿什么码',
      '这件{product}偏大还是偏小',
      '平时穿M，这款要拿L吗',
      '一米七五 140斤选哪个码',
      '裤长多少？我腿比较长',
      '给我妈买 她155 120斤 选哪个',
    ],
    answers: [
      '根据您的身高体重，建议选M码，这款是标准码，穿着刚好。',
      '这款版型偏宽松，平时穿L的话拿M就可以，喜欢宽松一点可以拿L。',
      '这款裤长102cm，按您的身高选L码刚好，不会短的。',
      '阿姨这个身材建议拿L码，肩宽和胸围都比较合适。',
    ],
    followUps: [
      ['会不会缩水啊', '按洗标冷水洗不会明显缩水，放心。'],
      ['肩宽多少呢', 'M码肩宽42cm，L码44cm。'],
      ['那我拿M吧', '好的亲，M码有现货，今天就能发。'],
    ],
    again: ['收到了有点大，能换小一码吗'],
  },
  product: {
    weight: 10,
    aboutOrder: false,
    faq: ['商品咨询', '洗涤保养', '库存预售'],
    group: '售前',
    openers: ['这款{product}是纯棉的吗', '珊瑚绒的会不会掉毛', '这个能机洗吗', '洗了会缩水吗', '{product}还有货吗', '这个颜色显白吗，实物有色差吗'],
    answers: [
      '这款是100%纯棉的，亲肤透气，首次洗涤建议冷水单独洗。',
      '可以机洗的，建议翻面放洗衣袋，轻柔模式，不要高温烘干。',
      '这款有现货，今天下单48小时内发出。',
      '实物是实拍的，颜色跟图片基本一致，在自然光下会稍微浅一点。',
    ],
    followUps: [
      ['有没有别的颜色', '还有米白和雾蓝两个颜色，都有现货。'],
      ['好的，那我买一件', '好的亲，下单后48小时内发货。'],
    ],
    again: [],
  },
  price: {
    weight: 8,
    aboutOrder: false,
    faq: ['优惠活动', '会员积分', '支付'],
    group: '售前',
    openers: ['现在有什么优惠活动吗', '满300减40怎么用', '优惠券结算的时候没扣', '买两件能便宜点吗', '刚买就降价了能补差价吗'],
    answers: [
      '现在店铺有满300减40的活动，同一订单满300元自动减，还可以叠加店铺优惠券。',
      '优惠券需要在结算页手动勾选，您看下是不是没有勾上，勾上就会抵扣了。',
      '支持价保的，下单7天内降价可以补差价，我这边帮您申请。',
    ],
    followUps: [
      ['那什么时候到账', '审核通过后1-3个工作日原路退回。'],
      ['可以叠加会员折扣吗', '可以的，会员折扣和满减能一起用。'],
    ],
    again: [],
  },
  return_refund: {
    weight: 15,
    aboutOrder: true,
    faq: ['退货退款'],
    group: '售后',
    openers: [
      '我想退货，怎么操作',
      '不合适想退，吊牌还在',
      '退款多久能到账',
      '申请退款三天了还没处理',
      '退货运费谁出',
      '{product}质量有问题，我要退货退款',
    ],
    answers: [
      '您好，本店支持七天无理由退货，您在订单页点申请退货，选择上门取件就可以。',
      '退款已经审核通过了，1-3个工作日原路退回，请您留意。',
      '非常抱歉！麻烦您拍一下问题的照片，我这边马上为您登记退货退款，运费由我们承担。',
      '您的退货我们已经收到了，今天就给您退款。',
    ],
    followUps: [
      ['照片发你了', '收到，已经帮您登记了，审核很快。'],
      ['那运费怎么算', '质量问题运费由我们承担，七天无理由的运费需要您承担。'],
      ['什么时候能退回来', '仓库收到后24小时内退款，1-3个工作日到账。'],
    ],
    again: ['退款还是没到账，什么情况', '上次说今天退款，到现在还没收到'],
  },
  exchange: {
    weight: 6,
    aboutOrder: true,
    faq: ['换货'],
    group: '售后',
    openers: ['尺码小了想换大一码', '能换个颜色吗', '换货要寄回吗', '收到的尺码不对，帮我换一下'],
    answers: ['可以换的，您在订单页申请换货，寄回后我们收到24小时内给您发新的。', '已经帮您登记换货了，快递员明天上门取件，新的尺码已经给您预留。'],
    followUps: [
      ['运费谁出啊', '尺码原因换货来回运费各付一半，质量问题我们全包。'],
      ['那新的几天能到', '收到寄回的商品后24小时内发出，一般2-3天到。'],
    ],
    again: ['换货寄回去好几天了，新的怎么还没发'],
  },
  repair: {
    weight: 4,
    aboutOrder: true,
    faq: ['售后问题'],
    group: '售后',
    openers: ['{product}坏了，还在保修期吗', '挂烫机不出蒸汽了', '暖手宝充不进电了', '拉链坏了能修吗', '衣服开线了能帮忙缝吗'],
    answers: [
      '在保修期内的，麻烦您拍一段视频，我们安排寄修，每天下午4点前告诉您维修进度。',
      '非常抱歉！您先换一根数据线试一下，还不行的话我们直接给您换新。',
      '可以的，您寄回来我们免费修好再寄给您。',
    ],
    followUps: [
      ['视频发你了', '收到，看到是加热元件的问题，可以修。'],
      ['要多久能修好', '收到后3-5个工作日修好寄回。'],
      ['寄到哪里', '寄修地址我发您短信了，运费到付就可以。'],
    ],
    again: ['寄修的东西怎么样了', '修好了吗，一直没消息'],
  },
  invoice: {
    weight: 5,
    aboutOrder: true,
    faq: ['发票'],
    group: '售前',
    openers: ['可以开发票吗', '发票抬头写公司怎么填', '电子发票在哪里看', '发票抬头开错了能重开吗', '公司报销要增值税普通发票'],
    answers: ['可以的，您把抬头和税号发我，电子发票24小时内发到您邮箱。', '已经帮您重新开好了，旧的作废，新的发到您预留的邮箱了。'],
    followUps: [
      ['抬头和税号发你了', '收到，今天就给您开好。'],
      ['大概什么时候能收到', '开好后会发到您的邮箱，一般24小时内。'],
    ],
    again: ['发票还没收到'],
  },
  complaint: {
    weight: 4,
    aboutOrder: true,
    faq: [],
    group: '售后',
    openers: [
      '你们客服怎么半天不回',
      '衣服洗一次就掉色，太差了',
      '说好今天发货又没发，耍人呢',
      '我要投诉，退款拖了半个月',
      '收到的东西跟图片完全不一样',
    ],
    answers: [
      '非常抱歉给您带来不好的体验！我马上为您处理，给您补偿一张20元无门槛券。',
      '真的很抱歉，这个问题我已经记录并上报主管，今天下班前一定给您答复。',
      '非常抱歉！我已经为您加急处理，运费我们承担，并给您补偿。',
    ],
    followUps: [
      ['希望你们说到做到', '一定的，我会全程跟进，有进展马上告诉您。'],
      ['什么时候给我答复', '今天下班前一定给您答复。'],
    ],
    again: ['说好给我答复的，到现在也没有', '上次投诉的事还没解决'],
  },
  other: {
    weight: 6,
    aboutOrder: false,
    faq: ['其他', '会员积分'],
    group: '售前',
    openers: ['在吗', '你们有实体店吗', '客服几点上班', '怎么成为会员', '积分能抵钱吗'],
    answers: [
      '在的亲，请问有什么可以帮您？',
      '我们是线上店铺，暂时没有实体店，官方旗舰店都是正品保障。',
      '客服每天9:00-23:00在线，其他时间可以留言，我们上班后第一时间回复。',
      '您在店铺首页点"加入会员"就可以，会员可以积分抵现，生日当月还有专属券。',
    ],
    followUps: [
      ['周末有人吗', '周末也有客服在线的，9:00-23:00。'],
      ['好的 知道了', '好的亲，有问题随时找我。'],
    ],
    again: [],
  },
};

export const GREETINGS = [
  '您好，很高兴为您服务，我是客服{agent}，请问有什么可以帮您？',
  '亲，在的～我是{agent}，请问有什么可以帮您？',
  '您好，欢迎光临暖橙家居服饰，请问有什么可以帮到您？',
];
export const ASK_ORDER_NUMBER = ['麻烦提供一下您的订单号，我帮您查询。', '亲，麻烦把订单发我一下，我帮您看看。'];
export const CLOSINGS = [
  '请问还有其他可以帮您的吗？祝您生活愉快！',
  '感谢您的耐心等待，有问题随时联系我们哦～',
  '还有其他问题随时找我，祝您购物愉快！',
];
export const THANKS = ['好的谢谢', '没有了，谢谢', '好的 辛苦了', '嗯嗯 知道了', '谢谢亲'];
/** Agents' slips (服务忌语, the demo's forbidden phrases), for quality inspection to find. */
export const SLIPS = [
  '这个我也不知道，你自己看物流吧。',
  '这不是我们的问题，是快递的问题。',
  '我也没办法，规定就是这样。',
  '上面已经写了，你没看到吗？',
];
/** Shoppers who want a person, or are upset, before the bot hands over. */
export const ASK_PERSON = ['转人工', '我要人工客服', '人工', '找真人'];
export const UPSET = ['你们这什么破服务！', '气死我了，到底能不能解决', '机器人回复有什么用 解决问题啊'];
/** Questions the knowledge has no answer for: the bot hands over, and they wait in 未知问题 for an FAQ entry. */
export const UNKNOWN_QUESTIONS = [
  '你们支持以旧换新吗',
  '能不能定制印公司logo',
  '有没有无荧光剂的检测报告',
  '直播间的福袋怎么领',
  '可以用数字人民币付款吗',
  '能寄到新加坡吗',
  '有没有孕妇专用的家居服',
  '四件套有没有1.2米床的',
  '外套能不能加长袖子',
  '挂烫机能在宿舍用吗 功率多大',
  '保温杯可以刻字吗',
  '企业团购能开专票吗',
  '会员积分能转给家人吗',
  '围巾有没有礼盒装',
];

export const RATING_COMMENTS: Record<number, string[]> = {
  5: ['客服很耐心，解决得很快', '态度很好，推荐的尺码很合适', '回复很及时，点赞', '很专业，谢谢小姐姐'],
  4: ['还不错', '问题解决了', '挺好的'],
  3: ['一般吧，等了挺久', '还行'],
  2: ['回复太慢了', '问题没有彻底解决'],
  1: ['态度很差', '答非所问，浪费时间'],
};

/** The short names shoppers use for the demo products, by SKU. */
export const PRODUCT_SHORT: Record<string, string> = {
  'NC-T001': 'T恤',
  'NC-D002': '连衣裙',
  'NC-J003': '摇粒绒外套',
  'NC-P004': '牛仔裤',
  'NC-S005': '跑步鞋',
  'NC-H006': '家居服',
  'NC-B007': '四件套',
  'NC-K008': '保温杯',
  'NC-E009': '暖手宝',
  'NC-E010': '挂烫机',
  'NC-A011': '围巾',
  'NC-A012': '雨伞',
};
