import { FOLLOW_UP_REASONS, FOLLOW_UP_STATES } from '@kefu/domain';
import { App, Button, DatePicker, Flex, Segmented, Select, Space, Table, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api.ts';
import { useI18n, type MessageKey } from '../../i18n.ts';
import { useAsync, useDirectory } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { followUpsApi, type FollowUp, type FollowUpFilters, type QueueTab } from './followUpsApi.ts';
import { DueAt, OutcomeTag, ReasonTag } from './FollowUpTags.tsx';
import { OutcomeDrawer } from './OutcomeDrawer.tsx';

const TABS: QueueTab[] = ['due', 'overdue', 'done', 'pool'];
const PAGE = 20;

/** A queue of follow-ups: the agent's own (我的回访) or, for supervisors, everyone's with filters and assignment. */
export function FollowUpQueue({ scope }: { scope: 'mine' | 'all' }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { users } = useDirectory();
  const [tab, setTab] = useState<QueueTab>(scope === 'mine' ? 'due' : 'overdue');
  const [filters, setFilters] = useState<Omit<FollowUpFilters, 'scope'>>({});
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const list = useAsync(() => followUpsApi.list({ scope, tab, ...filters, page, pageSize: PAGE }), [scope, tab, filters, page]);
  const desk = users.filter((u) => ['agent', 'supervisor', 'admin'].includes(u.role) && u.active !== false);

  const act = async (work: () => Promise<unknown>, done: MessageKey) => {
    try {
      await work();
      message.success(t(done));
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
    list.reload();
  };
  const set = (change: Partial<FollowUpFilters>) => {
    setPage(1);
    setFilters((f) => ({ ...f, ...change }));
  };

  const columns: TableProps<FollowUp>['columns'] = [
    {
      title: t('followUps.col.customer'),
      key: 'customer',
      render: (_, f) => (
        <div>
          <Link to={`/customers/${f.customerId}`}>{f.customerName ?? `#${f.customerId}`}</Link>
          {f.note && <div className="kefu-small kefu-muted">{f.note}</div>}
        </div>
      ),
    },
    { title: t('followUps.col.reason'), key: 'reason', width: 130, render: (_, f) => <ReasonTag reason={f.reason} /> },
    ...(scope === 'all' || tab === 'pool'
      ? [
          {
            title: t('followUps.col.owner'),
            key: 'owner',
            width: 110,
            render: (_: unknown, f: FollowUp) => f.ownerName ?? <Typography.Text type="secondary">{t('followUps.unassigned')}</Typography.Text>,
          },
        ]
      : []),
    { title: t('followUps.col.due'), key: 'due', width: 170, render: (_, f) => <DueAt f={f} /> },
    { title: t('followUps.col.attempts'), key: 'attempts', width: 70, align: 'center', render: (_, f) => f.attempts || '—' },
    { title: t('followUps.col.outcome'), key: 'outcome', width: 150, render: (_, f) => <OutcomeTag f={f} /> },
    {
      key: 'actions',
      width: 200,
      align: 'right',
      render: (_, f) => (
        <Space size={4}>
          {f.state === 'open' && f.ownerId === null && (
            <Button size="small" onClick={() => act(() => followUpsApi.claim(f.id, f.version), 'followUps.claimed')}>
              {t('followUps.claim')}
            </Button>
          )}
          {scope === 'all' && f.state === 'open' && (
            <Select
              size="small"
              style={{ width: 100 }}
              placeholder={t('followUps.assign')}
              value={null}
              onChange={(ownerId: number) => act(() => followUpsApi.assign(f.id, f.version, ownerId), 'followUps.assigned')}
              options={desk.map((u) => ({ value: u.id, label: u.displayName }))}
            />
          )}
          <Button size="small" type={f.state === 'open' ? 'primary' : 'default'} onClick={() => setOpen(f.id)} data-testid="follow-up-open">
            {f.state === 'open' ? t('followUps.record') : t('followUps.view')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div>
      <Flex wrap gap={8} justify="space-between" style={{ marginBottom: 12 }}>
        <Segmented<QueueTab>
          value={tab}
          onChange={(v) => {
            setPage(1);
            setTab(v);
          }}
          options={TABS.map((key) => ({
            value: key,
            label: `${t(`followUps.queue.${key}` as MessageKey)}${list.data ? ` ${list.data.counts[key]}` : ''}`,
          }))}
          data-testid="follow-up-tabs"
        />
        {scope === 'all' && (
          <Flex wrap gap={8}>
            <Select
              allowClear
              placeholder={t('followUps.filter.owner')}
              style={{ width: 120 }}
              value={filters.ownerId}
              onChange={(ownerId?: number) => set({ ownerId })}
              options={desk.map((u) => ({ value: u.id, label: u.displayName }))}
            />
            <Select
              allowClear
              placeholder={t('followUps.filter.reason')}
              style={{ width: 130 }}
              value={filters.reason}
              onChange={(reason?: string) => set({ reason })}
              options={FOLLOW_UP_REASONS.map((r) => ({ value: r, label: t(`followUps.reason.${r}` as MessageKey) }))}
            />
            {tab === 'done' && (
              <Select
                allowClear
                placeholder={t('followUps.filter.state')}
                style={{ width: 110 }}
                value={filters.state}
                onChange={(state?: string) => set({ state })}
                options={FOLLOW_UP_STATES.filter((s) => s !== 'open').map((s) => ({ value: s, label: t(`followUps.state.${s}` as MessageKey) }))}
              />
            )}
            <DatePicker.RangePicker
              placeholder={[t('followUps.filter.due'), t('followUps.filter.due')]}
              onChange={(range) => set({ dueFrom: range?.[0]?.format('YYYY-MM-DD'), dueTo: range?.[1]?.format('YYYY-MM-DD') })}
            />
          </Flex>
        )}
      </Flex>
      {!list.data ? (
        <PageState loading={list.loading} error={list.error} onRetry={list.reload} />
      ) : (
        <Table<FollowUp>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data.followUps}
          loading={list.loading}
          locale={{ emptyText: t('followUps.empty') }}
          pagination={{ current: page, pageSize: PAGE, total: list.data.total, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
          data-testid="follow-up-table"
        />
      )}
      {open !== null && (
        <OutcomeDrawer
          id={open}
          onClose={() => setOpen(null)}
          onSaved={() => {
            setOpen(null);
            list.reload();
          }}
        />
      )}
    </div>
  );
}
