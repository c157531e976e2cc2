import { CheckCircleOutlined, CustomerServiceOutlined, ExclamationCircleOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Order } from '../../api.ts';
import { dateTime, yuan } from '../../shared/format.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { OrderKindTag, OrderStatusTag } from './OrderTags.tsx';

/** The order's number, status, total and times, its links to original and replacement orders, and its actions. */
export function OrderHeader({
  order,
  desk,
  gone,
  editable,
  onConfirm,
  onCancel,
  onAfterSale,
  onProblem,
}: {
  order: Order;
  desk: boolean;
  /** The parcel has left the warehouse. */
  gone: boolean;
  editable: boolean;
  onConfirm(): void;
  onCancel(): void;
  onAfterSale(): void;
  onProblem(): void;
}) {
  const { t } = useI18n();
  return (
    <Card size="small" className="kefu-order-card" data-testid="order-header">
      <div className="kefu-order-head">
        <div className="kefu-order-title">
          <Typography.Text copyable className="kefu-mono kefu-order-no" data-testid="order-no">
            {order.orderNo}
          </Typography.Text>
          <Tag variant="filled">{enumLabel(t, 'platform', order.platform)}</Tag>
          <span data-testid="order-status">
            <OrderStatusTag status={order.status} />
          </span>
          <OrderKindTag kind={order.kind} />
          {!order.collectPayment && <Tag color="default">{t('order.notCollect')}</Tag>}
        </div>
        <div className="kefu-order-total" data-testid="order-total">
          {yuan(Number(order.totalFen))}
        </div>
      </div>
      <div className="kefu-order-times">
        <span>
          {t('order.createdAt')} {dateTime(order.createdAt)}
        </span>
        {order.paidAt && (
          <span>
            {t('order.paidAt')} {dateTime(order.paidAt)}
          </span>
        )}
        {order.shippedAt && (
          <span>
            {t('order.shippedAt')} {dateTime(order.shippedAt)}
          </span>
        )}
        {order.deliveredAt && (
          <span>
            {t('order.deliveredAt')} {dateTime(order.deliveredAt)}
          </span>
        )}
      </div>
      {order.originalOrderId && (
        <div className="kefu-small" style={{ marginTop: 6 }}>
          {t('order.original')}：<Link to={`/orders/${order.originalOrderId}`}>#{order.originalOrderId}</Link>
        </div>
      )}
      {order.replacements.length > 0 && (
        <div className="kefu-small" style={{ marginTop: 6 }}>
          {t('order.replacements')}：
          {order.replacements.map((r) => (
            <Link key={r.id} to={`/orders/${r.id}`} className="kefu-mono" style={{ marginRight: 8 }}>
              {r.orderNo}
            </Link>
          ))}
        </div>
      )}
      {order.status === 'cancelled' && order.cancelReason && (
        <Alert type="warning" showIcon icon={<StopOutlined />} style={{ marginTop: 8 }} title={`${t('order.cancelReason')}：${order.cancelReason}`} />
      )}
      <div className="kefu-order-actions">
        {order.confirmedAt ? (
          <Tooltip title={dateTime(order.confirmedAt)}>
            <Tag color="green" icon={<CheckCircleOutlined />}>
              {t('order.confirmedTag')}
            </Tag>
          </Tooltip>
        ) : desk && !gone && order.status !== 'cancelled' ? (
          <Button size="small" type="primary" ghost icon={<CheckCircleOutlined />} onClick={onConfirm} data-testid="order-confirm">
            {t('order.confirm')}
          </Button>
        ) : null}
        <span style={{ flex: 1 }} />
        {desk && order.status !== 'unpaid' && order.status !== 'cancelled' && (
          <Button size="small" type="primary" icon={<CustomerServiceOutlined />} onClick={onAfterSale} data-testid="order-aftersale">
            {t('order.afterSale')}
          </Button>
        )}
        {desk && (
          <Button size="small" icon={<ExclamationCircleOutlined />} onClick={onProblem} data-testid="order-problem">
            {t('order.problem')}
          </Button>
        )}
        {editable && (
          <Button size="small" danger onClick={onCancel} data-testid="order-cancel">
            {t('order.cancel')}
          </Button>
        )}
      </div>
      {desk && gone && (
        <div className="kefu-muted kefu-small" style={{ marginTop: 6 }}>
          {t('order.leftWarehouse')}
        </div>
      )}
    </Card>
  );
}
