import { Flex, Rate, Select, Space, Switch, Table, Tag, Typography, type TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { enumLabel, useI18n } from '../../i18n.ts';
import { useAsync } from '../../shared/hooks.ts';
import { chinaMinute, surveysApi, type Survey, type SurveyFilters } from './surveysApi.ts';

const PAGE = 20;

/** Where a survey's case is read: its ticket (an after-sale's too), else the customer's file. */
function caseHref(s: Survey): string | null {
  if (s.ticketId) return `/tickets/${s.ticketId}`;
  if (s.customerId) return `/customers/${s.customerId}`;
  return null;
}

/** The answers, newest first, with their comments and a link to the case; by score, or those with a comment. */
export function SurveyComments({ filters }: { filters: SurveyFilters }) {
  const { t } = useI18n();
  const [score, setScore] = useState<number | undefined>();
  const [commented, setCommented] = useState(true);
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [filters, score, commented]);
  const query: SurveyFilters = { ...filters, score, state: 'answered', ...(commented && { commented: 'true' as const }) };
  const list = useAsync(() => surveysApi.list(query, (page - 1) * PAGE, PAGE), [filters, score, commented, page]);

  const columns: TableProps<Survey>['columns'] = [
    {
      title: t('surveys.col.case'),
      key: 'case',
      width: 190,
      render: (_, s) => {
        const href = caseHref(s);
        const label = s.kind === 'conversation' ? `${t('surveys.kind.conversation')} #${s.caseId}` : s.caseLabel;
        return href ? (
          <Link to={href} data-testid="survey-case-link">
            {label}
          </Link>
        ) : (
          label
        );
      },
    },
    { title: t('surveys.col.kind'), dataIndex: 'kind', width: 90, render: (k: string) => <Tag>{enumLabel(t, 'surveys.kind', k)}</Tag> },
    {
      title: t('surveys.col.score'),
      dataIndex: 'score',
      width: 150,
      render: (n: number | null) => <Rate disabled value={n ?? 0} style={{ fontSize: 14 }} />,
    },
    {
      title: t('surveys.col.comment'),
      dataIndex: 'comment',
      render: (c: string | null) => (c ? <Typography.Text>{c}</Typography.Text> : <span className="kefu-muted">—</span>),
    },
    { title: t('surveys.col.agent'), dataIndex: 'agentName', width: 100, responsive: ['md'], render: (n: string | null) => n ?? '—' },
    {
      title: t('surveys.col.channel'),
      dataIndex: 'channel',
      width: 90,
      responsive: ['lg'],
      render: (c: string | null) => enumLabel(t, 'surveys.channel', c ?? 'none'),
    },
    { title: t('surveys.col.answeredAt'), dataIndex: 'answeredAt', width: 140, render: (a: string | null) => (a ? chinaMinute(a) : '—') },
  ];

  return (
    <div data-testid="survey-comments">
      <Flex gap={16} wrap align="center" style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('surveys.filter.score')}
          style={{ width: 120 }}
          value={score}
          onChange={setScore}
          options={[5, 4, 3, 2, 1].map((n) => ({ value: n, label: t('surveys.stars', { n }) }))}
          data-testid="surveys-filter-score"
        />
        <Space size={6}>
          <Switch size="small" checked={commented} onChange={setCommented} />
          {t('surveys.filter.commented')}
        </Space>
      </Flex>
      <Table
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.surveys ?? []}
        columns={columns}
        locale={{ emptyText: t('surveys.empty') }}
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
      />
    </div>
  );
}
