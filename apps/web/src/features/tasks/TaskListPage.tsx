import { ClockCircleOutlined } from '@ant-design/icons';
import { departmentsOf, DEPARTMENTS, type Role } from '@kefu/domain';
import { Card, Empty, Flex, Space, Switch, Table, Tooltip, Typography, type TableProps } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { api, type Task, type TaskList } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { DepartmentTag, TaskStateTag } from '../orders/OrderTags.tsx';
import { PageState } from '../../shared/PageState.tsx';
import { TaskActions } from './TaskActions.tsx';
import { TaskSatisfaction } from './TaskSatisfaction.tsx';
import { SlaCountdown } from '../sla/SlaCountdown.tsx';
import { dateTime, shortDateTime } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { FilterSelect } from '../../shared/FilterSelect.tsx';

/**
 * 协同任务: the open and working tasks of the viewer's department (warehouse, finance, tech, product), or of
 * every department for the desk, soonest due first and late ones in red.
 */
export function TaskListPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const mine = departmentsOf(user.role as Role);
  const department = (params.get('department') ?? '').split(',').filter(Boolean);
  const showDone = params.get('done') === 'true';
  const state = showDone ? ['open', 'working', 'done'] : ['open', 'working'];
  const result = useAsync(
    () => api.get<TaskList>('/api/tasks', { state, department: department.length ? department : undefined }).then((r) => r.tasks),
    [params.toString()],
  );

  function update(key: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  }

  const rows = [...(result.data ?? [])].sort(
    (a, b) => Number(a.state === 'done') - Number(b.state === 'done') || Date.parse(a.dueAt) - Date.parse(b.dueAt),
  );

  const columns: TableProps<Task>['columns'] = [
    {
      title: t('task.due'),
      dataIndex: 'dueAt',
      width: 150,
      render: (due: string, r) => (
        <div className={`kefu-due ${r.late ? 'kefu-danger' : ''}`} data-late={r.late || undefined}>
          <Tooltip title={dateTime(due)}>
            <div>
              <ClockCircleOutlined /> {shortDateTime(r.state === 'done' ? (r.doneAt ?? due) : due)}
            </div>
          </Tooltip>
          {r.state !== 'done' && (
            <div className="kefu-due-rel">
              <SlaCountdown dueAt={due} />
            </div>
          )}
        </div>
      ),
    },
    { title: t('task.department'), dataIndex: 'department', width: 84, render: (d: string) => <DepartmentTag department={d} /> },
    {
      title: t('task.title'),
      dataIndex: 'title',
      render: (title: string, r) => (
        <div>
          <div className="kefu-task-title">{title}</div>
          {r.description && <div className="kefu-small kefu-muted kefu-pre kefu-clamp">{r.description}</div>}
          {r.answer && <div className="kefu-answer kefu-small">{r.answer}</div>}
          <TaskSatisfaction task={r} />
        </div>
      ),
    },
    { title: t('task.state'), dataIndex: 'state', width: 90, render: (s: string) => <TaskStateTag state={s} /> },
    {
      title: `${t('task.ticket')} / ${t('task.order')}`,
      key: 'links',
      width: 190,
      render: (_: unknown, r) => (
        <Space orientation="vertical" size={0}>
          {r.ticketId && (
            <Link to={`/tickets/${r.ticketId}`} className="kefu-mono">
              {r.ticketNumber ?? `#${r.ticketId}`}
            </Link>
          )}
          {r.orderId && (
            <Link to={`/orders/${r.orderId}`} className="kefu-mono kefu-small">
              {r.orderNo ?? `#${r.orderId}`}
            </Link>
          )}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 210,
      render: (_: unknown, r) => <TaskActions task={r} onChanged={result.reload} />,
    },
  ];

  return (
    <Card>
      <Flex justify="space-between" align="baseline" style={{ marginBottom: 16 }} wrap gap={8}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('task.list.title')}
          </Typography.Title>
          <Typography.Text type="secondary" className="kefu-small">
            {mine.length && !department.length
              ? t('task.mineHint', { departments: mine.map((d) => enumLabel(t, 'department', d)).join(t('common.separator')) })
              : t('task.allHint')}
          </Typography.Text>
        </div>
        <Space size={12} wrap>
          <FilterSelect
            placeholder={t('task.department')}
            width={220}
            value={department}
            onChange={(v: string[]) => update('department', v.join(','))}
            options={DEPARTMENTS.map((d) => ({ value: d, label: enumLabel(t, 'department', d) }))}
          />
          <Space size={6}>
            <Switch size="small" checked={showDone} onChange={(v) => update('done', v ? 'true' : '')} />
            <span>{t('task.showDone')}</span>
          </Space>
        </Space>
      </Flex>
      {result.error && !result.data ? (
        <PageState error={result.error} onRetry={result.reload} />
      ) : (
        <Table<Task>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={result.loading}
          pagination={false}
          rowClassName={(r) => (r.late ? 'kefu-row-late' : '')}
          data-testid="task-table"
          locale={{ emptyText: result.loading ? ' ' : <Empty description={t('task.empty')} /> }}
          scroll={{ x: 960 }}
        />
      )}
    </Card>
  );
}
