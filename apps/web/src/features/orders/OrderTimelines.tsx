import { Card, Timeline, Tooltip } from 'antd';
import type { Order, OrderEvent } from '../../api.ts';
import { dateTime, fromNow } from '../../shared/format.ts';
import { enumLabel, useI18n, type MessageKey, type Translate } from '../../i18n.ts';

/** The courier's tracking events; the first, the latest, stands out. */
export function OrderLogisticsCard({ order }: { order: Order }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('order.logistics')}>
      {order.logistics.length === 0 ? (
        <div className="kefu-muted kefu-small">{t('order.noLogistics')}</div>
      ) : (
        <Timeline
          items={order.logistics.map((e, i) => ({
            key: `${e.at}-${i}`,
            color: i === 0 ? 'green' : 'gray',
            content: (
              <div className={i === 0 ? undefined : 'kefu-muted'}>
                <div>{e.description}</div>
                <div className="kefu-small kefu-muted">
                  {dateTime(e.at)}
                  {e.location && ` · ${e.location}`}
                </div>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

/** What happened to the order, newest first. */
export function OrderHistoryCard({ order }: { order: Order }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('order.history')}>
      {order.events.length === 0 ? (
        <div className="kefu-muted kefu-small">{t('order.noHistory')}</div>
      ) : (
        <Timeline
          items={[...order.events].reverse().map((e) => ({
            key: e.id,
            color: e.kind === 'cancelled' ? 'red' : e.kind === 'confirmed' ? 'green' : 'gray',
            content: (
              <div className="kefu-event">
                {orderEventText(t, e)}
                <Tooltip title={dateTime(e.at)}>
                  <span className="kefu-event-time">{fromNow(e.at)}</span>
                </Tooltip>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}

/** "小美 取消了「T恤」：顾客不要了" and the other lines of an order's history. */
export function orderEventText(t: Translate, e: OrderEvent): string {
  const d = e.data ?? {};
  const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const vars: Record<string, string> = {
    actor: e.actorName ?? t('common.system'),
    reason: str(d.reason),
    resolution: str(d.resolution),
    product: str(d.product),
    quantity: str(d.quantity),
    line: str(d.line) || '—',
    title: str(d.title) || t('line.untitled', { id: str(d.lineId) }),
    kind:
      e.kind === 'check_resolved' ? enumLabel(t, 'flag', str(d.kind)) : e.kind === 'after_sale' ? enumLabel(t, 'afterSaleKind', str(d.kind)) : e.kind,
    outcome: enumLabel(t, 'subOutcome', str(d.outcome)),
    reported: enumLabel(t, 'orderStatus', str((d.status as { reported?: unknown } | undefined)?.reported)),
  };
  if (e.kind === 'check_resolved' && d.resolution === 'confirmed') vars.resolution = t('order.confirmedTag');
  const key = `orderEvent.${e.kind}` as MessageKey;
  return t(key) === key ? t('orderEvent.other', vars) : t(key, vars);
}
