import { ChannelTag } from '../../shared/Tags.tsx';
import { CloseCircleOutlined, CrownFilled, FileAddOutlined, FileTextOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { LEAD_ROLES, useAuth } from '../../auth.tsx';
import { enumLabel, useI18n } from '../../i18n.ts';
import { ChatComposer } from './ChatComposer.tsx';
import { CloseModal } from './CloseModal.tsx';
import { MessageList } from './MessageList.tsx';
import { displayName } from './preview.ts';
import { chatStore, type ChatState } from './store.ts';
import { TicketModal } from './TicketModal.tsx';
import { TransferModal } from './TransferModal.tsx';
import type { Conversation } from './types.ts';
import { latestOrderNo, useCustomer } from './useCustomer.ts';

export function ConversationPane({ s, c, onManageScripts }: { s: ChatState; c: Conversation; onManageScripts(): void }) {
  const { t } = useI18n();
  const { user } = useAuth();
  const [dialog, setDialog] = useState<'transfer' | 'ticket' | 'close' | null>(null);
  const customer = useCustomer(c.customerId);
  const messages = s.messages[c.id] ?? [];
  const closed = c.status === 'closed';
  const mine = !closed && c.agentId === s.agent?.id;
  // A colleague's chat (taken over or transferred away) is read-only for an agent; supervisors may still step in.
  const readOnly = closed || (c.status === 'active' && !mine && !LEAD_ROLES.includes(user.role));
  const name = displayName(t, c);
  const firstQuestion = messages.find((m) => m.sender.kind === 'shopper' && m.kind === 'text')?.body.slice(0, 60) ?? '';
  const vars = {
    // An anonymous visitor's generated name (访客0012) is no way to greet anyone.
    customerName: customer.data?.name ?? c.customerName ?? t('chat.anonymousName'),
    orderNo: latestOrderNo(customer.data),
    agentName: s.agent?.name ?? user.displayName,
  };

  return (
    <section className="kefu-chat-main" data-testid="conversation" data-conversation={c.id}>
      <header className="kefu-chat-head">
        <div className="kefu-chat-title">
          <span className="kefu-chat-name" data-testid="conv-name">
            {name}
          </span>
          {c.vip && (
            <Tag color="gold" icon={<CrownFilled />}>
              VIP
            </Tag>
          )}
          {c.channel !== 'web' && <ChannelTag channel={c.channel} />}
          {c.groupName && <Tag variant="filled">{c.groupName}</Tag>}
          {!mine && c.status === 'active' && c.agentName && <Tag color="blue">{t('chat.handledBy', { name: c.agentName })}</Tag>}
          {c.status === 'queued' && <Tag color="orange">{t('chat.queue')}</Tag>}
        </div>
        <Space size={4}>
          {c.status === 'queued' && (
            <Button size="small" type="primary" onClick={() => chatStore().accept(c.id)} data-testid="accept-here">
              {t('chat.accept')}
            </Button>
          )}
          <Tooltip title={t('chat.transferHint')}>
            <Button size="small" icon={<SwapOutlined />} disabled={readOnly} onClick={() => setDialog('transfer')} data-testid="transfer">
              {t('chat.transfer')}
            </Button>
          </Tooltip>
          {c.ticketId ? (
            <Link to={`/tickets/${c.ticketId}`}>
              <Button size="small" icon={<FileTextOutlined />} data-testid="open-ticket">
                {t('chat.openTicket')}
              </Button>
            </Link>
          ) : (
            <Button size="small" icon={<FileAddOutlined />} onClick={() => setDialog('ticket')} data-testid="to-ticket">
              {t('chat.ticket')}
            </Button>
          )}
          <Button size="small" icon={<CloseCircleOutlined />} disabled={readOnly} onClick={() => setDialog('close')} data-testid="close">
            {t('chat.close')}
          </Button>
        </Space>
      </header>
      {closed && (
        <Alert
          type="info"
          showIcon
          banner
          className="kefu-chat-closed"
          data-testid="closed-banner"
          title={t('chat.closedBanner', { reason: enumLabel(t, 'chat.closeReason', c.closeReason) })}
        />
      )}
      <MessageList
        key={`list-${c.id}`}
        messages={messages}
        pending={s.pending[c.id] ?? []}
        shopperRead={c.channel === 'web' ? (s.shopperRead[c.id] ?? c.shopperReadSeq ?? 0) : null}
        loading={!s.loaded[c.id]}
        typing={!!s.typingUntil[c.id]}
        typingName={name}
      />
      <ChatComposer key={`composer-${c.id}`} s={s} conversationId={c.id} vars={vars} disabled={readOnly} onManageScripts={onManageScripts} />
      {dialog === 'transfer' && <TransferModal conversation={c} open onClose={() => setDialog(null)} />}
      {dialog === 'ticket' && <TicketModal conversation={c} defaultSubject={firstQuestion} open onClose={() => setDialog(null)} />}
      {dialog === 'close' && <CloseModal conversation={c} open onClose={() => setDialog(null)} />}
    </section>
  );
}
