/** The demo shop: 暖橙家居服饰, a clothing and home-goods seller on 淘宝, 京东, 拼多多 and its own site. */
export const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '高',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '许',
  '韩',
  '冯',
  '邓',
  '曹',
];
export const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '子涵',
  '欣怡',
  '梓萱',
  '浩然',
  '宇轩',
  '思雨',
  '佳怡',
  '一诺',
  '雨桐',
];
export const PLACES: readonly (readonly [string, string, string])[] = [
  ['浙江省', '杭州市', '西湖区'],
  ['浙江省', '宁波市', '鄞州区'],
  ['广东省', '深圳市', '南山区'],
  ['广东省', '广州市', '天河区'],
  ['江苏省', '南京市', '鼓楼区'],
  ['江苏省', '苏州市', '工业园区'],
  ['上海市', '上海市', '浦东新区'],
  ['北京市', '北京市', '朝阳区'],
  ['四川省', '成都市', '武侯区'],
  ['湖北省', '武汉市', '洪山区'],
  ['山东省', '青岛市', '崂山区'],
  ['福建省', '厦门市', '思明区'],
  ['新疆维吾尔自治区', '乌鲁木齐市', '天山区'],
  ['西藏自治区', '拉萨市', '城关区'],
  ['陕西省', '西安市', '雁塔区'],
  ['湖南省', '长沙市', '岳麓区'],
];
export const STREETS = ['文三路', '学院路', '科技园南路', '中山北路', '人民大道', '解放路', '建设路', '新华街', '长江路', '和平里'];

/** 尺码表 for the clothes: the body each size is cut for, and the garment's chest and length. */
export const SIZE_CHART = [
  { size: 'S', heightMin: 150, heightMax: 160, weightMin: 40, weightMax: 50, measurements: { 胸围: '96cm', 衣长: '64cm' } },
  { size: 'M', heightMin: 160, heightMax: 168, weightMin: 50, weightMax: 60, measurements: { 胸围: '100cm', 衣长: '66cm' } },
  { size: 'L', heightMin: 168, heightMax: 175, weightMin: 60, weightMax: 70, measurements: { 胸围: '104cm', 衣长: '68cm' } },
  { size: 'XL', heightMin: 175, heightMax: 185, weightMin: 70, weightMax: 85, measurements: { 胸围: '110cm', 衣长: '70cm' } },
];

export const PRODUCTS = [
  { sku: 'NC-T001', name: '纯棉圆领短袖T恤 男女同款', category: '服饰', price: 5900, warranty: 0, restricted: [], stock: 120 },
  { sku: 'NC-D002', name: '法式碎花连衣裙 夏季', category: '服饰', price: 16900, warranty: 0, restricted: [], stock: 0 },
  { sku: 'NC-J003', name: '加厚摇粒绒外套', category: '服饰', price: 19900, warranty: 0, restricted: [], stock: 120 },
  { sku: 'NC-P004', name: '高腰阔腿牛仔裤', category: '服饰', price: 13900, warranty: 0, restricted: [], stock: 120 },
  { sku: 'NC-S005', name: '轻便透气跑步鞋', category: '鞋靴', price: 25900, warranty: 180, restricted: [], stock: 3 },
  { sku: 'NC-H006', name: '珊瑚绒家居服套装', category: '家居服', price: 12900, warranty: 0, restricted: [], stock: 120 },
  { sku: 'NC-B007', name: '全棉四件套 1.8米床', category: '床品', price: 29900, warranty: 0, restricted: [], stock: 120 },
  { sku: 'NC-K008', name: '不锈钢保温杯 500ml', category: '家居', price: 8900, warranty: 365, restricted: [], stock: 120 },
  { sku: 'NC-E009', name: '电热暖手宝 充电款', category: '小家电', price: 6900, warranty: 365, restricted: ['西藏', '新疆'], stock: 120 },
  { sku: 'NC-E010', name: '家用挂烫机 手持蒸汽', category: '小家电', price: 19900, warranty: 365, restricted: ['西藏', '新疆'], stock: 120 },
  { sku: 'NC-A011', name: '羊毛混纺围巾', category: '配饰', price: 9900, warranty: 0, restricted: [], stock: 120 },
  { sku: 'NC-A012', name: '儿童卡通雨伞', category: '配饰', price: 3900, warranty: 90, restricted: [], stock: 120 },
] as const;

import type { TicketCategory, TicketType } from '@kefu/domain';

export interface TicketStory {
  subject: string;
  description: string;
  category: TicketCategory | null;
  reply: string;
  /** The product a suggestion is about. */
  sku?: string;
}

