/** The shop's own rules (GET /api/settings, PUT /api/settings/:key); each value is also what an admin sends. */
import { AFTER_SALE_REASONS } from '@kefu/domain';
import { z } from 'zod';

const Fen = z.number().int().min(0).max(100_000_000);

/** Which new orders get a check call or a follow-up (docs/orders.md). */
export const OrderChecks = z.object({
  smallOrderFen: Fen,
  largeOrderFen: Fen,
  remoteProvinces: z.array(z.string().trim().min(2).max(20)).max(40),
});

/** Return windows, the evidence a reason needs, and the amounts an agent may approve alone (docs/aftersales.md). */
export const AfterSalePolicy = z.object({
  noReasonDays: z.number().int().min(0).max(365),
  qualityReturnDays: z.number().int().min(0).max(365),
  evidenceRequiredFor: z.array(z.enum(AFTER_SALE_REASONS)).max(7),
  approvalLimitFen: Fen,
  goodsApprovalLimitFen: Fen,
});

/** A setting's value and its version (0: never saved, the defaults); a change sends the version it was based on. */
const Versioned = <S extends z.ZodType>(value: S) => z.object({ value, version: z.number().int().min(0) });

export const Settings = z.object({
  settings: z.object({ orderChecks: Versioned(OrderChecks), afterSalePolicy: Versioned(AfterSalePolicy) }),
});

/** PUT /api/settings/:key: the value as saved and its new version. */
export const SavedSetting = Versioned(z.union([OrderChecks, AfterSalePolicy]));
