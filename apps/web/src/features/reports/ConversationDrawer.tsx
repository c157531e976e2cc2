import type { Wire } from '@kefu/protocol/api/common';
import type { ConversationAnswer, MessageList } from '@kefu/protocol/api/conversations';
import { Descriptions, Drawer, Empty, Rate, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../../api.ts';
import { PageState } from '../../shared/PageState.tsx';
import { dateTime, dayjs } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../i18n.ts';

type Conversation = Wire<typeof ConversationAnswer>['conversation'];
type Message = Wire<typeof MessageList>['messages'][number];

/** A closed conversation as it went, for a supervisor checking a number: who said what, the bot's notes, the rating. */
export function ConversationDrawer({ id, onClose }: { id: number | null; onClose(): void }) {
  const { t } = useI18n();
  const result = useAsync(
    async () =>
      id === null
        ? null
        : Promise.all([
            api.get<Wire<typeof ConversationAnswer>>(`/api/conversations/${id}`),
            api.get<Wire<typeof MessageList>>(`/api/conversations/${id}/messages`),
          ]).then(([c, m]) => ({ conversation: c.conversation, messages: m.messages })),
    [id],
  );
  const data = result.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size={560} title={t('reports.conversation', { id: id ?? '' })} data-testid="report-conversation">
      {!data ? (
        <PageState loading={result.loading} error={result.error} onRetry={result.reload} />
      ) : (
        <>
          <Summary conversation={data.conversation} />
          {data.messages.length ? (
            <div className="kefu-transcript" data-testid="report-transcript">
              {data.messages.map((m) => (
                <Line key={m.seq} message={m} />
              ))}
            </div>
          ) : (
            <Empty description={t('reports.noMessages')} />
          )}
        </>
      )}
    </Drawer>
  );
}

function Summary({ conversation: c }: { conversation: Conversation }) {
  const { t } = useI18n();
  return (
    <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
      <Descriptions.Item label={t('reports.col.customer')}>{c.customerName ?? c.visitorName}</Descriptions.Item>
      <Descriptions.Item label={t('reports.col.agent')}>{c.agentName ?? t('reports.unassigned')}</Descriptions.Item>
      <Descriptions.Item label={t('reports.col.opened')}>{dateTime(c.createdAt)}</Descriptions.Item>
      <Descriptions.Item label={t('reports.col.closed')}>{c.closedAt ? dateTime(c.closedAt) : '—'}</Descriptions.Item>
      <Descriptions.Item label={t('reports.col.rating')}>
        {c.rating ? <Rate disabled value={c.rating} style={{ fontSize: 14 }} /> : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('reports.col.ticket')}>
        {c.ticketId ? <Link to={`/tickets/${c.ticketId}`}>{t('reports.openTicket')}</Link> : '—'}
      </Descriptions.Item>
      {c.tags.length > 0 && (
        <Descriptions.Item label={t('reports.col.tags')} span={2}>
          {c.tags.map((tag) => (
            <Tag key={tag}>{tag}</Tag>
          ))}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

function Line({ message: m }: { message: Message }) {
  const staff = m.sender.kind === 'agent' || m.sender.kind === 'bot';
  const cls = m.kind === 'note' || m.kind === 'system' ? 'is-note' : staff ? 'is-staff' : '';
  return (
    <div className={`kefu-transcript-line ${cls}`}>
      <div className="kefu-small kefu-muted">
        {m.sender.name} · {dayjs(m.at).format('MM-DD HH:mm:ss')}
      </div>
      {m.body}
    </div>
  );
}
