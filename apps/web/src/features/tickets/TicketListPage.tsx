import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Input, Radio, Select, Table, Tooltip, Typography, type TableProps } from 'antd';
import { TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '@kefu/domain';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, type TicketList, type TicketRow } from '../../api.ts';
import { DESK_ROLES, useAuth } from '../../auth.tsx';
import { CreateTicketModal } from './CreateTicketModal.tsx';
import { TicketViewsBar } from './TicketViewsBar.tsx';
import { EscalationTag } from '../sla/Escalations.tsx';
import { SlaCountdown } from '../sla/SlaCountdown.tsx';
import { PageState } from '../../shared/PageState.tsx';
import { ChannelTag, PlainTags, PriorityTag, StatusTag, TypeTag } from '../../shared/Tags.tsx';
import { dateTime, fromNow } from '../../shared/format.ts';
import { useAsync, useDirectory } from '../../shared/hooks.ts';
import { enumLabel, useI18n, type MessageKey } from '../../i18n.ts';
import { FilterSelect } from '../../shared/FilterSelect.tsx';

const SORTABLE = ['updated_at', 'created_at', 'priority', 'sla_due_at'] as const;

/** Quick views: the viewer's tickets due soon, and every ticket past a due time; both soonest due first. */
const VIEWS: Record<string, Record<string, string>> = {
  all: {},
  mineSoon: { assignee: 'me', due: 'soon', sort: 'sla_due_at', order: 'asc' },
  breached: { due: 'breached', sort: 'sla_due_at', order: 'asc' },
};
const FILTERS = ['status', 'type', 'priority', 'assignee', 'tag', 'q', 'due'];

function list(params: URLSearchParams, key: string): string[] {
  return (params.get(key) ?? '').split(',').filter(Boolean);
}

