import type { AfterSaleReason, RootCause, TicketCategory } from '@kefu/domain';

/** Texts of the demo's past tickets, beyond the stories of shop.ts: complaints with their causes, after-sale cases by reason. */

export interface ComplaintStory {
  subject: string;
  description: string;
  category: TicketCategory;
  rootCause: RootCause;
  /** The product concerned, by SKU, when the complaint is about one. */
  sku?: string;
  reply: string;
  solution: string;
}

export const COMPLAINTS: ComplaintStory[] = [
  {
    subject: '客服态度差，问了三遍没人回',
    description: '晚上咨询物流，客服一直不回复，最后还说让我自己去查，非常不满意！',
    category: 'service_attitude',
    rootCause: 'service',
    reply: '非常抱歉给您带来不好的体验，我是客服主管，正在核实当晚的聊天记录。',
    solution: '已对当班客服进行批评教育并重新培训服务规范，补偿您一张20元无门槛券。',
  },
  {
    subject: 'T恤洗一次就严重掉色',
    description: '买的纯棉T恤洗了一次就掉色，把其他衣服都染了，要求赔偿。',
    category: 'product_quality',
    rootCause: 'product_defect',
    sku: 'NC-T001',
    reply: '非常抱歉！麻烦您提供掉色衣物的照片，我们马上处理。',
    solution: '为您全额退款，并补偿染色衣物损失50元。',
  },
  {
    subject: '快递一周还没到，物流不更新',
    description: '订单显示已发货七天了，物流一直停在中转站，催了也没用。',
    category: 'logistics',
    rootCause: 'logistics',
    reply: '非常抱歉让您久等，已联系快递公司加急核查，今天下午4点前给您回复。',
    solution: '快递确认包裹在中转站遗失，已为您顺丰补发并退还运费。',
  },
  {
    subject: '七天无理由退货被拒绝',
    description: '收到才三天，吊牌都没拆，申请七天无理由退货却被拒绝，不合理。',
    category: 'after_sales_policy',
    rootCause: 'policy',
    reply: '非常抱歉，我们马上复核您的退货申请。',
    solution: '经核实是审核失误，已重新通过退货申请，运费由我们承担。',
  },
  {
    subject: '付款扣了两次钱',
    description: '支付的时候卡了一下，银行扣了两次款，订单只有一个。',
    category: 'payment',
    rootCause: 'other',
    reply: '非常抱歉，已提交财务核实重复扣款。',
    solution: '多扣的款项已原路退回，1-3个工作日到账。',
  },
  {
    subject: '外套拉链质量太差',
    description: '摇粒绒外套穿了不到一周拉链就坏了，拉不上，这质量让人失望。',
    category: 'product_quality',
    rootCause: 'product_defect',
    sku: 'NC-J003',
    reply: '非常抱歉！麻烦您拍一下拉链的照片，我们马上为您处理。',
    solution: '为您换新一件，并已将拉链问题反馈给产品部门排查这一批次。',
  },
  {
    subject: '收到的颜色和图片差太多',
    description: '连衣裙实物颜色比图片暗很多，感觉被骗了。',
    category: 'product_quality',
    rootCause: 'expectation',
    sku: 'NC-D002',
    reply: '非常抱歉给您带来困扰，麻烦您在自然光下拍张照片给我们看看。',
    solution: '已为您办理退货退款，商品详情页的图片也已重新拍摄更换。',
  },
  {
    subject: '发错货了还让我自己寄回',
    description: '买的是藏青色家居服，收到黑色的，客服还让我自己先垫付运费寄回。',
    category: 'after_sales_policy',
    rootCause: 'wrong_item',
    sku: 'NC-H006',
    reply: '非常抱歉，是我们仓库发错了，运费由我们承担。',
    solution: '已安排快递上门取件，正确颜色今天顺丰发出，补偿10元券。',
  },
  {
    subject: '挂烫机用了一个月就坏',
    description: '挂烫机用了一个月就不出蒸汽，寄修又要等半个月，太耽误事了。',
    category: 'product_quality',
    rootCause: 'product_defect',
    sku: 'NC-E010',
    reply: '非常抱歉！我们马上为您安排处理。',
    solution: '不用寄修了，直接为您换新机，旧机上门取回。',
  },
];