/** Ticket texts by type: subject, description, the category, and a plausible agent reply. */
export const TICKET_STORIES: Record<TicketType, readonly TicketStory[]> = {
  consultation: [
    {
      subject: '身高165体重55公斤穿什么尺码',
      description: '想买那条高腰阔腿牛仔裤，平时穿M码，这款尺码偏大还是偏小？',
      category: null,
      reply: '您好，很高兴为您服务！这款版型偏大半码，按您的身高体重建议选S码，您看可以吗？',
    },
    {
      subject: '双11的满减活动怎么用',
      description: '购物车里有三件，满300减40的券领了但是结算没有减，是不是用法不对？',
      category: 'payment',
      reply: '您好，满减券需要在同一店铺商品结算时使用，您可以先勾选全部三件再结算，您看可以吗？',
    },
    {
      subject: '保温杯能装热牛奶吗',
      description: '请问这款保温杯可以装牛奶和果汁吗？保温能保持多久？',
      category: null,
      reply: '您好，建议只装热水和茶，牛奶果汁容易残留异味。保温约12小时。',
    },
    {
      subject: '什么时候发货，用什么快递',
      description: '今天下单的话什么时候能发货？能发顺丰吗？我在新疆。',
      category: 'logistics',
      reply: '您好，48小时内发货，新疆地区默认发邮政，可补差价改顺丰。',
    },
    {
      subject: '四件套是纯棉的吗',
      description: '想问一下这个四件套是不是全棉的，会不会起球掉色？',
      category: null,
      reply: '您好，是100%全棉，首次洗涤建议冷水单独洗，不会起球。',
    },
    {
      subject: '可以开发票吗',
      description: '公司采购，需要开增值税普通发票，抬头和税号怎么填？',
      category: 'payment',
      reply: '您好，下单时在发票栏填写抬头和税号即可，金额为实付金额。',
    },
  ],
  complaint: [
    {
      subject: '客服态度差，问了三遍没人回',
      description: '昨天晚上咨询物流，客服一直不回复，最后还说让我自己去查，非常不满意！',
      category: 'service_attitude',
      reply: '非常抱歉给您带来不好的体验，我们已核实并批评教育相关客服，给您补偿一张10元无门槛券。',
    },
    {
      subject: '衣服洗一次就严重掉色',
      description: '买的纯棉T恤洗了一次就掉色，把其他衣服都染了，要求赔偿。',
      category: 'product_quality',
      reply: '非常抱歉！麻烦您提供掉色衣物的照片，我们为您办理退款并补偿染色衣物损失。',
    },
    {
      subject: '快递一周还没到，物流不更新',
      description: '订单显示已发货七天了，物流信息一直停在中转站，催了也没用。',
      category: 'logistics',
      reply: '非常抱歉让您久等，已联系快递公司加急核查，今天下午4点前给您回复进展。',
    },
    {
      subject: '七天无理由退货被拒绝',
      description: '收到才三天，吊牌都没拆，申请七天无理由退货却被拒绝，不合理。',
      category: 'after_sales_policy',
      reply: '非常抱歉，经核实是审核失误，已为您重新通过退货申请，运费由我们承担。',
    },
    {
      subject: '付款扣了两次钱',
      description: '支付的时候卡了一下，结果银行扣了两次款，订单只有一个。',
      category: 'payment',
      reply: '非常抱歉，已核实重复扣款，多扣的款项会在1-3个工作日原路退回。',
    },
  ],
  after_sale: [
    {
      subject: '鞋子尺码偏小想换大一码',
      description: '跑步鞋穿着有点挤脚，尺码偏小，想换大一号的，鞋盒都在。',
      category: 'after_sales_policy',
      reply: '您好，可以换货，请在订单页申请换货并寄回，我们收到后24小时内发出新鞋。',
    },
    {
      subject: '挂烫机不出蒸汽了',
      description: '用了两个月的挂烫机突然不出蒸汽，指示灯正常，还在保修期内吧？',
      category: 'product_quality',
      reply: '您好，在一年保修期内，麻烦拍一段视频，我们安排维修，每天下午4点前告知您进度。',
    },
    {
      subject: '我要退款，围巾有线头',
      description: '围巾有好几处线头，质量不好，我要退款。',
      category: 'product_quality',
      reply: '非常抱歉！请您上传照片，我们审核后为您办理退货退款。',
    },
    {
      subject: '收到的四件套少了一个枕套',
      description: '打开包装发现只有一个枕套，少了一个，请补发。',
      category: 'logistics',
      reply: '非常抱歉，已为您安排补发枕套，今天发出。',
    },
    {
      subject: '暖手宝充不进电',
      description: '暖手宝充电一晚上还是没电，是不是坏了？想退货。',
      category: 'product_quality',
      reply: '您好，请先换一根数据线试试，仍然不行我们为您换新。',
    },
  ],
  problem_order: [
    {
      subject: '收到的颜色发错了',
      description: '下单的是藏青色外套，收到的是黑色，要求换货。',
      category: 'logistics',
      reply: '非常抱歉发错颜色，已安排换货，快递员上门取件。',
    },
    {
      subject: '快递被拒收退回',
      description: '顾客拒收，包裹已在退回途中，需要确认是否退款。',
      category: 'logistics',
      reply: '已联系顾客，确认收到退货后为其退款。',
    },
    {
      subject: '包裹破损，杯子凹陷',
      description: '保温杯收到时外箱破损，杯身有明显凹陷。',
      category: 'logistics',
      reply: '非常抱歉，给您补发新杯子并退还运费。',
    },
  ],
  collaboration: [
    {
      subject: '请仓库核实退货商品状态',
      description: '顾客称已寄回跑步鞋，单号SF1234567890，请仓库确认是否签收并检查鞋子是否完好。',
      category: 'after_sales_policy',
      reply: '已转仓库处理。',
    },
    {
      subject: '技术协同：官网支付页面报错',
      description: '多位顾客反映官网支付时提示“系统繁忙”，附截图，请技术排查。',
      category: 'payment',
      reply: '已提交技术部，等待排查结果。',
    },
    { subject: '财务协同：重复扣款退款', description: '顾客重复扣款199元，请财务原路退回。', category: 'payment', reply: '已提交财务处理。' },
  ],
  // 建议/需求: what was asked for (subject), why (description), the product when there is one.
  suggestion: [
    {
      subject: '希望牛仔裤出加长款',
      description: '身高180以上穿现在的裤长偏短，想要加长5厘米的版本。',
      category: null,
      reply: '已记录并反馈产品部。',
      sku: 'NC-P004',
    },
    {
      subject: '保温杯希望有大容量款',
      description: '上班一天要喝很多水，500ml不够，想要750ml以上。',
      category: null,
      reply: '已记录并反馈产品部。',
      sku: 'NC-K008',
    },
    { subject: '希望提供礼品包装', description: '买来送人，希望能选礼盒包装并附贺卡。', category: null, reply: '已记录并反馈产品部。' },
    { subject: '希望牛仔裤出加长款', description: '男朋友腿长，常规款不够长。', category: null, reply: '已记录并反馈产品部。', sku: 'NC-P004' },
    {
      subject: '围巾希望增加纯羊毛款',
      description: '混纺的有点扎脖子，敏感肌想要100%羊毛。',
      category: null,
      reply: '已记录并反馈产品部。',
      sku: 'NC-A011',
    },
  ],
};

