import { answerRefusal, SURVEY_COMMENT_MAX, type SurveyKind, type SurveyState } from '@kefu/domain';
import type { Db } from '../db/database.ts';
import { recordEvent } from '../events/record.ts';
import { notFound, refuse } from '../http/errors.ts';
import { hashToken } from './send.ts';

/** The survey a link's token opens, or undefined: the token answers only its own survey. */
export async function surveyByToken(db: Db, token: string) {
  return db
    .selectFrom('surveys')
    .select(['id', 'kind', 'state', 'expires_at', 'score', 'customer_id', 'case_id'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
}

/**
 * The shopper's answer through the link: once (409 survey_answered), before the link expires (410 survey_expired).
 * The row is changed only while it is still open, so two answers racing each other store one.
 */
export async function answerSurvey(db: Db, token: string, input: { score: number; comment?: string | undefined }, now = new Date()) {
  const survey = await surveyByToken(db, token);
  if (!survey) throw notFound('survey');
  const refusal = answerRefusal({ state: survey.state as SurveyState, expiresAt: survey.expires_at }, now);
  if (refusal === 'not_found') throw notFound('survey');
  if (refusal) throw refuse(refusal);
  const comment = input.comment?.trim() || null;
  const answered = await db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('surveys')
      .set({ state: 'answered', score: input.score, comment, answered_at: now })
      .where('id', '=', survey.id)
      .where('state', '=', 'sent')
      .returning('id')
      .executeTakeFirst();
    if (!row) return false;
    await recordEvent(tx, {
      type: 'survey.answered',
      payload: {
        surveyId: survey.id,
        customerId: survey.customer_id,
        caseKind: survey.kind as SurveyKind,
        caseId: survey.case_id,
        score: input.score,
      },
    });
    return true;
  });
  if (!answered) throw refuse('survey_answered');
  return { id: survey.id, score: input.score };
}

/**
 * A chat's stars become its answered survey (listener of `conversation.rated`; the widget flow is unchanged). A
 * shopper who rates again changes the score; only the first rating is told as `survey.answered`.
 */
export async function recordChatRating(db: Db, conversationId: number, now = new Date()) {
  const conv = await db
    .selectFrom('conversations')
    .select(['id', 'customer_id', 'agent_id', 'ticket_id', 'rating', 'rating_comment', 'closed_at', 'created_at'])
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!conv || conv.rating === null || conv.rating < 1 || conv.rating > 5) return;
  const score = conv.rating;
  const comment = conv.rating_comment?.slice(0, SURVEY_COMMENT_MAX) ?? null;
  await db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom('surveys')
      .select('id')
      .where('kind', '=', 'conversation')
      .where('case_id', '=', conv.id)
      .forUpdate()
      .executeTakeFirst();
    if (existing) {
      await tx.updateTable('surveys').set({ score, comment, customer_id: conv.customer_id }).where('id', '=', existing.id).execute();
      return;
    }
    const row = await tx
      .insertInto('surveys')
      .values({
        kind: 'conversation',
        case_id: conv.id,
        ticket_id: conv.ticket_id,
        customer_id: conv.customer_id,
        agent_id: conv.agent_id,
        channel: 'chat',
        state: 'answered',
        sent_at: conv.closed_at ?? now,
        answered_at: now,
        score,
        comment,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(tx, {
      type: 'survey.answered',
      payload: { surveyId: row.id, customerId: conv.customer_id, caseKind: 'conversation', caseId: conv.id, score },
    });
  });
}
