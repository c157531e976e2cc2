import { SEVERITIES, TICKET_CATEGORIES } from '@kefu/domain';
import { App, Form, Input, Modal, Select, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type TicketList } from '../../api.ts';
import { errorText } from '../../shared/errors.ts';
import { useI18n } from '../../i18n.ts';
import { chatStore } from './store.ts';
import type { Conversation, FiledTicket } from './types.ts';

const TYPES = ['consultation', 'complaint', 'after_sale', 'problem_order', 'suggestion'] as const;

/** 转工单 (a new ticket from the conversation) or 关联工单 (link an existing one). */
export function TicketModal({
  conversation,
  defaultSubject,
  open,
  onClose,
}: {
  conversation: Conversation;
  defaultSubject: string;
  open: boolean;
  onClose(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [tab, setTab] = useState<'new' | 'link'>('new');
  // '' (自动): the server reads the type and category from the whole conversation, not the latest line, and keeps its
  // skill group; the agent may choose both instead.
  const [type, setType] = useState<string>('');
  const [category, setCategory] = useState<string | undefined>();
  const [severity, setSeverity] = useState<string>('minor');
  const [subject, setSubject] = useState(defaultSubject);
  const [ticketId, setTicketId] = useState<number | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit() {
    setBusy(true);
    try {
      const body =
        tab === 'new'
          ? { ...(type && { type }), subject: subject.trim(), ...(category && { category }), ...(type === 'complaint' && { severity }) }
          : { ticketId };
      const { ticket: tk } = await api.post<FiledTicket>(`/api/conversations/${conversation.id}/ticket`, body);
      message.success(
        <span>
          {t('chat.ticketDone')} <Link to={`/tickets/${tk.id}`}>{tk.number}</Link>
        </span>,
      );
      void chatStore().refreshConversation(conversation.id);
      onClose();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  const valid = tab === 'new' ? subject.trim().length > 0 && (type !== 'complaint' || !!category) : ticketId !== undefined;
  return (
    <Modal
      open={open}
      title={t('chat.ticket')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      okButtonProps={{ disabled: !valid, 'data-testid': 'ticket-ok' }}
      destroyOnHidden
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'new' | 'link')}
        items={[
          {
            key: 'new',
            label: t('chat.ticketNew'),
            children: (
              <Form layout="vertical">
                <Form.Item label={t('ticket.type')}>
                  <Select
                    value={type}
                    onChange={setType}
                    data-testid="ticket-type"
                    options={[{ value: '', label: t('chat.ticketTypeAuto') }, ...TYPES.map((v) => ({ value: v, label: t(`type.${v}`) }))]}
                  />
                </Form.Item>
                <Form.Item label={t('ticket.category')} required={type === 'complaint'}>
                  <Select
                    value={category}
                    onChange={setCategory}
                    allowClear
                    data-testid="ticket-category"
                    options={TICKET_CATEGORIES.map((v) => ({ value: v, label: t(`category.${v}`) }))}
                  />
                </Form.Item>
                {type === 'complaint' && (
                  <Form.Item label={t('ticket.severity')} required>
                    <Select value={severity} onChange={setSeverity} options={SEVERITIES.map((v) => ({ value: v, label: t(`severity.${v}`) }))} />
                  </Form.Item>
                )}
                <Form.Item label={t('ticket.subject')}>
                  <Input value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={200} data-testid="ticket-subject-input" />
                </Form.Item>
              </Form>
            ),
          },
          {
            key: 'link',
            label: t('chat.ticketLink'),
            children: (
              <Form layout="vertical">
                <Form.Item label={t('chat.ticketId')} extra={t('chat.ticketIdHint')}>
                  <TicketPicker customerId={conversation.customerId} value={ticketId} onChange={setTicketId} />
                </Form.Item>
              </Form>
            ),
          },
        ]}
      />
    </Modal>
  );
}

/** Finds a ticket by number or text; starts with the customer's own tickets. */
function TicketPicker({ customerId, value, onChange }: { customerId: number | null; value?: number; onChange(id: number | undefined): void }) {
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  useEffect(() => {
    let alive = true;
    const timer = setTimeout(() => {
      const query = search ? { q: search, pageSize: 20 } : { customerId: customerId ?? undefined, pageSize: 20 };
      api
        .get<TicketList>('/api/tickets', query)
        .then((r) => {
          if (alive) setOptions(r.tickets.map((tk) => ({ value: tk.id, label: `${tk.number} · ${tk.subject}` })));
        })
        .catch(() => {
          if (alive) setOptions([]);
        });
    }, 250);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [search, customerId]);
  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={options}
    />
  );
}
