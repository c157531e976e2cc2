import { Card, Empty, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { enumLabel, useI18n, type MessageKey } from '../../i18n.ts';
import { dateTime, fromNow, yuan } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { StatusTag } from '../../shared/Tags.tsx';
import { AfterSaleStateTag, OrderStatusTag } from '../orders/OrderTags.tsx';
import { ownersApi, type HistoryEntry } from './ownersApi.ts';

const KINDS = ['conversation', 'ticket', 'after_sale', 'order', 'survey', 'follow_up', 'call'] as const;
const COLORS: Record<HistoryEntry['kind'], string> = {
  conversation: 'blue',
  ticket: 'geekblue',
  after_sale: 'orange',
  order: 'green',
  survey: 'gold',
  follow_up: 'purple',
  call: 'cyan',
};
/** How an entry's status is shown: the kind's own tag where the app has one, else its label (raw value when unnamed). */
function EntryStatus({ entry }: { entry: HistoryEntry }) {
  const { t } = useI18n();
  if (entry.kind === 'ticket') return <StatusTag status={entry.status} />;
  if (entry.kind === 'order') return <OrderStatusTag status={entry.status} />;
  if (entry.kind === 'after_sale') return <AfterSaleStateTag state={entry.status} />;
  const prefix = { conversation: 'history.conversation', survey: 'history.survey', follow_up: 'history.followUp', call: 'history.call' }[entry.kind];
  return <Tag>{enumLabel(t, prefix, entry.status)}</Tag>;
}

/** 客户往来: every conversation, ticket, after-sale, order, survey, follow-up and call of the customer, in tabs by kind. */
export function CustomerHistory({ customerId }: { customerId: number }) {
  const { t } = useI18n();
  const result = useAsync(() => ownersApi.history(customerId), [customerId]);
  const [tab, setTab] = useState<string>('all');
  const entries = result.data ?? [];
  const shown = tab === 'all' ? entries : entries.filter((e) => e.kind === tab);
  const count = (kind: string) => entries.filter((e) => e.kind === kind).length;

  return (
    <Card title={t('history.title')} size="small" data-testid="customer-history">
      <Tabs
        size="small"
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'all', label: `${t('history.all')} ${entries.length}` },
          ...KINDS.map((k) => ({ key: k, label: `${t(`history.kind.${k}` as MessageKey)} ${count(k)}` })),
        ]}
      />
      <Table
        rowKey={(e) => `${e.kind}-${e.id}`}
        showHeader={false}
        size="small"
        loading={result.loading}
        dataSource={shown}
        pagination={shown.length > 10 ? { pageSize: 10 } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('history.empty')} /> }}
        columns={[
          {
            title: '',
            dataIndex: 'kind',
            width: 90,
            render: (k: HistoryEntry['kind']) => <Tag color={COLORS[k]}>{t(`history.kind.${k}` as MessageKey)}</Tag>,
          },
          {
            dataIndex: 'title',
            ellipsis: true,
            render: (title: string, e) => {
              const text =
                e.kind === 'after_sale'
                  ? enumLabel(t, 'afterSaleKind', title)
                  : e.kind === 'follow_up'
                    ? enumLabel(t, 'history.reason', title)
                    : e.kind === 'call'
                      ? enumLabel(t, 'history.direction', title)
                      : title || '—';
              return e.link ? <Link to={e.link}>{text}</Link> : <Typography.Text>{text}</Typography.Text>;
            },
          },
          {
            dataIndex: 'detail',
            ellipsis: true,
            render: (d: string | null, e) => <span className="kefu-muted">{e.kind === 'order' && d ? yuan(Number(d)) : (d ?? '')}</span>,
          },
          { dataIndex: 'status', width: 110, render: (_: string, e) => <EntryStatus entry={e} /> },
          {
            dataIndex: 'at',
            width: 110,
            render: (at: string) => (
              <Tooltip title={dateTime(at)}>
                <span className="kefu-muted">{fromNow(at)}</span>
              </Tooltip>
            ),
          },
        ]}
      />
    </Card>
  );
}
