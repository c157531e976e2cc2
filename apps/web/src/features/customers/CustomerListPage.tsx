import { DownloadOutlined, PlusOutlined, SwapOutlined, UploadOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Input, Select, Table, Tooltip, Typography, type TableProps } from 'antd';
import { SEGMENTS } from '@kefu/domain';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, toQuery, type CustomerList, type CustomerRow } from '../../api.ts';
import { LEAD_ROLES, useAuth } from '../../auth.tsx';
import { PageState } from '../../shared/PageState.tsx';
import { PlainTags, SegmentTag } from '../../shared/Tags.tsx';
import { dateTime, fromNow } from '../../shared/format.ts';
import { useAsync, useDirectory } from '../../shared/hooks.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { AssignModal, ReassignModal } from './AssignModals.tsx';
import { CustomerFormModal } from './CustomerFormModal.tsx';
import { CustomerImportModal } from './CustomerImportModal.tsx';

export function CustomerListPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const lead = LEAD_ROLES.includes(user.role);
  const navigate = useNavigate();
  const { users } = useDirectory();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const segment = params.get('segment') ?? undefined;
  const agent = Number(params.get('agent')) || undefined;
  const page = Number(params.get('page')) || 1;
  const pageSize = Number(params.get('pageSize')) || 20;
  const filter = { q: q || undefined, segment, assignedAgentId: agent };
  const result = useAsync(() => api.get<CustomerList>('/api/customers', { ...filter, page, pageSize }), [params.toString()]);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [reassigning, setReassigning] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [assigning, setAssigning] = useState<number[] | null>(null);

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
    {
      title: t('customer.assignedAgent'),
      dataIndex: 'assignedAgentName',
      width: 120,
      render: (name: string | null) => name ?? <span className="kefu-muted">{t('customer.noAgent')}</span>,
    },
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
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('customer.list.title')}
        </Typography.Title>
        <Flex gap={8}>
          {lead && (
            <>
              <Button icon={<SwapOutlined />} onClick={() => setReassigning(true)} data-testid="customer-reassign">
                {t('customer.reassign')}
              </Button>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="customer-import">
                {t('customer.import')}
              </Button>
              <Button icon={<DownloadOutlined />} href={`/api/customers/export${toQuery(filter)}`} download data-testid="customer-export">
                {t('customer.export')}
              </Button>
            </>
          )}
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customer-new">
            {t('customer.new')}
          </Button>
        </Flex>
      </Flex>
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
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('customer.filterAgent')}
          style={{ width: 150 }}
          value={agent}
          onChange={(v?: number) => update({ agent: v })}
          options={users.filter((u) => ['agent', 'supervisor', 'admin'].includes(u.role)).map((u) => ({ value: u.id, label: u.displayName }))}
          data-testid="customer-filter-agent"
        />
        {lead && selected.length > 0 && (
          <Button icon={<UserSwitchOutlined />} onClick={() => setAssigning(selected)} data-testid="customer-assign">
            {t('customer.assign')}（{selected.length}）
          </Button>
        )}
      </Flex>
      {result.error && !result.data ? (
        <PageState error={result.error} onRetry={result.reload} />
      ) : (
        <Table<CustomerRow>
          rowKey="id"
          size="middle"
          columns={columns}
          rowSelection={
            lead ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), preserveSelectedRowKeys: true } : undefined
          }
          dataSource={result.data?.customers ?? []}
          loading={result.loading}
          locale={{ emptyText: result.loading ? ' ' : <Empty description={t('customer.empty')} /> }}
          onChange={(p) => update({ page: p.current === 1 ? undefined : p.current, pageSize: p.pageSize === 20 ? undefined : p.pageSize }, true)}
          pagination={{ current: page, pageSize, total: result.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => t('common.total', { n }) }}
        />
      )}
      <CustomerFormModal open={creating} onClose={() => setCreating(false)} onSaved={(c) => navigate(`/customers/${c.id}`)} />
      <CustomerImportModal open={importing} onClose={() => setImporting(false)} onImported={result.reload} />
      <ReassignModal
        open={reassigning}
        onClose={() => setReassigning(false)}
        onDone={() => {
          setReassigning(false);
          result.reload();
        }}
      />
      <AssignModal
        customerIds={assigning}
        onClose={() => setAssigning(null)}
        onDone={() => {
          setAssigning(null);
          setSelected([]);
          result.reload();
        }}
      />
    </Card>
  );
}
