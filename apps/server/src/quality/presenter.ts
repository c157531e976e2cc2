/** Inspections, rules and phrase hits as the API shows them (@kefu/protocol/api/quality). */
import { appealState, type QualityHit } from '@kefu/domain';
import type { Inspection, InspectionSummary, PhraseHit, QualityRule } from '@kefu/protocol/api/quality';
import type { z } from 'zod';
import type { getInspection, InspectionRow, phraseHits } from './list.ts';
import type { RuleRow } from './rules.ts';

export function presentRule(r: RuleRow): z.output<typeof QualityRule> {
  return {
    id: r.id,
    kind: r.kind as z.output<typeof QualityRule>['kind'],
    name: r.name,
    points: r.points,
    fatal: r.fatal,
    enabled: r.enabled,
    position: r.position,
    params: r.params as Record<string, unknown>,
    version: r.version,
    updatedAt: r.updated_at,
  };
}

const person = (id: number | null, name: string | null) => (id !== null && name !== null ? { id, name } : null);

export function presentSummary(r: InspectionRow & { customer_name: string | null }): z.output<typeof InspectionSummary> {
  return {
    conversationId: r.conversation_id,
    agent: person(r.agent_id, r.agent_name),
    customerName: r.customer_name,
    autoScore: r.auto_score,
    reviewScore: r.review_score,
    finalScore: r.final_score,
    fatal: r.fatal,
    sampled: r.sampled,
    sampleReason: r.sample_reason as z.output<typeof InspectionSummary>['sampleReason'],
    reviewed: r.reviewed_at !== null,
    appeal: appealState({ appealedAt: r.appealed_at, appealDecision: r.appeal_decision }),
    hitCount: (r.hits as QualityHit[]).length,
    inspectedAt: r.inspected_at,
    version: r.version,
  };
}

const FROM = { shopper: 'shopper', agent: 'agent', bot: 'bot', system: 'system' } as const;

export function presentInspection({ row, messages }: Awaited<ReturnType<typeof getInspection>>): z.output<typeof Inspection> {
  return {
    ...presentSummary(row),
    hits: row.hits as QualityHit[],
    reviewer: person(row.reviewer_id, row.reviewer_name),
    reviewedAt: row.reviewed_at,
    reviewComment: row.review_comment,
    reviewSheet: (row.review_sheet as z.output<typeof Inspection>['reviewSheet']) ?? null,
    appealReason: row.appeal_reason,
    appealedAt: row.appealed_at,
    appealNote: row.appeal_note,
    appealDecidedBy: person(row.appeal_decided_by, row.decider_name),
    appealDecidedAt: row.appeal_decided_at,
    conversation: { openedAt: row.opened_at, closedAt: row.closed_at, closeReason: row.close_reason, rating: row.rating },
    messages: messages.map((m) => {
      const from = FROM[m.sender_kind as keyof typeof FROM] ?? 'system';
      const senderName = from === 'agent' ? (m.display_name ?? '客服') : from === 'shopper' ? row.visitor_name : from === 'bot' ? '智能客服' : '系统';
      return { id: String(m.id), seq: m.seq, from, senderName, kind: m.kind, body: m.body, at: m.at };
    }),
  };
}

export function presentPhraseHit(h: Awaited<ReturnType<typeof phraseHits>>[number]): z.output<typeof PhraseHit> {
  return {
    id: String(h.id),
    channel: h.channel as z.output<typeof PhraseHit>['channel'],
    conversationId: h.conversation_id,
    ticketId: h.ticket_id,
    user: person(h.user_id, h.display_name),
    phrase: h.phrase,
    blocked: h.blocked,
    at: h.at,
  };
}
