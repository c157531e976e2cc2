import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as core from './migrations/0001_core.ts';
import * as chat from './migrations/0002_chat.ts';
import * as emailOutbox from './migrations/0003_email_outbox.ts';
import * as orders from './migrations/0004_orders.ts';
import * as knowledge from './migrations/0005_knowledge.ts';
import * as shopperIdentity from './migrations/0006_shopper_identity.ts';
import * as staffAccess from './migrations/0007_staff_access.ts';
import * as verificationLimits from './migrations/0008_verification_limits.ts';
import * as replacementChainGoods from './migrations/0009_replacement_chain_goods.ts';
import * as jobs from './migrations/0010_jobs.ts';
import * as events from './migrations/0011_events.ts';
import * as serviceLevels from './migrations/0012_service_levels.ts';
import * as clockColumns from './migrations/0013_clock_columns.ts';
import * as clockLeftovers from './migrations/0014_clock_leftovers.ts';
import * as reportFacts from './migrations/0015_report_facts.ts';
import * as qualityInspection from './migrations/0016_quality_inspection.ts';
import * as reportBriefs from './migrations/0017_report_briefs.ts';
import * as defectAlarms from './migrations/0018_defect_alarms.ts';
import * as reportIndexes from './migrations/0019_report_indexes.ts';
import * as collabSatisfaction from './migrations/0020_collab_satisfaction.ts';
import * as quickReplyVersions from './migrations/0022_quick_reply_versions.ts';
import * as savedViews from './migrations/0023_saved_views.ts';
import * as orderNumberSearch from './migrations/0026_order_number_search.ts';
import * as agentSockets from './migrations/0037_agent_sockets.ts';
import * as segmentHistoryWithoutCustomerCheck from './migrations/0040_segment_history_without_customer_check.ts';
import * as careWritesWithoutCustomerChecks from './migrations/0041_care_writes_without_customer_checks.ts';
import * as webhookSubscriptions from './migrations/0042_webhook_subscriptions.ts';
import * as emailIn from './migrations/0043_email_in.ts';
import * as sms from './migrations/0044_sms.ts';
import * as calls from './migrations/0045_calls.ts';
import * as marketplaceIm from './migrations/0046_marketplace_im.ts';
import * as clickToCall from './migrations/0047_click_to_call.ts';
import * as segments from './migrations/0030_segments.ts';
import * as followUps from './migrations/0032_follow_ups.ts';
import * as surveys from './migrations/0033_surveys.ts';
import * as outreach from './migrations/0034_outreach.ts';
import * as careCoupons from './migrations/0035_care_coupons.ts';
import * as reviews from './migrations/0036_reviews.ts';
import * as ticketNumberSequences from './migrations/0039_ticket_number_sequences.ts';

/** Migrations live in the repo and are listed here in order; each is applied once, at start. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_core': core,
  '0002_chat': chat,
  '0003_email_outbox': emailOutbox,
  '0004_orders': orders,
  '0005_knowledge': knowledge,
  '0006_shopper_identity': shopperIdentity,
  '0007_staff_access': staffAccess,
  '0008_verification_limits': verificationLimits,
  '0009_replacement_chain_goods': replacementChainGoods,
  '0010_jobs': jobs,
  '0011_events': events,
  '0012_service_levels': serviceLevels,
  '0013_clock_columns': clockColumns,
  '0014_clock_leftovers': clockLeftovers,
  '0015_report_facts': reportFacts,
  '0016_quality_inspection': qualityInspection,
  '0017_report_briefs': reportBriefs,
  '0018_defect_alarms': defectAlarms,
  '0019_report_indexes': reportIndexes,
  '0020_collab_satisfaction': collabSatisfaction,
  '0022_quick_reply_versions': quickReplyVersions,
  '0023_saved_views': savedViews,
  '0026_order_number_search': orderNumberSearch,
  '0030_segments': segments,
  '0032_follow_ups': followUps,
  '0033_surveys': surveys,
  '0034_outreach': outreach,
  '0035_care_coupons': careCoupons,
  '0036_reviews': reviews,
  '0037_agent_sockets': agentSockets,
  '0039_ticket_number_sequences': ticketNumberSequences,
  '0040_segment_history_without_customer_check': segmentHistoryWithoutCustomerCheck,
  '0041_care_writes_without_customer_checks': careWritesWithoutCustomerChecks,
  '0042_webhook_subscriptions': webhookSubscriptions,
  '0043_email_in': emailIn,
  '0044_sms': sms,
  '0045_calls': calls,
  '0046_marketplace_im': marketplaceIm,
  '0047_click_to_call': clickToCall,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Name the schema: Kysely otherwise finds its tables in any schema of the database (another kefu's, a test's).
  const { rows } = await sql<{ schema: string; started: boolean }>`
    select current_schema() as schema, to_regclass(format('%I.kysely_migration', current_schema())) is not null as started`.execute(db);
  // A restart on an up-to-date database: one read instead of the migrator's locking and DDL (a fifth of a PGlite restart).
  if (rows[0]!.started) {
    const recorded = await sql<{ name: string }>`select name from ${sql.id(rows[0]!.schema, 'kysely_migration')}`.execute(db);
    const names = new Set(recorded.rows.map((r) => r.name));
    if (Object.keys(MIGRATIONS).every((name) => names.has(name))) return [];
  }
  const migrator = new Migrator({ db, provider, migrationTableSchema: rows[0]!.schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
