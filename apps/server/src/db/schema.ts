import type { Insertable, Selectable } from 'kysely';
import type {
  WebhookSubscriptionsTable,
  WebhookSendsTable,
  EmailThreadsTable,
  EmailInboundTable,
  SmsMessagesTable,
  SmsInboundTable,
  CallsTable,
  ImInboundTable,
  ImOutboundTable,
} from './schema/integrations.ts';
import type {
  SkillGroupsTable,
  UsersTable,
  UserGroupsTable,
  SessionsTable,
  ApiTokensTable,
  LoginFailuresTable,
  AuditLogTable,
  CustomersTable,
  CustomerIdentitiesTable,
  CustomerAddressesTable,
  CustomerNotesTable,
  TicketCountersTable,
  TicketNumberDaysTable,
  TicketsTable,
  TicketEventsTable,
  AttachmentsTable,
} from './schema/people.ts';
import type {
  ProductsTable,
  PromotionsTable,
  FaqEntriesTable,
  SynonymGroupsTable,
  UnknownQuestionsTable,
  BotAnswersTable,
} from './schema/knowledge.ts';
import type {
  OrdersTable,
  OrderLinesTable,
  LogisticsEventsTable,
  OrderFlagsTable,
  OrderEventsTable,
  SubstitutionsTable,
  AfterSalesTable,
  CollabTasksTable,
  ShopSettingsTable,
  WebhookDeliveriesTable,
} from './schema/orders.ts';
import type {
  ShopsTable,
  VisitorsTable,
  ConversationsTable,
  MessagesTable,
  ChatFilesTable,
  AgentPresenceTable,
  AgentSocketsTable,
  QuickRepliesTable,
  ForbiddenPhrasesTable,
  EmailOutboxTable,
} from './schema/chat.ts';
import type {
  ShopperCodesTable,
  ShopperCodeRequestsTable,
  ScheduledJobsTable,
  DomainEventsTable,
  EventListenersTable,
  EventRetriesTable,
} from './schema/platform.ts';
import type { SlaPoliciesTable, SlaClocksTable, TicketEscalationsTable } from './schema/service-levels.ts';
import type { ReportConversationsTable, ReportTicketsTable, ReportAftersalesTable } from './schema/reports.ts';
import type { QualityRulesTable, QualitySettingsTable, QualityInspectionsTable, QualityPhraseHitsTable } from './schema/quality.ts';
import type { ReportBriefsTable } from './schema/briefs.ts';
import type { DefectAlarmsTable, DefectAlarmCasesTable } from './schema/defects.ts';
import type { SavedViewsTable } from './schema/saved-views.ts';
import type { SegmentRulesTable, SegmentRunsTable, CustomerSegmentHistoryTable, CustomerSegmentColumns } from './schema/segments.ts';
import type { OutreachSendsTable, OutreachOptOutsTable, OutreachSettingsTable, NotificationTemplatesTable } from './schema/outreach.ts';
import type { CareCampaignsTable, CareRunsTable, CouponCodesTable, CouponDefinitionsTable } from './schema/care.ts';
import type { FollowUpsTable, FollowUpRulesTable, FollowUpScriptsTable } from './schema/follow-ups.ts';
import type { ReviewEventsTable, ReviewsTable, ReviewWebhookDeliveriesTable } from './schema/reviews.ts';
import type { SurveysTable, SurveySettingsTable } from './schema/surveys.ts';

/** The database as Kysely sees it: every table by name. The table interfaces live in schema/, by part of the job. */
export interface DB {
  skill_groups: SkillGroupsTable;
  users: UsersTable;
  user_groups: UserGroupsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  customers: CustomersTable & CustomerSegmentColumns;
  customer_identities: CustomerIdentitiesTable;
  customer_addresses: CustomerAddressesTable;
  customer_notes: CustomerNotesTable;
  ticket_counters: TicketCountersTable;
  ticket_number_days: TicketNumberDaysTable;
  tickets: TicketsTable;
  ticket_events: TicketEventsTable;
  attachments: AttachmentsTable;
  products: ProductsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  shops: ShopsTable;
  visitors: VisitorsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  chat_files: ChatFilesTable;
  agent_presence: AgentPresenceTable;
  agent_sockets: AgentSocketsTable;
  quick_replies: QuickRepliesTable;
  forbidden_phrases: ForbiddenPhrasesTable;
  email_outbox: EmailOutboxTable;
  logistics_events: LogisticsEventsTable;
  order_flags: OrderFlagsTable;
  order_events: OrderEventsTable;
  substitutions: SubstitutionsTable;
  after_sales: AfterSalesTable;
  collab_tasks: CollabTasksTable;
  promotions: PromotionsTable;
  faq_entries: FaqEntriesTable;
  synonym_groups: SynonymGroupsTable;
  unknown_questions: UnknownQuestionsTable;
  bot_answers: BotAnswersTable;
  shop_settings: ShopSettingsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  shopper_codes: ShopperCodesTable;
  shopper_code_requests: ShopperCodeRequestsTable;
  scheduled_jobs: ScheduledJobsTable;
  domain_events: DomainEventsTable;
  event_listeners: EventListenersTable;
  event_retries: EventRetriesTable;
  sla_policies: SlaPoliciesTable;
  sla_clocks: SlaClocksTable;
  ticket_escalations: TicketEscalationsTable;
  report_conversations: ReportConversationsTable;
  report_tickets: ReportTicketsTable;
  report_aftersales: ReportAftersalesTable;
  quality_rules: QualityRulesTable;
  quality_settings: QualitySettingsTable;
  quality_inspections: QualityInspectionsTable;
  quality_phrase_hits: QualityPhraseHitsTable;
  report_briefs: ReportBriefsTable;
  defect_alarms: DefectAlarmsTable;
  defect_alarm_cases: DefectAlarmCasesTable;
  saved_views: SavedViewsTable;
  segment_rules: SegmentRulesTable;
  segment_runs: SegmentRunsTable;
  customer_segment_history: CustomerSegmentHistoryTable;
  outreach_sends: OutreachSendsTable;
  outreach_opt_outs: OutreachOptOutsTable;
  outreach_settings: OutreachSettingsTable;
  notification_templates: NotificationTemplatesTable;
  coupon_definitions: CouponDefinitionsTable;
  coupon_codes: CouponCodesTable;
  care_campaigns: CareCampaignsTable;
  care_runs: CareRunsTable;
  follow_ups: FollowUpsTable;
  follow_up_rules: FollowUpRulesTable;
  follow_up_scripts: FollowUpScriptsTable;
  reviews: ReviewsTable;
  review_events: ReviewEventsTable;
  review_webhook_deliveries: ReviewWebhookDeliveriesTable;
  surveys: SurveysTable;
  survey_settings: SurveySettingsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_sends: WebhookSendsTable;
  email_threads: EmailThreadsTable;
  email_inbound: EmailInboundTable;
  sms_messages: SmsMessagesTable;
  sms_inbound: SmsInboundTable;
  calls: CallsTable;
  im_inbound: ImInboundTable;
  im_outbound: ImOutboundTable;
}

export type User = Selectable<UsersTable>;
export type Customer = Selectable<CustomersTable>;
export type Ticket = Selectable<TicketsTable>;
export type NewTicket = Insertable<TicketsTable>;
