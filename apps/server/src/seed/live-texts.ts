import type { Department, TicketPriority, TicketType } from '@kefu/domain';

type Line = ['shopper' | 'agent', string];

/** The conversations open right now: waiting in the queue, or with an agent (`unread`: shopper lines not yet read). */
export const LIVE_CHATS: { status: 'queued' | 'active'; group: string; minutesAgo: number; unread: number; tags: string[]; lines: Line[] }[] = [
  {
    status: 'queued',
    group: '售前',
    minutesAgo: 2,
    unread: 0,
    tags: ['尺码'],
    lines: [['shopper', '你好，我身高165，体重52公斤，这款珊瑚绒睡衣穿M还是L？']],
  },
  {
    status: 'queued',
    group: '售后',
    minutesAgo: 4,
    unread: 0,
    tags: ['物流'],
    lines: [
      ['shopper', '我的快递三天没动了，能帮我查一下吗'],
      ['shopper', '有人在吗？'],
    ],
  },
  { status: 'queued', group: '售前', minutesAgo: 1, unread: 0, tags: ['价格优惠'], lines: [['shopper', '双12满300减40的券可以和店铺券一起用吗？']] },
  {
    status: 'active',
    group: '售前',
    minutesAgo: 9,
    unread: 1,
    tags: ['商品咨询'],
    lines: [
      ['shopper', '这个四件套是纯棉的吗？会不会掉色'],
      ['agent', '您好，很高兴为您服务！这款四件套是100%新疆长绒棉，活性印染，正常洗涤不掉色的哦。'],
      ['shopper', '好的，那1.8米的床选哪个尺寸？'],
    ],
  },
  {
    status: 'active',
    group: '售后',
    minutesAgo: 15,
    unread: 2,
    tags: ['退货退款'],
    lines: [
      ['shopper', '收到的睡衣袖口开线了'],
      ['agent', '非常抱歉给您带来不便！麻烦您拍一张开线处的照片发给我，我马上为您处理。'],
      ['shopper', '照片发你了，我想换一件新的'],
      ['shopper', '今天能寄出吗？'],
    ],
  },
  {
    status: 'active',
    group: 'VIP',
    minutesAgo: 6,
    unread: 0,
    tags: ['发票'],
    lines: [
      ['shopper', '上周的订单需要开公司抬头的发票'],
      ['agent', '好的，麻烦您提供公司名称和税号，我们开好后发到您的邮箱，您看可以吗？'],
    ],
  },
  {
    status: 'active',
    group: '售前',
    minutesAgo: 3,
    unread: 1,
    tags: ['尺码'],
    lines: [['shopper', '儿童款130码适合几岁的孩子穿？']],
  },
];

/** Tasks the desk handed to every department on open tickets. */
export const LIVE_TASKS: { department: Department; ticketType: TicketType; subject: string; title: string; description: string }[] = [
  {
    department: 'tech',
    ticketType: 'complaint',
    subject: '电热毯调温档位失灵',
    title: '请排查电热毯温控器故障',
    description: '顾客反映使用一周后调温档位失灵，只能最高档加热，已附视频。',
  },
  {
    department: 'product',
    ticketType: 'suggestion',
    subject: '希望睡衣增加加大码',
    title: '顾客建议：珊瑚绒睡衣增加 XXL 码',
    description: '近两周有 6 位顾客询问 XXL 码，请评估是否增加。',
  },
  {
    department: 'finance',
    ticketType: 'consultation',
    subject: '发票金额与实付不符',
    title: '请重开发票（金额按券后实付）',
    description: '发票按原价开具，顾客要求按券后实付金额重开。',
  },
  {
    department: 'logistics',
    ticketType: 'problem_order',
    subject: '快递三天未更新',
    title: '请向快递公司追查包裹',
    description: '物流信息停在转运中心三天，请追查并反馈。',
  },
  {
    department: 'purchasing',
    ticketType: 'consultation',
    subject: '枕芯缺货何时到货',
    title: '请确认乳胶枕芯到货时间',
    description: '顾客等待乳胶枕芯补货，请告知预计到货日期。',
  },
];

/** Problem orders (问题订单) being handled. */
export const PROBLEM_ORDERS: { label: string; description: string; priority: TicketPriority }[] = [
  { label: '错发漏发', description: '顾客收到的是灰色，下单的是粉色。', priority: 'high' },
  { label: '快递问题', description: '快递显示已签收，顾客称未收到。', priority: 'normal' },
  { label: '拒收', description: '顾客拒收，包裹退回中，需确认退款。', priority: 'normal' },
];
