import { Table, Tag, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { dateTime } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../i18n.ts';
import { qualityApi, type InspectionQuery, type InspectionRow } from './qualityApi.ts';
import { scoreColor, statusTags } from './qualityText.ts';

export function Score({ value, strong = true }: { value: number | null; strong?: boolean }) {
  if (value === null) return <span className="kefu-muted">—</span>;
  return (
    <span className="kefu-quality-score" style={{ color: scoreColor(value), fontWeight: strong ? 600 : 400 }}>
      {value}
    </span>
  );
}

/** Inspections as a paged table, newest first; each opens its page. `query` filters (the server keeps agents to their own). */
export function InspectionTable({
  query,
  showAgent = true,
  testId,
  emptyText,
}: {
  query: InspectionQuery;
  showAgent?: boolean;
  testId: string;
  emptyText: string;
}) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const key = JSON.stringify(query);
  const [shownKey, setShownKey] = useState(key);
  if (shownKey !== key) {
    setShownKey(key);
    setPage(1);
  }
  const result = useAsync(() => qualityApi.inspections({ ...query, page, pageSize }), [key, page, pageSize]);

  const columns: TableProps<InspectionRow>['columns'] = [
    {
      title: t('quality.col.conversation'),
      dataIndex: 'conversationId',
      width: 110,
      render: (id: number) => (
        <Link to={`/quality/${id}`} data-testid="inspection-link">
          {t('quality.conversationNo', { id })}
        </Link>
      ),
    },
    ...(showAgent
      ? [{ title: t('quality.col.agent'), key: 'agent', width: 110, render: (_: unknown, r: InspectionRow) => r.agent?.name ?? '—' }]
      : []),
    { title: t('quality.col.customer'), dataIndex: 'customerName', width: 120, render: (name: string | null) => name ?? '—' },
    {
      title: t('quality.col.autoScore'),
      dataIndex: 'autoScore',
      width: 90,
      align: 'right',
      render: (v: number) => <Score value={v} strong={false} />,
    },
    { title: t('quality.col.finalScore'), dataIndex: 'finalScore', width: 90, align: 'right', render: (v: number) => <Score value={v} /> },
    {
      title: t('quality.col.hits'),
      dataIndex: 'hitCount',
      width: 80,
      align: 'right',
      render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : <span className="kefu-muted">0</span>),
    },
    {
      title: t('quality.col.status'),
      key: 'status',
      render: (_: unknown, r) => (
        <span data-testid="inspection-status">
          {statusTags(t, r).map((s) => (
            <Tag key={s.key} color={s.color}>
              {s.label}
            </Tag>
          ))}
        </span>
      ),
    },
    { title: t('quality.col.inspectedAt'), dataIndex: 'inspectedAt', width: 150, render: (at: string) => dateTime(at) },
  ];

  return (
    <Table
      rowKey="conversationId"
      size="middle"
      columns={columns}
      dataSource={result.data?.inspections ?? []}
      loading={result.loading}
      locale={{ emptyText }}
      data-testid={testId}
      pagination={{
        current: page,
        pageSize,
        total: result.data?.total ?? 0,
        showSizeChanger: true,
        showTotal: (total) => t('common.total', { n: total }),
        onChange: (p, size) => {
          setPage(p);
          setPageSize(size);
        },
      }}
    />
  );
}
