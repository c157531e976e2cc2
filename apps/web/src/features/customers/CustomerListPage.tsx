import { Card, Empty, Flex, Input, Select, Table, Tooltip, Typography, type TableProps } from 'antd';
import { SEGMENTS } from '@kefu/domain';
import { Link, useSearchParams } from 'react-router-dom';
import { api, type CustomerList, type CustomerRow } from '../../api.ts';
import { PageState } from '../../shared/PageState.tsx';
import { PlainTags, SegmentTag } from '../../shared/Tags.tsx';
import { dateTime, fromNow } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { enumLabel, useI18n } from '../../i18n.ts';

export function CustomerListPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const segment = params.get('segment') ?? undefined;
  const page = Number(params.get('page')) || 1;
  const pageSize = Number(params.get('pageSize')) || 20;
  const result = useAsync(() => api.get<CustomerList>('/api/customers', { q: q || undefined, segment, page, pageSize }), [params.toString()]);

  function update(changes: Record<string, string | number | undefined>, keepPage = false) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, String(value));
    }
    if (!keepPage) next.delete('page');
    setParams(next);
  }

  const columns: TableProps<CustomerRow>['columns'] = [
    { title: t('customer.name'), dataIndex: 'name', width: 140, render: (name: string, row) => <Link to={`/customers/${row.id}`}>{name}</Link> },
    { title: t('customer.segment'), dataIndex: 'segment', width: 120, render: (s: string) => <SegmentTag segment={s} /> },
    { title: t('customer.phone'), dataIndex: 'phone', width: 150, render: (p: string | null) => p ?? <span className="kefu-muted">—</span> },
    { title: t('customer.tags'), dataIndex: 'tags', render: (tags: string[]) => <PlainTags tags={tags} /> },
    {
      title: t('customer.updatedAt'),
      dataIndex: 'updatedAt',
      width: 140,
      render: (at: string) => <Tooltip title={dateTime(at)}>{fromNow(at)}</Tooltip>,
    },
  ];

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('customer.list.title')}
      </Typography.Title>
      <Flex wrap gap={8} className="kefu-filters">
        <Input.Search
          key={q}
          defaultValue={q}
          allowClear
          enterButton
          placeholder={t('customer.searchPlaceholder')}
          style={{ width: 360 }}
          onSearch={(v) => update({ q: v.trim() })}
        />
        <Select
          allowClear
          placeholder={t('customer.segment')}
          style={{ width: 150 }}
          value={segment}
          onChange={(v?: string) => update({ segment: v })}
          options={SEGMENTS.map((s) => ({ value: s, label: enumLabel(t, 'segment', s) }))}
        />
      </Flex>
      {result.error && !result.data ? (
        <PageState error={result.error} onRetry={result.reload} />
      ) : (
        <Table<CustomerRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={result.data?.customers ?? []}
          loading={result.loading}
          locale={{ emptyText: result.loading ? ' ' : <Empty description={t('customer.empty')} /> }}
          onChange={(p) => update({ page: p.current === 1 ? undefined : p.current, pageSize: p.pageSize === 20 ? undefined : p.pageSize }, true)}
          pagination={{ current: page, pageSize, total: result.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => t('common.total', { n }) }}
        />
      )}
    </Card>
  );
}
