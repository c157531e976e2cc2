import { formatClock, parseClock } from '@kefu/domain';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { checkRowVersion, nextVersion } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';

export async function readSettings(db: Db | Tx) {
  const s = await db.selectFrom('outreach_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return {
    quietStart: formatClock(s.quiet_start),
    quietEnd: formatClock(s.quiet_end),
    capCount: s.cap_count,
    capDays: s.cap_days,
    linkBase: s.link_base,
    version: s.version,
  };
}

export interface SettingsChange {
  version: number;
  quietStart?: string;
  quietEnd?: string;
  capCount?: number;
  capDays?: number;
  linkBase?: string;
}

/** An admin's change of the quiet hours, the cap or the link base (the contract checks each field's form). */
export async function changeSettings(db: Db, actor: Principal, change: SettingsChange) {
  await db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('outreach_settings').selectAll().where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
    checkRowVersion('outreach_settings', row, change.version);
    const { version: _, ...fields } = change;
    await tx
      .updateTable('outreach_settings')
      .set({
        ...(change.quietStart !== undefined && { quiet_start: parseClock(change.quietStart)! }),
        ...(change.quietEnd !== undefined && { quiet_end: parseClock(change.quietEnd)! }),
        ...(change.capCount !== undefined && { cap_count: change.capCount }),
        ...(change.capDays !== undefined && { cap_days: change.capDays }),
        ...(change.linkBase !== undefined && { link_base: change.linkBase }),
        version: nextVersion(),
        updated_at: new Date(),
      })
      .where('id', '=', 1)
      .execute();
    await audit(tx, { actorId: actor.id, action: 'outreach.settings', entity: 'outreach_settings', entityId: 1, detail: fields });
  });
}
