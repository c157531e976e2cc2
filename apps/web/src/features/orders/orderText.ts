import type { OrderFlag, PolicyCheck } from '../../api.ts';
import { yuan } from '../../shared/format.ts';
import { enumLabel, type MessageKey, type Translate } from '../../i18n.ts';

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const money = (v: unknown) => (typeof v === 'number' ? yuan(v) : '');

/** Why a check was raised and what to do about it, in plain words with the order's own figures. */
export function flagHint(t: Translate, flag: Pick<OrderFlag, 'kind' | 'detail'>): string {
  const d = flag.detail ?? {};
  const key = `flagHint.${flag.kind}` as MessageKey;
  const vars: Record<string, string> = Object.fromEntries(Object.entries(d).map(([k, v]) => [k, text(v)]));
  vars.amount = money(d.amountFen ?? d.totalFen);
  vars.payable = money(d.payableFen);
  if (!vars.phone) vars.phone = '—';
  const hint = t(key, vars);
  return hint === key ? enumLabel(t, 'flag', flag.kind) : hint;
}

/** "签收 9 天，七天无理由退货期 7 天" and its siblings, for one policy check. */
export function policyCheckText(t: Translate, check: PolicyCheck, reason: string): string {
  const d = check.detail ?? {};
  const days = Number(d.days ?? 0);
  const limit = Number(d.limit ?? 0);
  switch (check.id) {
    case 'return_window': {
      const window = t(reason === 'no_reason' || reason === 'size' ? 'check.window.noReason' : 'check.window.quality');
      return t('check.windowText', { days, window, limit });
    }
    case 'warranty':
      return limit > 0 ? t('check.warrantyText', { days, limit }) : t('check.noWarranty');
    case 'goods_intact':
      return d.intact === true ? t('check.intactYes') : d.intact === false ? t('check.intactNo') : t('check.intactUnknown');
    case 'evidence':
      return Number(d.count ?? 0) > 0 ? t('check.evidenceOk', { count: Number(d.count) }) : t('check.evidenceMissing');
    default:
      return check.id;
  }
}

/** A button label for moving an after-sale request to `to`, worded for its kind and state. */
export function afterSaleActionLabel(t: Translate, kind: string, from: string, to: string): string {
  const special = [`asAction.${to}.${kind}`, `asAction.${to}.${from}`] as MessageKey[];
  for (const key of special) if (t(key) !== key) return t(key);
  return enumLabel(t, 'asAction', to);
}
