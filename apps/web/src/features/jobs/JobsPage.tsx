import { CaretRightOutlined, ClockCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Empty, Flex, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError, type JobList, type JobView } from '../../api.ts';
import { PageState } from '../../shared/PageState.tsx';
import { errorText } from '../../shared/errors.ts';
import { dayjs, fromNow } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../i18n.ts';
import { jobLabel, runDuration, scheduleLabel } from './jobText.ts';

const REFRESH_MS = 10_000;

const at = (iso: string) => dayjs(iso).format('MM-DD HH:mm:ss');

/** 后台任务: the scheduled jobs, how their last runs went, and a button to run one now (admins only). */
export function JobsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const result = useAsync(() => api.get<JobList>('/api/jobs'), []);
  const [starting, setStarting] = useState<string | null>(null);
  const { reload } = result;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  async function runNow(job: JobView) {
    const label = jobLabel(t, job.name);
    setStarting(job.name);
    try {
      const after = await api.post<JobView>(`/api/jobs/${encodeURIComponent(job.name)}/run`);
      if (after.lastError) void message.error(t('jobs.ranWithError', { job: label, error: after.lastError }));
      else void message.success(t('jobs.ran', { job: label }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) void message.warning(t('jobs.busy', { job: label }));
      else if (error instanceof ApiError && error.status === 404) void message.error(t('jobs.unknown', { job: label }));
      else void message.error(errorText(t, error));
    } finally {
      setStarting(null);
      reload();
    }
  }

  const enabled = result.data?.enabled ?? true;
  const columns: TableProps<JobView>['columns'] = [
    {
      title: t('jobs.job'),
      dataIndex: 'name',
      width: 250,
      render: (name: string) => (
        <div>
          <Typography.Text strong>{jobLabel(t, name)}</Typography.Text>
          <div className="kefu-mono kefu-muted" style={{ whiteSpace: 'nowrap' }}>
            {name}
          </div>
        </div>
      ),
    },
    { title: t('jobs.schedule'), dataIndex: 'schedule', width: 130, render: (s: string) => scheduleLabel(t, s) },
    {
      title: t('jobs.scope'),
      dataIndex: 'scope',
      width: 130,
      render: (scope: JobView['scope']) => (
        <Tooltip title={t(`jobs.scope.${scope}Hint`)}>
          <Tag variant="filled" color={scope === 'cluster' ? 'blue' : 'default'}>
            {t(`jobs.scope.${scope}`)}
          </Tag>
        </Tooltip>
      ),
    },
    { title: t('jobs.status'), key: 'status', width: 100, render: (_: unknown, job) => <JobStatus job={job} /> },
    {
      title: t('jobs.lastRun'),
      dataIndex: 'lastStartedAt',
      width: 150,
      render: (started: string | null) =>
        started ? (
          <Tooltip title={dayjs(started).format('YYYY-MM-DD HH:mm:ss')}>
            <div className="kefu-due">
              <div>
                <ClockCircleOutlined /> {at(started)}
              </div>
              <div className="kefu-due-rel">{fromNow(started)}</div>
            </div>
          </Tooltip>
        ) : (
          <span className="kefu-muted">—</span>
        ),
    },
    {
      title: t('jobs.duration'),
      dataIndex: 'lastDurationMs',
      width: 90,
      align: 'right',
      render: (ms: number | null) => (ms === null ? <span className="kefu-muted">—</span> : runDuration(t, ms)),
    },
    {
      title: t('jobs.nextRun'),
      dataIndex: 'nextRunAt',
      width: 140,
      render: (next: string | null) =>
        !enabled ? (
          <span className="kefu-muted">{t('jobs.notScheduled')}</span>
        ) : next ? (
          <Tooltip title={dayjs(next).format('YYYY-MM-DD HH:mm:ss')}>
            <span>{fromNow(next)}</span>
          </Tooltip>
        ) : (
          <span className="kefu-muted">—</span>
        ),
    },
    {
      title: t('jobs.counts'),
      key: 'counts',
      width: 100,
      align: 'right',
      render: (_: unknown, job) => (
        <Tooltip title={t('jobs.countsHint', { runs: job.runCount, failures: job.failureCount })}>
          <span data-testid="job-counts">
            <span data-testid="job-run-count">{job.runCount}</span>
            {' / '}
            <span className={job.failureCount ? 'kefu-danger' : 'kefu-muted'}>{job.failureCount}</span>
          </span>
        </Tooltip>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_: unknown, job) => (
        <Button
          size="small"
          icon={<CaretRightOutlined />}
          loading={starting === job.name}
          disabled={job.running || (starting !== null && starting !== job.name)}
          onClick={() => void runNow(job)}
          data-testid="job-run"
        >
          {t('jobs.runNow')}
        </Button>
      ),
    },
  ];

  return (
    <Card>
      <Flex justify="space-between" align="baseline" style={{ marginBottom: 16 }} wrap gap={8}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('jobs.title')}
          </Typography.Title>
          <Typography.Text type="secondary" className="kefu-small">
            {t('jobs.hint')}
          </Typography.Text>
        </div>
        <Button icon={<ReloadOutlined />} onClick={reload} loading={result.loading && !!result.data} aria-label={t('common.retry')} />
      </Flex>
      {result.data && !result.data.enabled && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="jobs-disabled"
          title={
            <>
              <Typography.Text strong>{t('jobs.disabled')}</Typography.Text>
              {t('jobs.colon')}
              {t('jobs.disabledHint')}
            </>
          }
        />
      )}
      {result.error && !result.data ? (
        <PageState error={result.error} onRetry={reload} />
      ) : (
        <Table<JobView>
          rowKey="name"
          size="middle"
          columns={columns}
          dataSource={result.data?.jobs ?? []}
          pagination={false}
          loading={result.loading && !result.data}
          data-testid="job-table"
          scroll={{ x: 1050 }}
          locale={{ emptyText: result.loading ? ' ' : <Empty description={t('jobs.empty')} /> }}
        />
      )}
    </Card>
  );
}

function JobStatus({ job }: { job: JobView }) {
  const { t } = useI18n();
  if (job.running) return <Badge status="processing" text={t('jobs.status.running')} />;
  if (job.lastError) {
    return (
      <Tooltip
        title={
          <>
            <div>
              <b>{t('jobs.lastError')}</b>
            </div>
            <div className="kefu-pre">{job.lastError}</div>
          </>
        }
      >
        <Badge
          status="error"
          text={
            <span className="kefu-danger" data-testid="job-error">
              {t('jobs.status.failed')}
            </span>
          }
        />
      </Tooltip>
    );
  }
  if (!job.runCount) return <Badge status="default" text={<span className="kefu-muted">{t('jobs.status.never')}</span>} />;
  return <Badge status="success" text={t('jobs.status.ok')} />;
}
