/** Customer care (客户关怀; routes in apps/server/src/care): campaigns per occasion, their calendar, the send log. */
import { HOLIDAY_KEYS, OCCASIONS, SEGMENTS } from '@kefu/domain';
import { z } from 'zod';
import { Day, RowId, Timestamp } from './common.ts';

export const CareCampaign = z.object({
  id: RowId,
  name: z.string(),
  occasion: z.enum(OCCASIONS),
  holiday: z.enum(HOLIDAY_KEYS).nullable(),
  eventMonthDay: z.string().nullable().describe('a pre-sale: the sale day, MM-DD (06-18, 11-11)'),
  daysAhead: z.number().int().describe('the greeting goes out this many days before the occasion'),
  segments: z.array(z.string()).describe('customer segments greeted; empty: every customer'),
  title: z.string(),
  body: z.string(),
  couponDefinitionId: RowId.nullable(),
  enabled: z.boolean(),
  nextDay: Day.nullable().describe('the next day the job greets for it (China time)'),
  version: z.number().int(),
  updatedAt: Timestamp,
});
export const CareCampaignList = z.object({ campaigns: z.array(CareCampaign) });
export const CareCampaignAnswer = z.object({ campaign: CareCampaign });

const Text = (max: number) => z.string().trim().min(1).max(max);
const CampaignFields = {
  name: Text(40),
  occasion: z.enum(OCCASIONS),
  holiday: z.enum(HOLIDAY_KEYS).nullable().default(null),
  eventMonthDay: z.string().max(5).nullable().default(null),
  daysAhead: z.number().int().min(0).max(60).default(0),
  segments: z.array(z.enum(SEGMENTS)).max(SEGMENTS.length).default([]),
  title: Text(100),
  body: Text(1000),
  couponDefinitionId: RowId.nullable().default(null),
  enabled: z.boolean().default(false),
};
export const CareCampaignInput = z.object(CampaignFields).strict();
export const CareCampaignChange = z
  .object({
    version: z.number().int().positive(),
    name: CampaignFields.name.optional(),
    holiday: z.enum(HOLIDAY_KEYS).nullable().optional(),
    eventMonthDay: z.string().max(5).nullable().optional(),
    daysAhead: z.number().int().min(0).max(60).optional(),
    segments: z.array(z.enum(SEGMENTS)).max(SEGMENTS.length).optional(),
    title: Text(100).optional(),
    body: Text(1000).optional(),
    couponDefinitionId: RowId.nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export const CarePreviewInput = z
  .object({ title: z.string().max(100), body: z.string().max(1000), couponDefinitionId: RowId.nullable().default(null) })
  .strict();
export const CarePreview = z.object({ title: z.string(), body: z.string(), customerName: z.string() });

export const CareCalendarDay = z.object({
  day: Day,
  holidays: z.array(z.string()).describe('holiday names on this day'),
  greetings: z.array(z.object({ campaignId: RowId, name: z.string(), occasion: z.enum(OCCASIONS), occasionDay: Day, customers: z.number().int() })),
});
export const CareCalendar = z.object({ days: z.array(CareCalendarDay) });

export const CareSend = z.object({
  id: RowId,
  customerId: RowId,
  customerName: z.string(),
  templateKey: z.string(),
  title: z.string(),
  channel: z.string().nullable(),
  state: z.string(),
  reason: z.string().nullable(),
  sendAt: Timestamp,
  sentAt: Timestamp.nullable(),
});
export const CareSendLog = z.object({ sends: z.array(CareSend), total: z.number().int() });

export const CareRun = z.object({
  campaignId: RowId,
  day: Day,
  occasionDay: Day,
  due: z.number().int(),
  granted: z.number().int(),
  queued: z.number().int(),
  skipped: z.number().int(),
});
export const CareRunAnswer = z.object({ runs: z.array(CareRun) });
