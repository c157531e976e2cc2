import { DEFAULT_DEFECT_ALARM_SETTINGS, type DefectAlarmSettings } from '@kefu/domain';
import { DefectAlarmSettings as SettingsSchema } from '@kefu/protocol/api/defects';
import type { Db, Tx } from '../../db/database.ts';
import { putSetting } from '../../settings/service.ts';

/** Kept in shop_settings by the settings/ module, under this key; the threshold and window default to 3 in 7 days. */
const KEY = 'defectAlarms';

export async function readDefectAlarmSettings(db: Db | Tx): Promise<{ settings: DefectAlarmSettings; version: number }> {
  const row = await db.selectFrom('shop_settings').select(['value', 'version']).where('key', '=', KEY).executeTakeFirst();
  if (!row) return { settings: DEFAULT_DEFECT_ALARM_SETTINGS, version: 0 };
  // A value saved by an older kefu with other bounds falls back to the defaults rather than stopping the alarms.
  const parsed = SettingsSchema.safeParse({ ...DEFAULT_DEFECT_ALARM_SETTINGS, ...row.value });
  return { settings: parsed.success ? parsed.data : DEFAULT_DEFECT_ALARM_SETTINGS, version: row.version };
}

/** An admin's change, based on `version` (0 when never saved): 409 stale_version when someone saved meanwhile. */
export async function saveDefectAlarmSettings(db: Db, actorId: number, settings: DefectAlarmSettings, version: number) {
  const saved = await putSetting(db, actorId, KEY, settings, version);
  return { settings, version: saved };
}
