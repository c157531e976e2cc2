/** The care and coupon API (apps/server/src/care, coupons): campaigns, preview, calendar, send log, coupons. */
import type {
  CareCalendar as CareCalendarSchema,
  CareCampaign as CareCampaignSchema,
  CareCampaignInput,
  CarePreview as CarePreviewSchema,
  CareSendLog as CareSendLogSchema,
} from '@kefu/protocol/api/care';
import type { Wire } from '@kefu/protocol/api/common';
import type {
  CouponDefinition as CouponDefinitionSchema,
  CouponDefinitionInput,
  CustomerCoupon as CustomerCouponSchema,
} from '@kefu/protocol/api/coupons';
import type { z } from 'zod';
import { api } from '../../api.ts';

export type CareCampaign = Wire<typeof CareCampaignSchema>;
export type CampaignInput = z.input<typeof CareCampaignInput>;
export type CarePreview = Wire<typeof CarePreviewSchema>;
export type CareCalendar = Wire<typeof CareCalendarSchema>;
export type CareSendLog = Wire<typeof CareSendLogSchema>;
export type CouponDefinition = Wire<typeof CouponDefinitionSchema>;
export type CouponInput = z.input<typeof CouponDefinitionInput>;
export type CustomerCoupon = Wire<typeof CustomerCouponSchema>;

export const careApi = {
  campaigns: () => api.get<{ campaigns: CareCampaign[] }>('/api/care/campaigns'),
  createCampaign: (body: CampaignInput) => api.post<{ campaign: CareCampaign }>('/api/care/campaigns', body),
  changeCampaign: (id: number, body: Partial<Omit<CampaignInput, 'occasion'>> & { version: number }) =>
    api.patch<{ campaign: CareCampaign }>(`/api/care/campaigns/${id}`, body),
  preview: (body: { title: string; body: string; couponDefinitionId: number | null }) => api.post<CarePreview>('/api/care/preview', body),
  calendar: (days = 30) => api.get<CareCalendar>('/api/care/calendar', { days }),
  sends: (page: number) => api.get<CareSendLog>('/api/care/sends', { page, pageSize: 20 }),
  coupons: () => api.get<{ coupons: CouponDefinition[] }>('/api/coupons'),
  createCoupon: (body: CouponInput) => api.post<{ coupon: CouponDefinition }>('/api/coupons', body),
  changeCoupon: (id: number, body: Partial<CouponInput> & { version: number }) => api.patch<{ coupon: CouponDefinition }>(`/api/coupons/${id}`, body),
  customerCoupons: (customerId: number) => api.get<{ coupons: CustomerCoupon[] }>(`/api/customers/${customerId}/coupons`),
};
