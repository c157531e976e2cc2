import { refusal, type Refusal } from './refusal.ts';
import type { Role } from './roles.ts';

/** After-sale requests (售后单), DOMAIN §3. "return" is 退货退款 (refund with the goods sent back), "refund" is 仅退款. */
export const AFTER_SALE_KINDS = ['return', 'exchange', 'repair', 'refund', 'reissue', 'compensation'] as const;
export type AfterSaleKind = (typeof AFTER_SALE_KINDS)[number];

export const AFTER_SALE_STATES = [
  'requested',
  'pending_approval',
  'approved',
  'rejected',
  'in_transit',
  'received',
  'repairing',
  'reshipped',
  'refunded',
  'granted',
  'closed',
  'cancelled',
] as const;
export type AfterSaleState = (typeof AFTER_SALE_STATES)[number];

export const AFTER_SALE_REASONS = ['no_reason', 'quality', 'damaged', 'wrong_item', 'size', 'late', 'other'] as const;
export type AfterSaleReason = (typeof AFTER_SALE_REASONS)[number];

export const COMPENSATION_KINDS = ['coupon', 'cash', 'shipping_refund', 'gift'] as const;
export type CompensationKind = (typeof COMPENSATION_KINDS)[number];

const DESK: readonly Role[] = ['agent', 'supervisor', 'admin'];
const LEAD: readonly Role[] = ['supervisor', 'admin'];
const WAREHOUSE: readonly Role[] = ['warehouse', 'supervisor', 'admin'];
const FINANCE: readonly Role[] = ['finance', 'supervisor', 'admin'];
const REPAIR: readonly Role[] = ['warehouse', 'tech', 'supervisor', 'admin'];

type Machine = Partial<Record<AfterSaleState, Partial<Record<AfterSaleState, readonly Role[]>>>>;

/** Review: approve, reject, or hand to a supervisor when the amount is above the agent's authority. */
const REVIEW = {
  requested: { approved: DESK, rejected: DESK, pending_approval: DESK, cancelled: DESK },
  pending_approval: { approved: LEAD, rejected: LEAD, cancelled: DESK },
} as const;

/** Who may move a request of each kind from one state to the next. */
const MACHINES: Record<AfterSaleKind, Machine> = {
  return: {
    ...REVIEW,
    approved: { in_transit: DESK, cancelled: DESK },
    in_transit: { received: WAREHOUSE },
    received: { refunded: FINANCE, rejected: WAREHOUSE },
    refunded: { closed: DESK },
    rejected: { closed: DESK },
  },
  exchange: {
    ...REVIEW,
    approved: { in_transit: DESK, cancelled: DESK },
    in_transit: { received: WAREHOUSE },
    received: { reshipped: WAREHOUSE, rejected: WAREHOUSE },
    reshipped: { closed: DESK },
    rejected: { closed: DESK },
  },
  repair: {
    ...REVIEW,
    approved: { in_transit: DESK, cancelled: DESK },
    in_transit: { received: WAREHOUSE },
    received: { repairing: REPAIR, rejected: REPAIR },
    repairing: { reshipped: REPAIR },
    reshipped: { closed: DESK },
    rejected: { closed: DESK },
  },
  refund: {
    ...REVIEW,
    approved: { refunded: FINANCE },
    refunded: { closed: DESK },
    rejected: { closed: DESK },
  },
  reissue: {
    ...REVIEW,
    approved: { reshipped: WAREHOUSE },
    reshipped: { closed: DESK },
    rejected: { closed: DESK },
  },
  compensation: {
    ...REVIEW,
    approved: { granted: FINANCE },
    granted: { closed: DESK },
    rejected: { closed: DESK },
  },
};

export function nextStates(kind: AfterSaleKind, from: AfterSaleState, role?: Role): AfterSaleState[] {
  const edges = MACHINES[kind][from] ?? {};
  return (Object.entries(edges) as [AfterSaleState, readonly Role[]][])
    .filter(([, roles]) => role === undefined || roles.includes(role))
    .map(([to]) => to);
}

/** Why a move is refused, or null when the role may make it. */
export function afterSaleTransitionError(
  kind: AfterSaleKind,
  from: AfterSaleState,
  to: AfterSaleState,
  role: Role,
): Refusal<'invalid_transition' | 'wrong_role'> | null {
  const roles = MACHINES[kind][from]?.[to];
  if (!roles) {
    const allowed = nextStates(kind, from).join(', ') || 'none';
    return refusal('invalid_transition', `a ${kind} request cannot go from ${from} to ${to}; allowed: ${allowed}`);
  }
  if (!roles.includes(role)) return refusal('wrong_role', `only ${roles.join('/')} may move a ${kind} request from ${from} to ${to}`);
  return null;
}