export const CUSTOMER_NOTES = [
  '偏好顺丰快递',
  '对尺码很敏感，推荐时多问身高体重',
  '老顾客，每年双11都会囤货',
  '喜欢浅色系',
  '需要开发票（公司抬头）',
  '电话联系请在下午',
];
export const TAGS = ['老顾客', '大码', '送礼', '价格敏感', '爱评价', '企业采购', '学生'];

/** Shared quick replies (话术), with the greeting and closing scripts of DOMAIN.md §1. */
export const QUICK_REPLIES = [
  { title: '问候', shortcut: 'hi', body: '您好，很高兴为您服务，请问有什么可以帮您？' },
  { title: '结束语', shortcut: 'bye', body: '您有什么问题随时可以再来咨询！' },
  { title: '询问订单号', shortcut: 'dd', body: '{customerName}您好，麻烦提供一下您的订单号，我帮您查询。' },
  { title: '发货时间', shortcut: 'fh', body: '您好，我们48小时内发货，订单{orderNo}发货后会第一时间通知您。' },
  { title: '尺码建议', shortcut: 'cm', body: '麻烦告诉我您的身高和体重，我帮您推荐合适的尺码，您看可以吗？' },
  { title: '七天无理由', shortcut: 'th', body: '您好，本店支持七天无理由退货，商品不影响二次销售即可，您看可以吗？' },
  { title: '道歉', shortcut: 'sorry', body: '非常抱歉给您带来不便，我是客服{agentName}，马上为您处理。' },
];

/** Forbidden phrases (服务忌语) with what to say instead. */
export const FORBIDDEN_PHRASES: [string, string][] = [
  ['你自己看', '我来帮您查看一下'],
  ['不知道', '我帮您确认一下，稍等'],
  ['这不是我们的问题', '我们一起看看怎么解决'],
  ['你听懂了吗', '不知道我解释清楚了没有？'],
  ['没看到吗', '可能是我没说清楚，我再说明一下'],
  ['我也没办法', '我向主管申请一下，尽快给您答复'],
  ['随便你', '您看可以吗？'],
];
