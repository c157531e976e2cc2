import { ExclamationCircleOutlined, LoadingOutlined, LockOutlined } from '@ant-design/icons';
import { Button, Image, Spin, Tooltip } from 'antd';
import { Fragment, useLayoutEffect, useRef } from 'react';
import { dateTime, dayjs, yuan } from '../../shared/format.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { isReadByShopper } from './logic.ts';
import { chatStore } from './store.ts';
import type { ChatMessage, PendingMessage } from './types.ts';

type Item = { m: ChatMessage | PendingMessage; pending: boolean };

/** Messages by seq: shopper left, agent right, notes yellow, system centred; then this agent's unacknowledged ones. */
export function MessageList({
  messages,
  pending,
  shopperRead,
  loading,
  typing,
  typingName,
}: {
  messages: ChatMessage[];
  pending: PendingMessage[];
  /** The seq up to which the shopper has read; null where no read receipts come (a marketplace's chat). */
  shopperRead: number | null;
  loading: boolean;
  typing: boolean;
  typingName: string;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const items: Item[] = [...messages.map((m) => ({ m, pending: false })), ...pending.map((m) => ({ m, pending: true }))];
  const count = items.length;

  // Keep to the bottom while the agent is at the bottom (or has just sent something).
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && (stick.current || pending.length)) el.scrollTop = el.scrollHeight;
  }, [count, typing, pending.length]);

  return (
    <div
      className="kefu-msgs"
      ref={ref}
      data-testid="messages"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 60;
      }}
    >
      {loading && messages.length === 0 && (
        <div style={{ textAlign: 'center', padding: 40 }}>
          <Spin />
        </div>
      )}
      {items.map((item, i) => {
        const prev = items[i - 1]?.m;
        const day = dayjs(item.m.at).format('YYYY-MM-DD');
        const newDay = !prev || dayjs(prev.at).format('YYYY-MM-DD') !== day;
        return (
          <Fragment key={item.pending ? item.m.clientId : (item.m as ChatMessage).seq}>
            {newDay && (
              <div className="kefu-msg-day">{dayjs(item.m.at).format(day === dayjs().format('YYYY-MM-DD') ? 'HH:mm' : 'YYYY-MM-DD HH:mm')}</div>
            )}
            <MessageRow item={item} shopperRead={shopperRead} grouped={!newDay && !!prev && sameSender(prev, item.m) && !item.pending} />
          </Fragment>
        );
      })}
      {typing && (
        <div className="kefu-typing" data-testid="typing">
          {t('chat.typingNamed', { name: typingName })}
          <span className="kefu-dots">
            <i />
            <i />
            <i />
          </span>
        </div>
      )}
    </div>
  );
}

function sameSender(a: ChatMessage | PendingMessage, b: ChatMessage | PendingMessage): boolean {
  const ka = 'sender' in a ? a.sender : { kind: 'agent', id: -1 };
  const kb = 'sender' in b ? b.sender : { kind: 'agent', id: -1 };
  return ka.kind === kb.kind && ka.id === kb.id && (a.kind === 'note') === (b.kind === 'note') && Date.parse(b.at) - Date.parse(a.at) < 5 * 60_000;
}

