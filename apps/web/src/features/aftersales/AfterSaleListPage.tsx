import { AFTER_SALE_KINDS, AFTER_SALE_STATES } from '@kefu/domain';
import { Card, DatePicker, Empty, Flex, Input, Select, Space, Switch, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, type AfterSaleList, type AfterSaleRow } from '../../api.ts';
import { enumLabel, useI18n, type MessageKey } from '../../i18n.ts';
import { dateTime, dayjs, fromNow, yuan } from '../../shared/format.ts';
import { useAsync, useDirectory } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { AfterSaleStateTag } from '../orders/OrderTags.tsx';
import { SlaCountdown } from '../sla/SlaCountdown.tsx';
import { FilterSelect } from '../../shared/FilterSelect.tsx';

const list = (params: URLSearchParams, key: string) => (params.get(key) ?? '').split(',').filter(Boolean);
const GOODS_KINDS = ['reissue', 'exchange'];

/** The earliest promise the request still owes: review, a complex case's plan, a repair's progress. */
const nextDue = (a: AfterSaleRow) => [a.reviewDueAt, a.planDueAt, a.progressDueAt].filter((d): d is string => d !== null).sort()[0] ?? null;

/** 售后单: every after-sale request, filtered by state, type, agent, overdue, date and order or customer, a page at a time. */
export function AfterSaleListPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { users } = useDirectory();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Number(params.get('page')) || 1;
  const pageSize = Number(params.get('pageSize')) || 20;
  const query = {
    state: list(params, 'state'),
    kind: list(params, 'kind'),
    assigneeId: params.get('agent') ?? undefined,
    overdue: params.get('overdue') === 'true' ? 'true' : undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    q: q || undefined,
    page,
    pageSize,
  };
  const result = useAsync(() => api.get<AfterSaleList>('/api/aftersales', query), [params.toString()]);

  function update(changes: Record<string, string | string[] | number | null | undefined>, keepPage = false) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      const text = Array.isArray(value) ? value.join(',') : value === undefined || value === null ? '' : String(value);
      if (text) next.set(key, text);
      else next.delete(key);
    }
    if (!keepPage) next.delete('page');
    setParams(next);
  }

  const rows = result.data?.afterSales ?? [];
  const none = <span className="kefu-muted">—</span>;
  const columns: TableProps<AfterSaleRow>['columns'] = [
    {
      title: t('asList.request'),
      key: 'request',
      width: 210,
      render: (_, a) => (
        <Space size={4}>
          <Tag color="blue">{enumLabel(t, 'afterSaleKind', a.kind)}</Tag>
          <Link to={`/tickets/${a.ticketId}`} className="kefu-mono" title={t('asList.ticket')}>
            {a.ticketNumber}
          </Link>
        </Space>
      ),
    },
    {
      title: t('asList.order'),
      dataIndex: 'orderNo',
      width: 160,
      render: (no: string, a) => (
        <Link to={`/orders/${a.orderId}`} className="kefu-mono">
          {no}
        </Link>
      ),
    },
    { title: t('asList.customer'), dataIndex: 'customerName', width: 90, render: (name: string | null) => name ?? none },
    { title: t('asList.state'), dataIndex: 'state', width: 100, render: (state: string) => <AfterSaleStateTag state={state} /> },
    { title: t('asList.reason'), dataIndex: 'reason', width: 100, render: (reason: string) => enumLabel(t, 'afterSaleReason', reason) },
    {
      title: t('asList.amount'),
      key: 'amount',
      width: 110,
      align: 'right',
      render: (_, a) =>
        GOODS_KINDS.includes(a.kind) ? (
          <Typography.Text type="secondary">{t('asList.goods', { value: yuan(a.goodsFen) })}</Typography.Text>
        ) : a.amountFen ? (
          yuan(a.amountFen)
        ) : (
          none
        ),
    },
    {
      title: t('asList.agent'),
      dataIndex: 'assigneeName',
      width: 90,
      render: (name: string | null) => name ?? <span className="kefu-muted">{t('asList.unassigned')}</span>,
    },
    {
      title: t('asList.due'),
      key: 'due',
      width: 150,
      render: (_, a) => {
        const due = nextDue(a);
        return (
          <Space size={4} wrap>
            {due ? <SlaCountdown dueAt={due} /> : a.overdue.length === 0 && none}
            {a.overdue.map((o) => (
              <Tag key={o} color="red">
                {t(`as.overdue.${o}` as MessageKey)}
              </Tag>
            ))}
          </Space>
        );
      },
    },
    {
      title: t('asList.createdAt'),
      dataIndex: 'createdAt',
      width: 100,
      render: (at: string) => <Tooltip title={dateTime(at)}>{fromNow(at)}</Tooltip>,
    },
  ];

  const agents = users.filter((u) => u.active && ['agent', 'supervisor', 'admin'].includes(u.role));
  const from = params.get('from');
  const to = params.get('to');
  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('asList.title')}
      </Typography.Title>
      <Flex wrap gap={8} className="kefu-filters" align="center">
        <Input.Search
          key={q}
          defaultValue={q}
          placeholder={t('asList.search')}
          allowClear
          enterButton
          onSearch={(value) => update({ q: value.trim() })}
          style={{ width: 280 }}
          data-testid="aftersale-search"
        />
        <FilterSelect
          placeholder={t('asList.state')}
          width={190}
          value={query.state}
          onChange={(v: string[]) => update({ state: v })}
          options={AFTER_SALE_STATES.map((s) => ({ value: s, label: enumLabel(t, 'afterSaleState', s) }))}
          data-testid="aftersale-state"
        />
        <FilterSelect
          placeholder={t('asList.kind')}
          width={170}
          value={query.kind}
          onChange={(v: string[]) => update({ kind: v })}
          options={AFTER_SALE_KINDS.map((k) => ({ value: k, label: enumLabel(t, 'afterSaleKind', k) }))}
        />
        <Select
          allowClear
          placeholder={t('asList.agent')}
          style={{ width: 120 }}
          value={query.assigneeId}
          onChange={(v?: string) => update({ agent: v })}
          options={[{ value: 'none', label: t('asList.unassigned') }, ...agents.map((u) => ({ value: String(u.id), label: u.displayName }))]}
        />
        <DatePicker.RangePicker
          value={from && to ? [dayjs(from), dayjs(to)] : null}
          onChange={(range) => update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
          style={{ width: 250 }}
        />
        <Space size={6}>
          <Switch
            size="small"
            checked={query.overdue === 'true'}
            onChange={(on) => update({ overdue: on ? 'true' : null })}
            data-testid="aftersale-overdue"
          />
          <span>{t('asList.overdue')}</span>
        </Space>
      </Flex>
      {result.error && !result.data ? (
        <PageState error={result.error} onRetry={result.reload} />
      ) : (
        <Table<AfterSaleRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={result.loading}
          onRow={(a) => ({ onDoubleClick: () => navigate(`/tickets/${a.ticketId}`) })}
          locale={{ emptyText: result.loading ? ' ' : <Empty description={t('asList.empty')} /> }}
          pagination={{
            current: page,
            pageSize,
            total: result.data?.total ?? rows.length,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (n) => t('common.total', { n }),
            onChange: (next, size) => update({ page: next === 1 ? null : next, pageSize: size === 20 ? null : size }, true),
          }}
          scroll={{ x: 1100 }}
        />
      )}
    </Card>
  );
}