export function TicketListPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { users } = useDirectory();
  const desk = DESK_ROLES.includes(useAuth().user.role);
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [tagDraft, setTagDraft] = useState<string | null>(null);

  const q = params.get('q') ?? '';
  const page = Number(params.get('page')) || 1;
  const pageSize = Number(params.get('pageSize')) || 20;
  const sort = params.get('sort') ?? 'updated_at';
  const order = params.get('order') === 'asc' ? 'asc' : 'desc';
  const query = {
    status: list(params, 'status'),
    type: list(params, 'type'),
    priority: list(params, 'priority'),
    assigneeId: params.get('assignee') ?? undefined,
    tag: params.get('tag') ?? undefined,
    due: params.get('due') ?? undefined,
    q: q || undefined,
    sort: params.get('sort') ?? undefined,
    order: params.get('order') ?? undefined,
    page,
    pageSize,
  };
  const result = useAsync(() => api.get<TicketList>('/api/tickets', query), [params.toString()]);

  /** Changes some filters; any filter change goes back to page 1. */
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

  const data = result.data;
  const rows = data?.tickets ?? [];
  const total = data?.total ?? (page - 1) * pageSize + rows.length + (data?.hasMore ? 1 : 0);
  const sortOrder = (key: string) => (sort === key ? (order === 'asc' ? 'ascend' : 'descend') : null);
  const view = Object.keys(VIEWS).find((v) => FILTERS.every((key) => (params.get(key) ?? undefined) === VIEWS[v]![key]));

  const columns: TableProps<TicketRow>['columns'] = [
    {
      title: t('ticket.number'),
      dataIndex: 'number',
      width: 150,
      render: (number: string, row) => (
        <Link to={`/tickets/${row.id}`} style={{ fontFamily: 'ui-monospace, monospace' }}>
          {number}
        </Link>
      ),
    },
    {
      title: t('ticket.subject'),
      dataIndex: 'subject',
      ellipsis: true,
      render: (subject: string, row) => (
        <span>
          <Link to={`/tickets/${row.id}`} style={{ color: 'inherit', marginRight: 8 }}>
            {subject}
          </Link>
          {row.channel !== 'web' && <ChannelTag channel={row.channel} />}
          {row.escalationLevel && <EscalationTag level={row.escalationLevel} />}
          <PlainTags tags={row.tags} />
        </span>
      ),
    },
    {
      title: t('sla.column'),
      dataIndex: 'slaDueAt',
      key: 'sla_due_at',
      width: 136,
      sorter: true,
      sortOrder: sortOrder('sla_due_at'),
      render: (due: string | null) => (due ? <SlaCountdown dueAt={due} /> : <span className="kefu-muted">—</span>),
    },
    {
      title: t('ticket.customer'),
      dataIndex: 'customerName',
      width: 90,
      render: (name: string | null, row) => {
        if (!name) return <span className="kefu-muted">—</span>;
        return desk && row.customerId ? <Link to={`/customers/${row.customerId}`}>{name}</Link> : name;
      },
    },
    { title: t('ticket.type'), dataIndex: 'type', width: 90, render: (type: string) => <TypeTag type={type} /> },
    { title: t('ticket.status'), dataIndex: 'status', width: 100, render: (status: string) => <StatusTag status={status} /> },
    {
      title: t('ticket.priority'),
      dataIndex: 'priority',
      key: 'priority',
      width: 84,
      sorter: true,
      sortOrder: sortOrder('priority'),
      render: (priority: string) => <PriorityTag priority={priority} />,
    },
    {
      title: t('ticket.assignee'),
      dataIndex: 'assigneeName',
      width: 84,
      render: (name: string | null) => name ?? <span className="kefu-muted">{t('ticket.assignee.none')}</span>,
    },
    {
      title: t('ticket.updatedAt'),
      dataIndex: 'updatedAt',
      key: 'updated_at',
      width: 100,
      sorter: true,
      sortOrder: sortOrder('updated_at'),
      render: (at: string) => <Tooltip title={dateTime(at)}>{fromNow(at)}</Tooltip>,
    },
    {
      title: t('ticket.createdAt'),
      dataIndex: 'createdAt',
      key: 'created_at',
      width: 100,
      sorter: true,
      sortOrder: sortOrder('created_at'),
      render: (at: string) => <Tooltip title={dateTime(at)}>{fromNow(at)}</Tooltip>,
    },
  ];

  const onTableChange: TableProps<TicketRow>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const key = String(s?.columnKey ?? '');
      const valid = s?.order && (SORTABLE as readonly string[]).includes(key);
      update({ sort: valid ? key : null, order: valid ? (s.order === 'ascend' ? 'asc' : 'desc') : null });
    } else {
      update({ page: pagination.current === 1 ? null : pagination.current, pageSize: pagination.pageSize === 20 ? null : pagination.pageSize }, true);
    }
  };

  const options = (prefix: string, values: readonly string[]) => values.map((value) => ({ value, label: enumLabel(t, prefix, value) }));
  const assigneeOptions = [
    { value: 'me', label: t('ticket.assignee.me') },
    { value: 'none', label: t('ticket.assignee.none') },
    ...users.filter((u) => u.active && ['agent', 'supervisor', 'admin'].includes(u.role)).map((u) => ({ value: String(u.id), label: u.displayName })),
  ];
  const hasFilters = [...params.keys()].some((k) => !['page', 'pageSize', 'sort', 'order'].includes(k));

  return (
    <Card>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('ticket.list.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('ticket.new')}
        </Button>
      </Flex>
      <Radio.Group
        optionType="button"
        value={view ?? null}
        onChange={(e) => setParams(new URLSearchParams(VIEWS[e.target.value as string]))}
        options={Object.keys(VIEWS).map((v) => ({ value: v, label: t(`ticket.view.${v}` as MessageKey) }))}
        style={{ marginBottom: 12 }}
        data-testid="ticket-views"
      />
      <TicketViewsBar />
      <Flex wrap gap={8} className="kefu-filters">
        <Input.Search
          key={q}
          defaultValue={q}
          placeholder={t('ticket.searchPlaceholder')}
          allowClear
          enterButton
          onSearch={(value) => update({ q: value.trim() })}
          style={{ width: 300 }}
          data-testid="ticket-search"
        />
        <FilterSelect
          placeholder={t('ticket.status')}
          width={180}
          value={query.status}
          onChange={(v: string[]) => update({ status: v })}
          options={options('status', TICKET_STATUSES)}
        />
        <FilterSelect
          placeholder={t('ticket.type')}
          width={160}
          value={query.type}
          onChange={(v: string[]) => update({ type: v })}
          options={options('type', TICKET_TYPES)}
        />
        <FilterSelect
          placeholder={t('ticket.priority')}
          width={140}
          value={query.priority}
          onChange={(v: string[]) => update({ priority: v })}
          options={options('priority', TICKET_PRIORITIES)}
        />
        <Select
          allowClear
          placeholder={t('ticket.assignee')}
          style={{ width: 120 }}
          value={query.assigneeId}
          onChange={(v?: string) => update({ assignee: v })}
          options={assigneeOptions}
        />
        <Input
          allowClear
          placeholder={t('ticket.tagFilter')}
          style={{ width: 130 }}
          value={tagDraft ?? query.tag ?? ''}
          onChange={(e) => {
            setTagDraft(e.target.value);
            if (!e.target.value) {
              setTagDraft(null);
              update({ tag: null });
            }
          }}
          onPressEnter={() => {
            update({ tag: (tagDraft ?? '').trim() });
            setTagDraft(null);
          }}
          onBlur={() => {
            if (tagDraft !== null) {
              update({ tag: tagDraft.trim() });
              setTagDraft(null);
            }
          }}
        />
        {hasFilters && (
          <Button type="link" onClick={() => setParams(new URLSearchParams())}>
            {t('common.reset')}
          </Button>
        )}
      </Flex>
      {result.error && !data ? (
        <PageState error={result.error} onRetry={result.reload} />
      ) : (
        <Table<TicketRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={result.loading}
          onChange={onTableChange}
          onRow={(row) => ({ onDoubleClick: () => navigate(`/tickets/${row.id}`) })}
          locale={{ emptyText: result.loading ? ' ' : <Empty description={t('ticket.empty')} /> }}
          pagination={{
            current: page,
            pageSize,
            total,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: data?.total !== undefined ? (n) => t('common.total', { n }) : undefined,
          }}
          scroll={{ x: 1100 }}
        />
      )}
      <CreateTicketModal open={creating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/tickets/${id}`)} />
    </Card>
  );
}
