import type { SurveyChannel } from '@kefu/domain';
import type { Tx } from '../db/database.ts';
import { queueOutreach } from '../outreach/send.ts';
import type { CaseFacts } from './cases.ts';

export interface SurveyInvitation {
  surveyId: number;
  facts: CaseFacts;
  link: string;
  shopName: string;
  expiryDays: number;
}

/** Queued on a channel from `sendAt` (after the shop's quiet hours), or skipped with the reason. */
export type DeliveryResult = { queued: true; channel: SurveyChannel; sendAt: Date } | { queued: false; reason: string };

const KIND_WORDS = { ticket: '工单', after_sale: '售后', conversation: '咨询' } as const;

export function invitationText(inv: SurveyInvitation): { title: string; body: string } {
  const what = `${KIND_WORDS[inv.facts.kind]} ${inv.facts.label}`;
  return {
    title: `【${inv.shopName}】邀请您评价本次服务`,
    body: `您好！您的${what}已处理完毕。请花 10 秒为本次服务打分，帮助我们做得更好：${inv.link}（${inv.expiryDays} 天内有效）`,
  };
}

/**
 * Queues the invitation through the outreach core (outreach/send.ts), in the survey's transaction: in the shopper's
 * chat when the case came from chat, else a link by e-mail or SMS. Outreach honours opt-outs and quiet hours and
 * decides each (customer, case) once; a shopper without a customer file cannot be reached.
 */
export async function deliverInvitation(tx: Tx, inv: SurveyInvitation, now = new Date()): Promise<DeliveryResult> {
  if (inv.facts.customerId === null) return { queued: false, reason: 'unreachable' };
  const { title, body } = invitationText(inv);
  const result = await queueOutreach(
    tx,
    {
      customerId: inv.facts.customerId,
      purpose: 'survey',
      templateKey: `survey.${inv.facts.kind}`,
      title,
      body,
      link: inv.link,
      dedupeKey: `survey:${inv.facts.kind}:${inv.facts.caseId}`,
      caseRef: { kind: inv.facts.kind, id: inv.facts.caseId },
      channels: inv.facts.fromChat ? ['chat', 'email', 'sms'] : ['email', 'sms'],
    },
    now,
  );
  if (result.outcome === 'skipped') return { queued: false, reason: result.reason === 'no_channel' ? 'unreachable' : result.reason };
  return { queued: true, channel: result.channel, sendAt: result.sendAt };
}
