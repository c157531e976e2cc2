import { DownloadOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Table, Tag, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { PageState } from '../../shared/PageState.tsx';
import { dateTime } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { enumLabel, useI18n, type MessageKey } from '../../i18n.ts';
import { ConversationDrawer } from './ConversationDrawer.tsx';
import { seconds } from './reportFormat.ts';
import { excelUrl, rangeQuery, reportsApi, type CaseFilter, type ReportCase, type ReportRange } from './reportsApi.ts';

export interface CasesQuery {
  kpi: CaseFilter;
  range: ReportRange;
  /** Who or what the number is about ("小美", "淘宝"), shown in the title. */
  about?: string;
}

const PAGE_SIZE = 20;

/** The conversations and tickets behind a number: each opens where it lives (the ticket, or the chat's transcript). */
export function CasesDrawer({ query, onClose }: { query: CasesQuery | null; onClose(): void }) {
  const { t } = useI18n();
  return (
    <Drawer
      open={query !== null}
      onClose={onClose}
      size={960}
      destroyOnHidden
      title={query && [t(`reports.case.${query.kpi}` as MessageKey), query.about].filter(Boolean).join(' · ')}
      extra={
        query && (
          <Button icon={<DownloadOutlined />} href={excelUrl('/api/reports/cases', { ...rangeQuery(query.range), kpi: query.kpi })}>
            {t('reports.exportExcel')}
          </Button>
        )
      }
      data-testid="report-cases"
    >
      {query && <CasesTable query={query} />}
    </Drawer>
  );
}

function CasesTable({ query }: { query: CasesQuery }) {
  const { t, lang } = useI18n();
  const [page, setPage] = useState(1);
  const [conversationId, setConversationId] = useState<number | null>(null);
  const result = useAsync(() => reportsApi.cases(query.range, query.kpi, page, PAGE_SIZE), [query, page]);
  const found = result.data;
  if (!found) return <PageState loading={result.loading} error={result.error} onRetry={result.reload} />;

  const columns: TableProps<ReportCase>['columns'] = [
    {
      title: t('reports.col.case'),
      key: 'case',
      width: 150,
      render: (_, c) =>
        c.kind === 'ticket' ? (
          <Link to={`/tickets/${c.id}`} data-testid="case-ticket">
            {t('reports.ticketNo', { number: c.ticketNumber ?? c.id })}
          </Link>
        ) : (
          <Button type="link" className="kefu-report-number" onClick={() => setConversationId(c.id)} data-testid="case-conversation">
            {t('reports.conversation', { id: c.id })}
          </Button>
        ),
    },
    { title: t('reports.col.title'), dataIndex: 'title', ellipsis: true },
    { title: t('reports.col.agent'), dataIndex: 'agentName', width: 90, render: (name: string | null) => name ?? t('reports.unassigned') },
    { title: t('reports.col.channel'), dataIndex: 'channel', width: 80, render: (c: string) => enumLabel(t, 'channel', c) },
    { title: t('reports.col.opened'), dataIndex: 'openedAt', width: 140, render: (at: string) => dateTime(at) },
    { title: t('reports.col.firstResponse'), dataIndex: 'firstResponseMs', width: 100, render: (ms: number | null) => seconds(ms, lang) },
    { title: t('reports.col.rating'), dataIndex: 'csat', width: 70, render: (n: number | null) => (n === null ? '—' : `${n} ★`) },
    {
      title: t('reports.col.outcome'),
      key: 'outcome',
      width: 130,
      render: (_, c) => (
        <Flex gap={4} wrap>
          <Tag color={c.resolved ? 'success' : 'default'}>{t(c.resolved ? 'reports.resolved' : 'reports.unresolved')}</Tag>
          {c.escalated && <Tag color="red">{t('reports.escalated')}</Tag>}
        </Flex>
      ),
    },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary" className="kefu-small">
        {t('reports.casesHint', { from: query.range.from, to: query.range.to, n: found.total })}
      </Typography.Paragraph>
      <Table<ReportCase>
        size="small"
        className="kefu-report-table"
        rowKey={(c) => `${c.kind}:${c.id}`}
        columns={columns}
        dataSource={found.items}
        loading={result.loading}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: found.total, onChange: setPage, showSizeChanger: false }}
        data-testid="report-cases-table"
      />
      <ConversationDrawer id={conversationId} onClose={() => setConversationId(null)} />
    </>
  );
}
