import { ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { App, Badge, Button, Drawer, Flex, Segmented, Statistic, Table, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { enumLabel, useI18n } from '../../i18n.ts';
import { errorText } from '../../shared/errors.ts';
import { dateTime, fromNow } from '../../shared/format.ts';
import { PageState } from '../../shared/PageState.tsx';
import { webhooksApi, type WebhookLog, type WebhookSend, type WebhookSubscription } from './webhooksApi.ts';

const STATUS_BADGE = { pending: 'processing', delivered: 'success', failed: 'error' } as const;
type Filter = 'all' | 'pending' | 'delivered' | 'failed';

/** A subscription's deliveries, newest first: what was sent, how the receiver answered, when it is tried again. */
export function DeliveryLog({ subscription, onClose, onChanged }: { subscription: WebhookSubscription | null; onClose(): void; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>('all');
  const [log, setLog] = useState<WebhookLog | null>(null);
  const [rows, setRows] = useState<WebhookSend[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const id = subscription?.id;

  async function load(before?: number) {
    if (!id) return;
    setLoading(true);
    setError(null);
    try {
      const page = await webhooksApi.log(id, { status: filter === 'all' ? undefined : filter, before, limit: 50 });
      setLog(page);
      setRows((old) => (before ? [...old, ...page.sends] : page.sends));
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  }
  useEffect(() => {
    setRows([]);
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, filter]);

  async function redeliver(send: WebhookSend) {
    try {
      await webhooksApi.redeliver(send.id);
      void message.success(t('webhooks.redelivered'));
      setTimeout(() => void load(), 800);
      onChanged();
    } catch (err) {
      void message.error(errorText(t, err));
    }
  }

  return (
    <Drawer
      open={subscription !== null}
      onClose={onClose}
      width={920}
      title={subscription && t('webhooks.logTitle', { url: subscription.description || subscription.url })}
      destroyOnHidden
      extra={<Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('webhooks.refresh')} />}
    >
      <Flex gap={32} style={{ marginBottom: 16 }} data-testid="webhook-log-counts">
        {(['delivered', 'pending', 'failed'] as const).map((k) => (
          <Statistic key={k} title={t(`webhooks.status.${k}`)} value={log?.counts[k] ?? 0} />
        ))}
      </Flex>
      <Segmented<Filter>
        value={filter}
        onChange={setFilter}
        style={{ marginBottom: 12 }}
        options={(['all', 'delivered', 'pending', 'failed'] as const).map((k) => ({ value: k, label: t(`webhooks.filter.${k}`) }))}
        data-testid="webhook-log-filter"
      />
      {error && !rows.length ? (
        <PageState error={error} onRetry={() => void load()} />
      ) : (
        <Table<WebhookSend>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: t('webhooks.logEmpty') }}
          data-testid="webhook-log"
          expandable={{
            expandedRowRender: (r) => (
              <Typography.Paragraph className="kefu-mono" style={{ whiteSpace: 'pre-wrap', margin: 0, fontSize: 12 }} copyable>
                {prettyJson(r.body)}
              </Typography.Paragraph>
            ),
          }}
          columns={[
            { title: t('webhooks.col.time'), key: 'time', width: 150, render: (_, r) => dateTime(r.createdAt) },
            {
              title: t('webhooks.col.event'),
              key: 'event',
              render: (_, r) => (
                <span>
                  {r.eventType === 'ping' ? t('webhooks.ping') : enumLabel(t, 'webhooks.event', r.eventType)}{' '}
                  <span className="kefu-muted kefu-mono">{r.eventId ? `#${r.eventId}` : ''}</span>
                </span>
              ),
            },
            {
              title: t('webhooks.col.status'),
              key: 'status',
              width: 190,
              render: (_, r) => (
                <div>
                  <Badge status={STATUS_BADGE[r.status]} text={t(`webhooks.status.${r.status}`)} />
                  {r.status === 'pending' && r.nextAttemptAt && r.attempts > 0 && (
                    <div className="kefu-muted" style={{ fontSize: 12 }}>
                      <Tooltip title={dateTime(r.nextAttemptAt)}>{t('webhooks.retryAt', { when: fromNow(r.nextAttemptAt) })}</Tooltip>
                    </div>
                  )}
                </div>
              ),
            },
            { title: t('webhooks.col.attempts'), dataIndex: 'attempts', width: 70, align: 'right' },
            {
              title: t('webhooks.col.answer'),
              key: 'answer',
              width: 220,
              render: (_, r) =>
                r.responseStatus ? (
                  <span>
                    <Typography.Text type={r.error ? 'danger' : undefined}>HTTP {r.responseStatus}</Typography.Text>{' '}
                    <span className="kefu-muted">· {r.durationMs} ms</span>
                  </span>
                ) : r.error ? (
                  <Typography.Text type="danger" ellipsis={{ tooltip: r.error }} style={{ maxWidth: 200 }}>
                    {r.error}
                  </Typography.Text>
                ) : (
                  <span className="kefu-muted">—</span>
                ),
            },
            {
              title: '',
              key: 'actions',
              width: 90,
              render: (_, r) =>
                r.eventId !== null &&
                r.status !== 'pending' && (
                  <Button size="small" type="link" icon={<SendOutlined />} onClick={() => void redeliver(r)} data-testid="webhook-redeliver">
                    {t('webhooks.redeliver')}
                  </Button>
                ),
            },
          ]}
        />
      )}
      {log?.nextBefore && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void load(log.nextBefore ?? undefined)} loading={loading}>
            {t('webhooks.loadMore')}
          </Button>
        </Flex>
      )}
    </Drawer>
  );
}

function prettyJson(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