/** Kinds that send money back to the shopper (their amount), and kinds that send goods out unpaid (the goods' value). */
export const MONEY_BACK_KINDS: readonly AfterSaleKind[] = ['return', 'refund', 'compensation'];
export const GOODS_OUT_KINDS: readonly AfterSaleKind[] = ['reissue', 'exchange'];

/** An order line as the valuation of goods sent out sees it. */
export interface GoodsLine {
  productId: number | null;
  sku: string | null;
  title: string;
  unitPriceFen: number;
}

const sameGoods = (a: GoodsLine, b: GoodsLine) => a.productId === b.productId && a.sku === b.sku && a.title === b.title;

/**
 * What one unit of `line` is worth when it is sent out unpaid: its own price when it has one. A replacement
 * order (补换订单) copies its lines at ¥0, so a zero-price line is worth what the same goods cost on the root
 * order of its replacement chain (the dearest such line), else the product's current price, else nothing.
 * Without this a reissue of a replacement order would weigh ¥0 and pass any limit.
 */
export function unitWorthFen(line: GoodsLine, rootLines: readonly GoodsLine[], productPriceFen: number | null): number {
  if (line.unitPriceFen > 0) return line.unitPriceFen;
  const paidOnRoot = Math.max(0, ...rootLines.filter((r) => sameGoods(r, line)).map((r) => r.unitPriceFen));
  if (paidOnRoot > 0) return paidOnRoot;
  return Math.max(0, productPriceFen ?? 0);
}

/** One request in an order's replacement chain, as the approval rule weighs it. */
export interface OrderRequest {
  kind: AfterSaleKind;
  state: AfterSaleState;
  /** Money back (return, refund, compensation). */
  amountFen: number;
  /** Value of the goods concerned (`unitWorthFen` × quantities). */
  goodsFen: number;
  /** Approved at some point, and rejected at some point (a rejected request may since be closed). */
  approved: boolean;
  rejected: boolean;
}

/** A request holds part of its order's running total while it waits for a supervisor, or once approved until rejected or cancelled. */
export function holdsOrderTotal(r: OrderRequest): boolean {
  if (r.rejected || r.state === 'rejected' || r.state === 'cancelled') return false;
  return r.state === 'pending_approval' || r.approved;
}

export interface ApprovalNeed {
  needsSupervisor: boolean;
  /** What the limit was weighed on: money back, goods out, or neither (repairs). */
  measure: 'money' | 'goods' | null;
  /** This request plus the chain's other requests of the same measure that hold the total. */
  totalFen: number;
  limitFen: number;
  complex: boolean;
}

/**
 * Whether approving `request` needs a supervisor: a complex case always does; otherwise the running total —
 * this request plus every other one that holds the total — is weighed against the shop's limit, money back
 * and goods out each against their own. Five ¥200 refunds thus weigh as one ¥1,000. `others` are the requests
 * on the whole replacement chain (the root order and every replacement order sent for it), so a reissue of a
 * replacement adds to what was already sent for the original.
 */
export function approvalNeed(
  request: Pick<OrderRequest, 'kind' | 'amountFen' | 'goodsFen'> & { complex: boolean },
  others: readonly OrderRequest[],
  policy: Pick<AfterSalePolicy, 'approvalLimitFen' | 'goodsApprovalLimitFen'>,
): ApprovalNeed {
  const measure = MONEY_BACK_KINDS.includes(request.kind) ? 'money' : GOODS_OUT_KINDS.includes(request.kind) ? 'goods' : null;
  if (measure === null) return { needsSupervisor: request.complex, measure, totalFen: 0, limitFen: 0, complex: request.complex };
  const kinds = measure === 'money' ? MONEY_BACK_KINDS : GOODS_OUT_KINDS;
  const value = (r: Pick<OrderRequest, 'amountFen' | 'goodsFen'>) => (measure === 'money' ? r.amountFen : r.goodsFen);
  const totalFen = others.filter((o) => kinds.includes(o.kind) && holdsOrderTotal(o)).reduce((sum, o) => sum + value(o), value(request));
  const limitFen = measure === 'money' ? policy.approvalLimitFen : policy.goodsApprovalLimitFen;
  return { needsSupervisor: request.complex || totalFen > limitFen, measure, totalFen, limitFen, complex: request.complex };
}

export interface AfterSalePolicy {
  /** 七天无理由: days after receipt in which goods may be returned or exchanged without a reason. */
  noReasonDays: number;
  /** Days after receipt in which a quality problem may still be returned or exchanged. */
  qualityReturnDays: number;
  /** Reasons that need photos or a video. */
  evidenceRequiredFor: AfterSaleReason[];
  /** Money back on one order and its replacements (refunds, returns, compensation, added up) above this (fen) needs a supervisor. */
  approvalLimitFen: number;
  /** Goods sent out unpaid for one order and its replacements (reissues, exchanges, at what they are worth, added up) above this (fen) need a supervisor. */
  goodsApprovalLimitFen: number;
}