/** After-sale cases by reason: what the shopper wrote (`{product}` is the product's short name). */
export const AFTER_SALE_TEXTS: Record<AfterSaleReason, string[]> = {
  quality: [
    '{product}洗了一次就起球了，质量不行',
    '{product}有个小破洞，刚收到就有',
    '{product}开线了，袖口的线都散了',
    '{product}用了没几天就坏了',
    '{product}有明显的污渍，洗不掉',
  ],
  size: ['{product}尺码偏小，穿着太紧', '{product}买大了，想换小一码', '尺码不合适，{product}袖子太长'],
  no_reason: ['不喜欢这个颜色，想退', '买重复了，{product}退一件', '家里人不喜欢，七天无理由退货'],
  damaged: ['收到包裹破损，{product}被压坏了', '外箱湿了，{product}受潮发霉', '{product}运输中摔坏了'],
  wrong_item: ['发错颜色了，我要的不是这个', '收到的{product}尺码和下单的不一样', '少发了一件'],
  late: ['快递太慢了，等不及了不想要了', '说好48小时发货，一周都没发，申请退款'],
  other: ['价格降了，想退了重新拍', '送人的，对方已经有了'],
};

/** Product-specific defects shoppers report, by SKU: what the defect alarm groups by. */
export const DEFECTS: Record<string, string[]> = {
  'NC-T001': ['T恤洗了一次就掉色', 'T恤领口洗了就变形'],
  'NC-S005': ['跑步鞋鞋底开胶了', '鞋子穿了两周鞋面开裂'],
  'NC-E009': ['暖手宝充不进电', '暖手宝充电后不发热'],
  'NC-E010': ['挂烫机不出蒸汽了', '挂烫机漏水'],
  'NC-K008': ['保温杯不保温了', '杯盖漏水'],
  'NC-B007': ['四件套洗了起球', '被套缝线开了'],
  'NC-A011': ['围巾有好几处线头', '围巾掉毛严重'],
};

/** The cluster the defect alarm should find: one jacket's zip failing again and again in the last days. */
export const ZIP_SKU = 'NC-J003';
export const ZIP_DEFECTS = [
  '拉链坏了，拉到一半就卡住，拉不上也拉不下',
  '外套拉链拉不上，试了好多次',
  '拉链头掉了，才穿两次',
  '拉链坏了，拉链齿都错开了',
  '拉链拉不上，卡得很紧',
];

export const CONSULTATIONS: { subject: string; description: string; category: TicketCategory | null; reply: string }[] = [
  {
    subject: '想批量采购四件套',
    description: '公司年会要采购30套四件套，能给个团购价吗？需要开专票。',
    category: 'payment',
    reply: '您好，30套以上可享85折，专票可以开，我把报价单发您邮箱。',
  },
  {
    subject: '会员积分没到账',
    description: '上个月买了两单，积分一直没加上。',
    category: 'other',
    reply: '您好，已为您补录积分，共580分，刷新会员页即可看到。',
  },
  {
    subject: '能不能寄到香港',
    description: '在香港读书，想买家居服，能直接寄过来吗？运费多少？',
    category: 'logistics',
    reply: '您好，香港可以寄，运费30元，一般3-5天送达。',
  },
  { subject: '保温杯能刻字吗', description: '想送朋友，杯身能刻名字吗？', category: null, reply: '您好，暂时不支持刻字，可以帮您做礼盒包装加贺卡。' },
  {
    subject: '申请价保补差价',
    description: '下单第三天就降价了20元，能补差价吗？',
    category: 'payment',
    reply: '您好，符合7天价保，差价20元已退回您的支付账户。',
  },
];

