import { DEFAULT_AFTER_SALE_POLICY, DEFAULT_ORDER_CHECKS, type AfterSalePolicy, type OrderCheckSettings } from '@kefu/domain';
import { AfterSalePolicy as AfterSalePolicySchema, OrderChecks } from '@kefu/protocol/api/settings';
import { sql } from 'kysely';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { checkVersion } from '../db/versioned.ts';

/** The shop's own rules; each key has a schema and a default, so a shop that set nothing gets the defaults. */
export const SETTINGS = { orderChecks: OrderChecks.strict(), afterSalePolicy: AfterSalePolicySchema.strict() };
export type SettingKey = keyof typeof SETTINGS;
interface Settings {
  orderChecks: OrderCheckSettings;
  afterSalePolicy: AfterSalePolicy;
}
const DEFAULTS: Settings = { orderChecks: DEFAULT_ORDER_CHECKS, afterSalePolicy: DEFAULT_AFTER_SALE_POLICY };

export async function getSetting<K extends SettingKey>(db: Db | Tx, key: K): Promise<{ value: Settings[K]; version: number }> {
  const row = await db.selectFrom('shop_settings').select(['value', 'version']).where('key', '=', key).executeTakeFirst();
  return row ? { value: { ...DEFAULTS[key], ...(row.value as Partial<Settings[K]>) }, version: row.version } : { value: DEFAULTS[key], version: 0 };
}

/**
 * Replaces a setting; `version` is the one the edit was based on (0 for a setting never saved). Another module's own
 * setting (reports/defects' `defectAlarms`) is kept here too, under its key, validated by that module.
 */
export async function putSetting(db: Db, actorId: number, key: SettingKey | 'defectAlarms', value: unknown, version: number) {
  return db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('shop_settings').select('version').where('key', '=', key).forUpdate().executeTakeFirst();
    checkVersion('setting', current?.version ?? 0, version);
    const json = JSON.stringify(value);
    const row = await tx
      .insertInto('shop_settings')
      .values({ key, value: json })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, version: sql<number>`shop_settings.version + 1`, updated_at: new Date() }))
      .returning('version')
      .executeTakeFirstOrThrow();
    await audit(tx, { actorId, action: 'settings.update', entity: 'settings', entityId: key, detail: { value } as Record<string, unknown> });
    return row.version;
  });
}