function MessageRow({ item, shopperRead, grouped }: { item: Item; shopperRead: number | null; grouped: boolean }) {
  const { t } = useI18n();
  const { m, pending } = item;
  const sender = 'sender' in m ? m.sender : { kind: 'agent' as const, id: null, name: null };
  if (sender.kind === 'system') {
    return (
      <div className="kefu-msg-system" data-testid="msg-system">
        {m.body}
      </div>
    );
  }
  const mine = sender.kind === 'agent' || sender.kind === 'bot';
  const note = m.kind === 'note';
  const p = pending ? (m as PendingMessage) : null;
  return (
    <div
      className={`kefu-msg ${mine ? 'is-out' : 'is-in'}${grouped ? ' is-grouped' : ''}`}
      data-testid={note ? 'msg-note' : mine ? 'msg-out' : 'msg-in'}
      data-seq={pending ? undefined : (m as ChatMessage).seq}
    >
      {!grouped && (
        <div className="kefu-msg-meta">
          {note && (
            <span className="kefu-note-label">
              <LockOutlined /> {t('chat.noteLabel')}
            </span>
          )}
          {sender.name && (
            <span>
              {sender.name}
              {sender.kind === 'bot' ? ` · ${t('chat.bot')}` : ''}
            </span>
          )}
          <Tooltip title={dateTime(m.at)}>
            <span>{dayjs(m.at).format('HH:mm')}</span>
          </Tooltip>
        </div>
      )}
      <div className={`kefu-msg-bubble${note ? ' is-note' : ''}${m.kind === 'image' ? ' is-image' : ''}`}>
        <Body m={m} />
      </div>
      {!mine && <PageFrom data={m.data} />}
      {mine && !note && (
        <div className="kefu-msg-status">
          {p && !p.failed && (
            <span className="kefu-muted" data-testid="msg-sending">
              <LoadingOutlined /> {t('chat.sending')}
            </span>
          )}
          {p?.failed && (
            <span className="kefu-msg-failed" data-testid="msg-failed">
              <ExclamationCircleOutlined /> {t('chat.sendFailed')}
              <Button type="link" size="small" onClick={() => chatStore().retry(p)}>
                {t('common.retry')}
              </Button>
              <Button type="link" size="small" danger onClick={() => chatStore().discard(p)}>
                {t('chat.discard')}
              </Button>
            </span>
          )}
          {!p &&
            sender.kind === 'agent' &&
            shopperRead !== null &&
            (isReadByShopper(m as ChatMessage, shopperRead) ? (
              <span className="kefu-read" data-testid="msg-read">
                {t('chat.read')}
              </span>
            ) : (
              <span className="kefu-muted">{t('chat.unread')}</span>
            ))}
        </div>
      )}
      {note && p && (
        <div className="kefu-msg-status">
          <span className="kefu-muted">
            <LoadingOutlined /> {t('chat.sending')}
          </span>
        </div>
      )}
    </div>
  );
}

/** The shop page the shopper wrote from (the widget sends it): the product it shows, else its title. */
function PageFrom({ data }: { data: unknown }) {
  const { t } = useI18n();
  const page = (data as { page?: { url?: unknown; title?: unknown; productName?: unknown } } | null)?.page;
  if (!page || typeof page.url !== 'string' || !/^https?:\/\//i.test(page.url)) return null;
  const label = typeof page.productName === 'string' ? page.productName : typeof page.title === 'string' ? page.title : page.url;
  return (
    <div className="kefu-msg-status kefu-muted" data-testid="msg-page">
      {t('chat.fromPage')}
      <a href={page.url} target="_blank" rel="noreferrer noopener">
        {label}
      </a>
    </div>
  );
}

function Body({ m }: { m: ChatMessage | PendingMessage }) {
  const { t } = useI18n();
  const data = (m.data ?? {}) as Record<string, unknown>;
  if (m.kind === 'image') {
    const url = typeof data.url === 'string' ? data.url : null;
    return url ? (
      <Image src={url} alt={t('chat.preview.image')} style={{ maxWidth: 220, maxHeight: 220, objectFit: 'contain' }} />
    ) : (
      <span>{t('chat.preview.image')}</span>
    );
  }
  if (m.kind === 'order') {
    const str = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : null);
    const num = (k: string) => (typeof data[k] === 'number' ? (data[k] as number) : null);
    const no = str('orderNo') ?? str('order_no') ?? m.body;
    const status = str('status');
    const fen = num('totalFen') ?? num('total_fen') ?? num('amountFen');
    const title = str('title') ?? str('product') ?? str('summary');
    return (
      <div className="kefu-order-card" data-testid="order-card">
        <div className="kefu-order-card-head">
          {t('chat.orderCard')}
          {str('platform') && ` · ${enumLabel(t, 'platform', str('platform'))}`}
        </div>
        <div className="kefu-mono">{no}</div>
        {title && <div>{title}</div>}
        <div className="kefu-order-card-foot">
          {status && <span>{enumLabel(t, 'orderStatus', status)}</span>}
          {fen !== null && <strong>{yuan(fen)}</strong>}
        </div>
        {str('trackingNo') && (
          <div className="kefu-muted kefu-small">
            {t('order.tracking')} {str('trackingNo')}
          </div>
        )}
      </div>
    );
  }
  if (m.kind === 'product') {
    const name = typeof data.name === 'string' ? data.name : m.body;
    const fen = typeof data.priceFen === 'number' ? data.priceFen : null;
    return (
      <div className="kefu-order-card" data-testid="product-card">
        <div className="kefu-order-card-head">
          {t('chat.productCard')}
          {data.inStock === false ? ` · ${t('chat.outOfStock')}` : ''}
        </div>
        <div>{name}</div>
        <div className="kefu-order-card-foot">
          <span className="kefu-mono kefu-muted">{typeof data.sku === 'string' ? data.sku : ''}</span>
          {fen !== null && <strong>{yuan(fen)}</strong>}
        </div>
      </div>
    );
  }
  return <>{m.body}</>;
}