export const DEFAULT_AFTER_SALE_POLICY: AfterSalePolicy = {
  noReasonDays: 7,
  qualityReturnDays: 15,
  evidenceRequiredFor: ['quality', 'damaged', 'wrong_item'],
  approvalLimitFen: 20_000,
  goodsApprovalLimitFen: 20_000,
};

export interface PolicyCase {
  kind: AfterSaleKind;
  reason: AfterSaleReason;
  /** When the shopper received the goods (delivered, else shipped); null when not yet shipped. */
  receivedAt: Date | null;
  /** The shortest warranty among the lines concerned, in days (0 = none). */
  warrantyDays: number;
  /** Declared by the agent or found at inspection; null = not known yet. */
  goodsIntact: boolean | null;
  evidenceCount: number;
  now: Date;
}

export type PolicyCheckId = 'return_window' | 'warranty' | 'goods_intact' | 'evidence';
export interface PolicyCheck {
  id: PolicyCheckId;
  ok: boolean;
  detail: Record<string, unknown>;
}

const DAY = 86_400_000;

/** The checks an agent sees before approving, each passing or failing with its figures. */
export function policyChecks(c: PolicyCase, policy: AfterSalePolicy = DEFAULT_AFTER_SALE_POLICY): PolicyCheck[] {
  const checks: PolicyCheck[] = [];
  const days = c.receivedAt ? Math.floor((c.now.getTime() - c.receivedAt.getTime()) / DAY) : 0;
  if (c.kind === 'return' || c.kind === 'exchange') {
    const limit = c.reason === 'no_reason' || c.reason === 'size' ? policy.noReasonDays : policy.qualityReturnDays;
    checks.push({ id: 'return_window', ok: days <= limit, detail: { days, limit } });
    if (c.reason === 'no_reason' || c.reason === 'size')
      checks.push({ id: 'goods_intact', ok: c.goodsIntact !== false, detail: { intact: c.goodsIntact } });
  }
  if (c.kind === 'repair') checks.push({ id: 'warranty', ok: c.warrantyDays > 0 && days <= c.warrantyDays, detail: { days, limit: c.warrantyDays } });
  if (policy.evidenceRequiredFor.includes(c.reason)) {
    checks.push({ id: 'evidence', ok: c.evidenceCount > 0, detail: { count: c.evidenceCount } });
  }
  return checks;
}

/**
 * An after-sale request's promises (DOMAIN §3), each on its own clock; the shop's policies set the targets:
 * reviewed within 24 hours of the request, a complex case's first plan within one working day, and a repair's
 * progress told to the shopper every day before 16:00.
 */
export const AFTER_SALE_METRICS = ['aftersale_review', 'aftersale_plan', 'repair_progress'] as const;
export type AfterSaleMetric = (typeof AFTER_SALE_METRICS)[number];

/** How the API names each promise once it is missed (`overdue`). */
export const OVERDUE_NAME = { aftersale_review: 'review', aftersale_plan: 'plan', repair_progress: 'progress' } as const;

/** The promises a new request starts: review, and the first plan when the case is complex. */
export function openingPromises(complex: boolean): AfterSaleMetric[] {
  return complex ? ['aftersale_review', 'aftersale_plan'] : ['aftersale_review'];
}

/** Where a request's work ends: no plan or progress is owed after these. */
const SETTLED: readonly AfterSaleState[] = ['reshipped', 'rejected', 'closed', 'cancelled', 'refunded', 'granted'];
const UNDER_REVIEW: readonly AfterSaleState[] = ['requested', 'pending_approval'];

export interface PromiseMoves {
  start: AfterSaleMetric[];
  met: AfterSaleMetric[];
  cancelled: AfterSaleMetric[];
}

/**
 * What a move does to the request's promises. The review is kept by approving or rejecting (a request sent to a
 * supervisor is still under review: its clock runs on), and voided by cancelling. A repair owes progress from the
 * moment the goods are received. When the work ends, the plan and progress still owed are kept — or void if the
 * request was rejected or cancelled.
 */
export function promiseMoves(kind: AfterSaleKind, from: AfterSaleState, to: AfterSaleState): PromiseMoves {
  const moves: PromiseMoves = { start: [], met: [], cancelled: [] };
  const voided = to === 'rejected' || to === 'cancelled';
  if (UNDER_REVIEW.includes(from) && !UNDER_REVIEW.includes(to)) (to === 'cancelled' ? moves.cancelled : moves.met).push('aftersale_review');
  if (kind === 'repair' && (to === 'received' || to === 'repairing')) moves.start.push('repair_progress');
  if (SETTLED.includes(to)) (voided ? moves.cancelled : moves.met).push('aftersale_plan', 'repair_progress');
  return moves;
}
