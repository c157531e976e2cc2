import { NOTIFICATION_KEYS, NOTIFICATION_VARIABLES, validateTemplate, type NotificationKey } from '@kefu/domain';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { checkRowVersion, nextVersion } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, notFound } from '../http/errors.ts';

/** The shop's notification texts, one per event, in the order of NOTIFICATION_KEYS. */
export async function listTemplates(db: Db | Tx) {
  const rows = await db.selectFrom('notification_templates').selectAll().execute();
  return NOTIFICATION_KEYS.flatMap((key) => {
    const row = rows.find((r) => r.key === key);
    return row ? [{ ...row, key, variables: NOTIFICATION_VARIABLES[key] }] : [];
  });
}

export async function templateOf(db: Db | Tx, key: NotificationKey) {
  return db.selectFrom('notification_templates').selectAll().where('key', '=', key).executeTakeFirst();
}

export interface TemplateChange {
  version: number;
  enabled?: boolean;
  title?: string;
  body?: string;
}

/** An admin's edit: each text may use only its event's variables (a 400 naming the field otherwise). */
export async function changeTemplate(db: Db, actor: Principal, key: NotificationKey, change: TemplateChange) {
  const allowed = NOTIFICATION_VARIABLES[key];
  for (const field of ['title', 'body'] as const) {
    const text = change[field];
    const problem = text === undefined ? null : validateTemplate(text, allowed);
    if (problem) throw badRequest(`body.${field}`, problem.message);
  }
  await db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('notification_templates').selectAll().where('key', '=', key).forUpdate().executeTakeFirst();
    if (!row) throw notFound('notification template');
    checkRowVersion('notification_templates', row, change.version);
    await tx
      .updateTable('notification_templates')
      .set({
        ...(change.enabled !== undefined && { enabled: change.enabled }),
        ...(change.title !== undefined && { title: change.title }),
        ...(change.body !== undefined && { body: change.body }),
        version: nextVersion(),
        updated_at: new Date(),
      })
      .where('id', '=', row.id)
      .execute();
    await audit(tx, {
      actorId: actor.id,
      action: 'notification_template.change',
      entity: 'notification_template',
      entityId: row.id,
      detail: { key, enabled: change.enabled },
    });
  });
}
