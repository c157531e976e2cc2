import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Descriptions, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { AfterSale, Order, PolicyCheck } from '../../api.ts';
import { dateTime, yuan } from '../../shared/format.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { lineTitle } from '../orders/OrderLines.tsx';
import { policyCheckText } from '../orders/orderText.ts';

/** Reason, order, items, amount and the rest of what is known about the request. `order` may still be loading. */
export function AfterSaleFacts({ a, order }: { a: AfterSale; order: Order | null | undefined }) {
  const { t } = useI18n();
  const chosen = a.lines.map((l) => {
    const line = order?.lines.find((x) => x.id === l.lineId);
    return `${line ? lineTitle(t, line) : `#${l.lineId}`} × ${l.quantity}`;
  });
  const replacement = a.replacementOrderId ? order?.replacements.find((r) => r.id === a.replacementOrderId) : undefined;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      style={{ marginTop: 12 }}
      items={[
        { key: 'reason', label: t('as.reason'), children: enumLabel(t, 'afterSaleReason', a.reason) },
        {
          key: 'order',
          label: t('as.order'),
          children: (
            <Link to={`/orders/${a.orderId}`} className="kefu-mono">
              {a.orderNo}
            </Link>
          ),
        },
        { key: 'lines', label: t('as.lines'), children: chosen.length ? chosen.join(t('common.separator')) : t('as.allItems') },
        {
          key: 'amount',
          label: t('as.amountLabel'),
          children: (
            <span>
              {yuan(Number(a.amountFen))} <span className="kefu-muted kefu-small">/ {yuan(Number(a.orderTotalFen))}</span>
            </span>
          ),
        },
        ...(a.compensationKind
          ? [{ key: 'comp', label: t('as.compensationLabel'), children: enumLabel(t, 'compensation', a.compensationKind) }]
          : []),
        ...(a.goodsIntact !== null
          ? [{ key: 'intact', label: t('as.goodsIntactLabel'), children: a.goodsIntact ? t('check.intactYes') : t('as.intact.no') }]
          : []),
        ...(a.returnTrackingNo
          ? [
              {
                key: 'rt',
                label: t('as.returnTracking'),
                children: (
                  <Typography.Text copyable className="kefu-mono">
                    {a.returnTrackingNo}
                  </Typography.Text>
                ),
              },
            ]
          : []),
        { key: 'created', label: t('as.createdAt'), children: dateTime(a.createdAt) },
        ...(a.approvedAt
          ? [
              {
                key: 'approved',
                label: t('as.approver'),
                children: (
                  <span data-testid="aftersale-approver">{t('as.approvedBy', { name: a.approvedByName ?? '—', at: dateTime(a.approvedAt) })}</span>
                ),
              },
            ]
          : []),
        ...(a.replacementOrderId
          ? [
              {
                key: 'replacement',
                label: t('as.replacement'),
                children: (
                  <Link to={`/orders/${a.replacementOrderId}`} className="kefu-mono" data-testid="aftersale-replacement">
                    {replacement?.orderNo ?? `#${a.replacementOrderId}`}
                  </Link>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

/** Every policy check on the request, passed or failed. */
export function AfterSaleChecks({ a }: { a: AfterSale }) {
  const { t } = useI18n();
  return (
    <div className="kefu-as-section">
      <div className="kefu-side-title">
        <span>{t('as.checks')}</span>
      </div>
      {a.checks.length === 0 ? (
        <div className="kefu-muted kefu-small">{t('as.noChecks')}</div>
      ) : (
        <ul className="kefu-check-list" data-testid="aftersale-checks">
          {a.checks.map((c) => (
            <li key={c.id} className={c.ok ? 'is-ok' : 'is-bad'} data-check={c.id} data-ok={c.ok}>
              {c.ok ? <CheckCircleFilled /> : <CloseCircleFilled />} <strong>{t(`check.${c.id}` as 'check.evidence')}</strong>：
              {policyCheckText(t, c, a.reason)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The failed checks alone, for the refusal and the approval-by-exception dialog. */
export function FailingChecks({ checks, reason }: { checks: PolicyCheck[]; reason: string }) {
  const { t } = useI18n();
  return (
    <ul className="kefu-check-list">
      {checks.map((c) => (
        <li key={c.id} className="is-bad">
          <CloseCircleFilled /> <strong>{t(`check.${c.id}` as 'check.evidence')}</strong>：{policyCheckText(t, c, reason)}
        </li>
      ))}
    </ul>
  );
}
