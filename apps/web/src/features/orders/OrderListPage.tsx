import { ExclamationCircleFilled, UploadOutlined } from '@ant-design/icons';
import { ORDER_PLATFORMS, ORDER_STATUSES } from '@kefu/domain';
import { Badge, Button, Card, Empty, Flex, Input, Space, Switch, Table, Tooltip, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, type OrderList, type OrderRow } from '../../api.ts';
import { DESK_ROLES, LEAD_ROLES, useAuth } from '../../auth.tsx';
import { OrderImportModal } from './OrderImportModal.tsx';
import { OrderKindTag, OrderStatusTag } from './OrderTags.tsx';
import { PageState } from '../../shared/PageState.tsx';
import { dateTime, fromNow, yuan } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { FilterSelect } from '../../shared/FilterSelect.tsx';

const list = (params: URLSearchParams, key: string) => (params.get(key) ?? '').split(',').filter(Boolean);

/** 订单: find an order by its number, the buyer, a phone or a tracking number; see which need a look. */
export function OrderListPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { user } = useAuth();
  const desk = DESK_ROLES.includes(user.role);
  const [params, setParams] = useSearchParams();
  const [importing, setImporting] = useState(false);

  const q = params.get('q') ?? '';
  const page = Number(params.get('page')) || 1;
  const pageSize = Number(params.get('pageSize')) || 20;
  const flagged = params.get('flagged') === 'true';
  const query = {
    q: q || undefined,
    status: list(params, 'status'),
    platform: list(params, 'platform'),
    flagged: flagged || undefined,
    page,
    pageSize,
  };
  const result = useAsync(() => api.get<OrderList>('/api/orders', query), [params.toString()]);

  function update(changes: Record<string, string | string[] | number | boolean | null | undefined>, keepPage = false) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      const text = Array.isArray(value) ? value.join(',') : value === undefined || value === null || value === false ? '' : String(value);
      if (text) next.set(key, text);
      else next.delete(key);
    }
    if (!keepPage) next.delete('page');
    setParams(next);
  }

  const rows = result.data?.orders ?? [];
  const total = (page - 1) * pageSize + rows.length + (result.data?.hasMore ? 1 : 0);
  const none = <span className="kefu-muted">—</span>;

  const columns: TableProps<OrderRow>['columns'] = [
    {
      title: t('order.number'),
      dataIndex: 'orderNo',
      width: 200,
      render: (no: string, r) => (
        <Space size={4}>
          <Link to={`/orders/${r.id}`} className="kefu-mono" data-testid="order-link">
            {no}
          </Link>
          <OrderKindTag kind={r.kind} />
        </Space>
      ),
    },
    { title: t('order.platform'), dataIndex: 'platform', width: 80, render: (v: string) => enumLabel(t, 'platform', v) },
    { title: t('order.status'), dataIndex: 'status', width: 96, render: (v: string) => <OrderStatusTag status={v} /> },
    {
      title: t('order.checksShort'),
      dataIndex: 'openFlags',
      width: 170,
      render: (flags: string[]) =>
        flags.length === 0 ? (
          none
        ) : (
          <Tooltip title={flags.map((f) => enumLabel(t, 'flag', f)).join(t('common.separator'))}>
            <span className="kefu-flag-badge" data-testid="order-flags">
              <ExclamationCircleFilled />
              <span className="kefu-ellipsis">{enumLabel(t, 'flag', flags[0]!)}</span>
              {flags.length > 1 && <strong>+{flags.length - 1}</strong>}
            </span>
          </Tooltip>
        ),
    },
    {
      title: t('order.customer'),
      dataIndex: 'customerName',
      width: 110,
      ellipsis: true,
      render: (name: string | null, r) =>
        !name ? (r.buyerNick ?? none) : desk && r.customerId ? <Link to={`/customers/${r.customerId}`}>{name}</Link> : name,
    },
    {
      title: t('order.receiverShort'),
      key: 'receiver',
      ellipsis: true,
      render: (_: unknown, r) =>
        r.receiverName || r.province ? (
          <span>
            {r.receiverName} <span className="kefu-muted">{[r.province, r.city].filter(Boolean).join(' ')}</span>
          </span>
        ) : (
          none
        ),
    },
    { title: t('order.amount'), dataIndex: 'totalFen', width: 110, align: 'right', render: (v: number) => <strong>{yuan(Number(v))}</strong> },
    {
      title: t('order.tracking'),
      dataIndex: 'trackingNo',
      width: 150,
      render: (v: string | null, r) =>
        v ? (
          <span className="kefu-mono">
            {r.courier ? `${r.courier} ` : ''}
            {v}
          </span>
        ) : (
          none
        ),
    },
    { title: t('order.createdAt'), dataIndex: 'createdAt', width: 110, render: (v: string) => <Tooltip title={dateTime(v)}>{fromNow(v)}</Tooltip> },
  ];

  const options = (prefix: string, values: readonly string[]) => values.map((value) => ({ value, label: enumLabel(t, prefix, value) }));
  const hasFilters = [...params.keys()].some((k) => !['page', 'pageSize'].includes(k));

  return (
    <Card>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('order.list.title')}
        </Typography.Title>
        {LEAD_ROLES.includes(user.role) && (
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="order-import">
            {t('order.import')}
          </Button>
        )}
      </Flex>
      <Flex wrap gap={8} align="center" className="kefu-filters">
        <Input.Search
          key={q}
          defaultValue={q}
          placeholder={t('order.searchPlaceholder')}
          allowClear
          enterButton
          onSearch={(value) => update({ q: value.trim() })}
          style={{ width: 340 }}
          data-testid="order-search"
        />
        <FilterSelect
          placeholder={t('order.status')}
          width={200}
          value={query.status}
          onChange={(v: string[]) => update({ status: v })}
          options={options('orderStatus', ORDER_STATUSES)}
        />
        <FilterSelect
          placeholder={t('order.platform')}
          width={170}
          value={query.platform}
          onChange={(v: string[]) => update({ platform: v })}
          options={options('platform', ORDER_PLATFORMS)}
        />
        <Space size={6} style={{ marginLeft: 8 }}>
          <Switch size="small" checked={flagged} onChange={(v) => update({ flagged: v })} data-testid="order-flagged" />
          <Badge status={flagged ? 'warning' : 'default'} text={t('order.flaggedOnly')} />
        </Space>
        {hasFilters && (
          <Button type="link" onClick={() => setParams(new URLSearchParams())}>
            {t('common.reset')}
          </Button>
        )}
      </Flex>
      {result.error && !result.data ? (
        <PageState error={result.error} onRetry={result.reload} />
      ) : (
        <Table<OrderRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={result.loading}
          onRow={(row) => ({
            onClick: (e) => {
              if (!(e.target as HTMLElement).closest('a,button')) navigate(`/orders/${row.id}`);
            },
            style: { cursor: 'pointer' },
          })}
          locale={{ emptyText: result.loading ? ' ' : <Empty description={t('order.empty')} /> }}
          onChange={(p) => update({ page: p.current === 1 ? null : p.current, pageSize: p.pageSize === 20 ? null : p.pageSize }, true)}
          pagination={{ current: page, pageSize, total, showSizeChanger: true, pageSizeOptions: [20, 50, 100] }}
          scroll={{ x: 1100 }}
        />
      )}
      <OrderImportModal open={importing} onClose={() => setImporting(false)} onImported={result.reload} />
    </Card>
  );
}
