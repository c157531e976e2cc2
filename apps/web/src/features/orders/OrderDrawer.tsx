import { ExportOutlined } from '@ant-design/icons';
import { Button, Drawer } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n.ts';
import { OrderDetail } from './OrderDetail.tsx';

/** An order beside the work at hand (a chat, a customer file, a ticket), without leaving it. */
export function OrderDrawer({ orderId, onClose, ticketId }: { orderId: number | null; onClose(): void; ticketId?: number }) {
  const { t } = useI18n();
  return (
    <Drawer
      open={orderId !== null}
      onClose={onClose}
      size={780}
      destroyOnHidden
      title={t('order.title')}
      extra={
        orderId !== null && (
          <Link to={`/orders/${orderId}`} onClick={onClose}>
            <Button size="small" type="text" icon={<ExportOutlined />}>
              {t('order.openPage')}
            </Button>
          </Link>
        )
      }
      styles={{ body: { background: '#f5f7f8', padding: 12 } }}
      rootClassName="kefu-order-drawer"
    >
      {orderId !== null && <OrderDetail orderId={orderId} layout="drawer" ticketId={ticketId} />}
    </Drawer>
  );
}
