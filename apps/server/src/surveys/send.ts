import { createHash, randomBytes } from 'node:crypto';
import { surveyDueAt, surveyExpiresAt, surveyLink, type SurveyKind } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { caseFacts } from './cases.ts';
import { deliverInvitation, type DeliveryResult, type SurveyInvitation } from './delivery.ts';
import { readSurveySettings } from './settings.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** How an invitation goes out; the default is delivery.ts, a test may watch or replace it. */
export type Deliver = (tx: Tx, invitation: SurveyInvitation, now: Date) => Promise<DeliveryResult>;

/**
 * A survey for a case that was just solved (a ticket) or closed (an after-sale), unless that kind is off. One per
 * case: a case solved again after a reopen keeps its survey; only one skipped because the case was reopened before
 * it went out is asked again. Sent at once without a delay, else by the `surveys.send-due` job.
 */
export async function surveyCase(
  db: Db,
  kind: Exclude<SurveyKind, 'conversation'>,
  caseId: number,
  now = new Date(),
  deliver: Deliver = deliverInvitation,
) {
  const { settings } = await readSurveySettings(db);
  if (!(kind === 'ticket' ? settings.ticket : settings.afterSale)) return null;
  const facts = await caseFacts(db, kind, caseId);
  if (!facts?.done) return null;
  const due = surveyDueAt(now, settings);
  const row = await db
    .insertInto('surveys')
    .values({ kind, case_id: caseId, ticket_id: facts.ticketId, customer_id: facts.customerId, agent_id: facts.agentId, due_at: due })
    .onConflict((oc) =>
      oc
        .columns(['kind', 'case_id'])
        .doUpdateSet({ state: 'pending', skip_reason: null, due_at: due, agent_id: facts.agentId })
        .where('surveys.state', '=', 'skipped')
        .where('surveys.skip_reason', '=', 'reopened'),
    )
    .returning('id')
    .executeTakeFirst();
  if (!row) return null;
  if (due.getTime() <= now.getTime()) await sendSurvey(db, row.id, now, deliver);
  return row.id;
}

/** Sends one pending survey: a fresh token, the link on the shopper's channel; skipped (with why) when none reaches them. */
export async function sendSurvey(db: Db, surveyId: number, now = new Date(), deliver: Deliver = deliverInvitation): Promise<string | null> {
  return db.transaction().execute(async (tx) => {
    const survey = await tx
      .selectFrom('surveys')
      .selectAll()
      .where('id', '=', surveyId)
      .where('state', '=', 'pending')
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!survey) return null;
    const facts = await caseFacts(tx, survey.kind as SurveyKind, survey.case_id);
    if (!facts?.done) {
      await tx.updateTable('surveys').set({ state: 'skipped', skip_reason: 'reopened' }).where('id', '=', surveyId).execute();
      return null;
    }
    const { settings } = await readSurveySettings(tx);
    const shop = await tx.selectFrom('shops').select('name').orderBy('id').executeTakeFirst();
    const token = randomBytes(24).toString('base64url');
    const link = surveyLink(settings.linkBase, token);
    const result = await deliver(tx, { surveyId, facts, link, shopName: shop?.name ?? '', expiryDays: settings.expiryDays }, now);
    if (!result.queued) {
      await tx.updateTable('surveys').set({ state: 'skipped', skip_reason: result.reason }).where('id', '=', surveyId).execute();
      return null;
    }
    await tx
      .updateTable('surveys')
      .set({
        state: 'sent',
        channel: result.channel,
        token_hash: hashToken(token),
        sent_at: result.sendAt,
        expires_at: surveyExpiresAt(result.sendAt, settings.expiryDays),
        customer_id: facts.customerId,
      })
      .where('id', '=', surveyId)
      .execute();
    return token;
  });
}

/** The job: sends the surveys whose delay is over, and marks the links past their expiry as expired. */
export async function sendDueSurveys(db: Db, now = new Date(), deliver: Deliver = deliverInvitation) {
  const due = await db
    .selectFrom('surveys')
    .select('id')
    .where('state', '=', 'pending')
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(500)
    .execute();
  let sent = 0;
  for (const { id } of due) if (await sendSurvey(db, id, now, deliver)) sent++;
  const expired = await db
    .updateTable('surveys')
    .set({ state: 'expired' })
    .where('state', '=', 'sent')
    .where('expires_at', '<=', sql<Date>`${now}::timestamptz`)
    .executeTakeFirst();
  return { sent, expired: Number(expired.numUpdatedRows) };
}
