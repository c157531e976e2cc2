import { EnvironmentOutlined, UserOutlined } from '@ant-design/icons';
import { Card, Descriptions, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Order } from '../../api.ts';
import { yuan } from '../../shared/format.ts';
import { useI18n } from '../../i18n.ts';

/** Who bought and who receives: customer, buyer, receiver, address, tracking, remark, invoice and coupon. */
export function OrderReceiverCard({ order, desk }: { order: Order; desk: boolean }) {
  const { t } = useI18n();
  const address = [order.province, order.city, order.district, order.address].filter(Boolean).join(' ');
  const none = <span className="kefu-muted">—</span>;
  return (
    <Card size="small" title={t('order.receiver')}>
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'customer',
            label: t('order.customer'),
            children: order.customerId ? (
              desk ? (
                <Link to={`/customers/${order.customerId}`}>
                  <UserOutlined /> {order.customerName}
                </Link>
              ) : (
                order.customerName
              )
            ) : (
              none
            ),
          },
          ...(order.buyerNick
            ? [{ key: 'buyer', label: t('order.buyer'), children: <Typography.Text copyable>{order.buyerNick}</Typography.Text> }]
            : []),
          {
            key: 'receiver',
            label: t('order.receiverShort'),
            children:
              order.receiverName || order.receiverPhone ? (
                <span>
                  {order.receiverName}{' '}
                  {order.receiverPhone && (
                    <Typography.Text copyable className="kefu-mono">
                      {order.receiverPhone}
                    </Typography.Text>
                  )}
                </span>
              ) : (
                none
              ),
          },
          {
            key: 'address',
            label: t('order.address'),
            children: address ? (
              <span>
                <EnvironmentOutlined className="kefu-muted" /> {address}
              </span>
            ) : (
              none
            ),
          },
          ...(order.trackingNo
            ? [
                {
                  key: 'tracking',
                  label: t('order.tracking'),
                  children: (
                    <span>
                      {order.courier && `${order.courier} `}
                      <Typography.Text copyable className="kefu-mono">
                        {order.trackingNo}
                      </Typography.Text>
                    </span>
                  ),
                },
              ]
            : []),
          ...(order.remark ? [{ key: 'remark', label: t('order.remark'), children: <span className="kefu-remark">{order.remark}</span> }] : []),
          ...(order.invoice
            ? [
                {
                  key: 'invoice',
                  label: t('order.invoice'),
                  children: `${order.invoice.title ?? ''}${order.invoice.taxId ? ` · ${order.invoice.taxId}` : ''}${order.invoice.amountFen !== undefined ? ` · ${yuan(order.invoice.amountFen)}` : ''}`,
                },
              ]
            : []),
          ...(order.coupon ? [{ key: 'coupon', label: t('order.coupon'), children: order.coupon }] : []),
        ]}
      />
    </Card>
  );
}
