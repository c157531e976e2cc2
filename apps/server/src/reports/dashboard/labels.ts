import type { KpiKey } from '@kefu/domain';
import { HANDOVER_LABEL, INTENT_LABEL } from '../../conversations/bot-turns.ts';

/** The Chinese names the Excel exports use (the web app has its own, in both languages, in i18n/reports.ts). */
export const KPI_LABEL: Record<KpiKey, string> = {
  csat: '顾客满意度',
  fcr: '一次解决率',
  secondContactRate: '二次来访率',
  secondContactResolution: '二次解决率',
  firstResponse: '平均首次响应',
  avgResponse: '平均响应时长',
  within30s: '30 秒内响应占比',
  complaintFirstFeedback: '投诉首次反馈时长',
  escalationRate: '升级率',
  botDeflection: '机器人独立解决率',
  collabSatisfaction: '跨部门协作满意度',
};

export const METRIC_LABEL: Record<string, string> = {
  first_response: '首次响应',
  first_feedback: '首次反馈',
  next_response: '后续响应',
  periodic_update: '定期更新',
  resolution: '解决',
  chat_response: '会话响应',
  aftersale_review: '售后审核',
  aftersale_plan: '售后方案',
  repair_progress: '维修进度',
  task_due: '协同任务',
  order_confirm: '订单确认',
  order_ship: '订单发货',
  follow_up: '回访',
  review_reply: '中差评回复',
};

export const CHANNEL_LABEL: Record<string, string> = {
  web: '网页',
  email: '邮件',
  phone: '电话',
  sms: '短信',
  taobao: '淘宝',
  jd: '京东',
  pdd: '拼多多',
};

export const CATEGORY_LABEL: Record<string, string> = {
  product_quality: '产品质量',
  logistics: '物流',
  service_attitude: '服务态度',
  after_sales_policy: '售后政策',
  payment: '支付',
  other: '其他',
};

export const HANDOVER_REASON_LABEL: Record<string, string> = { ...HANDOVER_LABEL, other: '其他' };

export const VOLUME_LABEL: Record<string, string> = {
  conversations: '会话',
  tickets: '工单',
  afterSales: '售后',
  messages: '消息',
  handedOver: '转人工',
  resolvedByBot: '机器人解决',
  rated: '已评价会话',
};

export const intentLabel = (intent: string) => (intent ? (INTENT_LABEL[intent] ?? (intent === 'other' ? '其他' : intent)) : '未识别');
export const categoryLabel = (category: string) => (category ? (CATEGORY_LABEL[category] ?? category) : '未分类');
export const channelLabel = (channel: string) => CHANNEL_LABEL[channel] ?? channel;