export const PROBLEM_ORDERS: { subject: string; description: string; reply: string }[] = [
  {
    subject: '地址超出配送范围',
    description: '收货地址在偏远山区，中通不派送，需要改发邮政。',
    reply: '已联系顾客确认，改发邮政EMS，运费差价由店铺承担。',
  },
  { subject: '订单重复下单', description: '同一顾客5分钟内下了两单一模一样的，疑似重复。', reply: '已电话确认顾客只要一单，另一单已取消退款。' },
  { subject: '收货电话是空号', description: '快递反馈收货电话是空号，联系不上顾客。', reply: '已通过平台旺旺联系顾客，更新了正确号码。' },
  { subject: '包裹被拒收退回', description: '顾客拒收，包裹在退回途中，需要确认是否退款。', reply: '已联系顾客，收到退货后为其退款。' },
];

export const COLLABORATIONS: {
  subject: string;
  description: string;
  department: 'warehouse' | 'finance' | 'tech' | 'product';
  task: string;
  answer: string;
}[] = [
  {
    subject: '请仓库核实退货商品状态',
    description: '顾客称已寄回跑步鞋，请仓库确认是否签收、鞋子是否完好。',
    department: 'warehouse',
    task: '核实退货签收和商品状态',
    answer: '已签收，鞋子完好，可以退款。',
  },
  {
    subject: '财务协同：重复扣款退款',
    description: '顾客重复扣款，请财务原路退回。',
    department: 'finance',
    task: '重复扣款原路退回',
    answer: '已原路退回，流水号已备注在订单。',
  },
  {
    subject: '技术协同：官网支付页报错',
    description: '多位顾客反映官网支付时提示“系统繁忙”，请技术排查。',
    department: 'tech',
    task: '排查支付页报错',
    answer: '支付通道证书过期，已更新，恢复正常。',
  },
  {
    subject: '产品协同：尺码表和实物不符',
    description: '多位顾客反映牛仔裤腰围比尺码表小2cm，请产品核实。',
    department: 'product',
    task: '核实牛仔裤尺码表',
    answer: '已复测，尺码表已更新，下批次按新版型生产。',
  },
  {
    subject: '仓库协同：漏发枕套',
    description: '四件套少发一个枕套，请仓库补发。',
    department: 'warehouse',
    task: '补发枕套',
    answer: '已补发，单号已回填。',
  },
];

/** Suggestions and needs shoppers leave (建议/需求), for the monthly needs report when the kind exists. */
export const SUGGESTIONS: { subject: string; description: string; sku?: string }[] = [
  { subject: '希望家居服出大码', description: '身高175体重160斤，最大码还是紧，希望出XXL。', sku: 'NC-H006' },
  { subject: '建议四件套出1.2米规格', description: '学生宿舍床是1.2米的，希望出小尺寸。', sku: 'NC-B007' },
  { subject: '希望保温杯出更多颜色', description: '现在只有黑白两色，希望出莫兰迪色系。', sku: 'NC-K008' },
  { subject: '建议提供以旧换新', description: '挂烫机想换新款，希望能以旧换新。', sku: 'NC-E010' },
  { subject: '希望支持顺丰到付', description: '急用的时候希望能选顺丰，到付也可以。' },
  { subject: '外套希望出加长款', description: '个子高，摇粒绒外套袖子和衣长都偏短。', sku: 'NC-J003' },
];

export const NOTES = ['已电话联系顾客，确认地址无误', '等待仓库回复', '顾客要求下午联系', '已申请主管审批补偿', '顾客已上传照片'];
export const FOLLOW_UPS = ['您好，这边已经在加急处理了，有进展马上通知您。', '您好，处理结果已同步，麻烦您查收一下。', '您好，请问问题解决了吗？'];
export const ESCALATION_REASONS = ['顾客要求主管处理，超出客服权限', '顾客威胁差评并要求高额赔偿', '顾客已向平台发起投诉介入'];
