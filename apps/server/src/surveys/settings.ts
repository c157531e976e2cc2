import type { SurveySettings } from '@kefu/domain';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { checkVersion } from '../db/versioned.ts';

export interface StoredSurveySettings extends SurveySettings {
  linkBase: string;
}

/** The shop's survey settings (one row, made by the migration). */
export async function readSurveySettings(db: Db | Tx): Promise<{ settings: StoredSurveySettings; version: number }> {
  const row = await db.selectFrom('survey_settings').selectAll().executeTakeFirstOrThrow();
  return {
    settings: {
      ticket: row.ticket,
      afterSale: row.after_sale,
      expiryDays: row.expiry_days,
      delayMinutes: row.delay_minutes,
      linkBase: row.link_base,
    },
    version: row.version,
  };
}

/** An admin's change based on `version`: 409 stale_version when someone saved meanwhile. */
export async function saveSurveySettings(db: Db, actorId: number, settings: StoredSurveySettings, version: number) {
  return db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('survey_settings').select('version').forUpdate().executeTakeFirstOrThrow();
    checkVersion('survey settings', current.version, version);
    await tx
      .updateTable('survey_settings')
      .set({
        ticket: settings.ticket,
        after_sale: settings.afterSale,
        expiry_days: settings.expiryDays,
        delay_minutes: settings.delayMinutes,
        link_base: settings.linkBase,
        version: current.version + 1,
        updated_at: new Date(),
      })
      .execute();
    await audit(tx, { actorId, action: 'settings.update', entity: 'settings', entityId: 'surveys', detail: { ...settings } });
    return readSurveySettings(tx);
  });
}
