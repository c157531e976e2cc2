import { CrownFilled, PhoneOutlined, RightOutlined } from '@ant-design/icons';
import { Empty, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { OrderDrawer } from '../orders/OrderDrawer.tsx';
import { OrderStatusTag } from '../orders/OrderTags.tsx';
import { PlainTags, SegmentTag, StatusTag } from '../../shared/Tags.tsx';
import { dateTime, yuan } from '../../shared/format.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { displayName } from './preview.ts';
import type { Conversation } from './types.ts';
import { useCustomer } from './useCustomer.ts';

const OPEN_TICKET = ['new', 'open', 'pending_customer', 'pending_internal'];

/** The customer's file next to the conversation: who, recent orders, open tickets. */
export function CustomerPanel({ c }: { c: Conversation }) {
  const { t } = useI18n();
  const { data: customer, loading } = useCustomer(c.customerId);
  const [orderId, setOrderId] = useState<number | null>(null);
  const section = (title: string, body: React.ReactNode, extra?: React.ReactNode) => (
    <div className="kefu-side-section">
      <div className="kefu-side-title">
        <span>{title}</span>
        {extra}
      </div>
      {body}
    </div>
  );

  if (!c.customerId) {
    return (
      <aside className="kefu-chat-side" data-testid="customer-panel">
        {section(
          t('chat.side.visitor'),
          <>
            <div className="kefu-side-name">{displayName(t, c)}</div>
            <div className="kefu-muted kefu-small">{t('chat.side.unidentified')}</div>
          </>,
        )}
        <ConversationFacts c={c} />
      </aside>
    );
  }
  if (!customer) {
    return (
      <aside className="kefu-chat-side">
        {loading ? (
          <div style={{ padding: 40, textAlign: 'center' }}>
            <Spin />
          </div>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </aside>
    );
  }
  const phone = customer.identities.find((i) => i.kind === 'phone')?.value;
  const orders = [...customer.orders].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).slice(0, 5);
  const tickets = customer.tickets.filter((tk) => OPEN_TICKET.includes(tk.status));

  return (
    <aside className="kefu-chat-side" data-testid="customer-panel">
      {section(
        t('customer.profile'),
        <>
          <div className="kefu-side-name">
            <Link to={`/customers/${customer.id}`} data-testid="side-customer-name">
              {customer.name}
            </Link>
            {(c.vip || customer.segment === 'vip') && <CrownFilled className="kefu-vip" />}
          </div>
          <div className="kefu-side-row">
            <SegmentTag segment={customer.segment} />
            <PlainTags tags={customer.tags} />
          </div>
          {phone && (
            <div className="kefu-side-row">
              <PhoneOutlined className="kefu-muted" /> <Typography.Text copyable>{phone}</Typography.Text>
            </div>
          )}
          {customer.notes.slice(0, 3).map((n) => (
            <div key={n.id} className="kefu-side-note">
              {n.body}
            </div>
          ))}
        </>,
      )}
      {section(
        t('chat.side.orders'),
        orders.length ? (
          orders.map((o) => (
            <div
              key={o.id}
              className="kefu-side-order is-clickable"
              data-testid="side-order"
              data-order={o.orderNo}
              role="button"
              tabIndex={0}
              onClick={() => setOrderId(o.id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  setOrderId(o.id);
                }
              }}
            >
              <div className="kefu-side-order-top">
                <Typography.Text copyable className="kefu-mono">
                  {o.orderNo}
                </Typography.Text>
                <strong>{yuan(o.totalFen)}</strong>
              </div>
              <div className="kefu-side-order-meta">
                <OrderStatusTag status={o.status} />
                <span className="kefu-muted kefu-small">
                  {enumLabel(t, 'platform', o.platform)} · {dateTime(o.createdAt)}
                </span>
                <RightOutlined className="kefu-side-order-go" />
              </div>
              {o.trackingNo && (
                <div className="kefu-small">
                  {t('order.tracking')}{' '}
                  <Typography.Text copyable className="kefu-mono">
                    {o.trackingNo}
                  </Typography.Text>
                </div>
              )}
            </div>
          ))
        ) : (
          <div className="kefu-muted kefu-small">{t('chat.side.noOrders')}</div>
        ),
        customer.orders.length > 5 ? (
          <Link to={`/customers/${customer.id}`} className="kefu-small">
            {t('chat.side.all')}
          </Link>
        ) : null,
      )}
      {section(
        t('chat.side.tickets'),
        tickets.length ? (
          tickets.map((tk) => (
            <div key={tk.id} className="kefu-side-ticket">
              <Link to={`/tickets/${tk.id}`} className="kefu-mono">
                {tk.number}
              </Link>{' '}
              <StatusTag status={tk.status} />
              <div className="kefu-small kefu-ellipsis">{tk.subject}</div>
            </div>
          ))
        ) : (
          <div className="kefu-muted kefu-small">{t('chat.side.noTickets')}</div>
        ),
      )}
      <ConversationFacts c={c} />
      <OrderDrawer orderId={orderId} onClose={() => setOrderId(null)} />
    </aside>
  );
}

function ConversationFacts({ c }: { c: Conversation }) {
  const { t } = useI18n();
  return (
    <div className="kefu-side-section">
      <div className="kefu-side-title">
        <span>{t('chat.side.conversation')}</span>
      </div>
      <div className="kefu-small kefu-facts">
        <span>{t('chat.side.started')}</span>
        <span>{dateTime(c.createdAt)}</span>
        <span>{t('ticket.group')}</span>
        <span>{c.groupName ?? '—'}</span>
        {c.rating ? (
          <>
            <span>{t('chat.side.rating')}</span>
            <span>{'★'.repeat(c.rating)}</span>
          </>
        ) : null}
        {c.ticketId ? (
          <>
            <span>{t('chat.side.ticket')}</span>
            <Link to={`/tickets/${c.ticketId}`}>#{c.ticketId}</Link>
          </>
        ) : null}
      </div>
      {c.tags.length > 0 && (
        <div style={{ marginTop: 6 }}>
          {c.tags.map((tag) => (
            <Tag key={tag} variant="filled">
              {tag}
            </Tag>
          ))}
        </div>
      )}
    </div>
  );
}
