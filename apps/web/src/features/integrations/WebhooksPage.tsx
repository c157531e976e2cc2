import { ApiOutlined, DeleteOutlined, EditOutlined, KeyOutlined, PlusOutlined, SendOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Flex, Popconfirm, Space, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { enumLabel, useI18n } from '../../i18n.ts';
import { errorText } from '../../shared/errors.ts';
import { dateTime, fromNow } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { SecretNotice, type Secret } from '../staff/SecretNotice.tsx';
import { DeliveryLog } from './DeliveryLog.tsx';
import { WebhookFormModal } from './WebhookFormModal.tsx';
import { webhooksApi, type WebhookFields, type WebhookSubscription } from './webhooksApi.ts';

const HEALTH_BADGE = { ok: 'success', failing: 'error', new: 'default', off: 'default' } as const;

/**
 * 集成 Webhook: an admin subscribes other systems (ERP, warehouse, BI) to kefu's events, sees whether each receiver
 * answers, tests it, rotates its signing secret and reads its delivery log.
 */
export function WebhooksPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const result = useAsync(() => webhooksApi.list(), []);
  const { reload } = result;
  const [form, setForm] = useState<{ editing: WebhookSubscription | null } | null>(null);
  const [secret, setSecret] = useState<Secret | null>(null);
  const [logOf, setLogOf] = useState<WebhookSubscription | null>(null);
  const subscriptions = result.data?.subscriptions ?? [];
  const eventTypes = (result.data?.eventTypes ?? []).map((e) => e.type);

  const showSecret = (sub: WebhookSubscription, value: string, title: string) =>
    setSecret({
      title,
      warning: t('webhooks.secretOnce'),
      rows: [
        { label: t('webhooks.url'), value: sub.url },
        { label: t('webhooks.secret'), value, secret: true },
      ],
    });

  async function submit(fields: WebhookFields) {
    const editing = form?.editing;
    if (editing) {
      await webhooksApi.change(editing.id, { ...fields, version: editing.version });
      void message.success(t('common.saved'));
    } else {
      const made = await webhooksApi.create(fields);
      showSecret(made.subscription, made.secret, t('webhooks.createdTitle'));
    }
    setForm(null);
    reload();
  }

  async function act(work: () => Promise<unknown>, done?: string) {
    try {
      await work();
      if (done) void message.success(done);
    } catch (err) {
      void message.error(errorText(t, err));
    } finally {
      reload();
    }
  }

  async function ping(sub: WebhookSubscription) {
    await act(async () => {
      const { send } = await webhooksApi.ping(sub.id);
      if (send.status === 'delivered') void message.success(t('webhooks.pingOk', { status: send.responseStatus ?? 0, ms: send.durationMs ?? 0 }));
      else void message.error(t('webhooks.pingFailed', { error: send.error ?? '' }));
    });
  }

  const columns: TableProps<WebhookSubscription>['columns'] = [
    {
      title: t('webhooks.receiver'),
      key: 'receiver',
      render: (_, s) => (
        <div>
          <Space>
            <ApiOutlined className="kefu-muted" />
            <Typography.Text strong>{s.description || t('webhooks.unnamed')}</Typography.Text>
          </Space>
          <div className="kefu-mono kefu-muted" style={{ fontSize: 12, wordBreak: 'break-all' }}>
            {s.url}
          </div>
        </div>
      ),
    },
    {
      title: t('webhooks.events'),
      key: 'events',
      width: 300,
      render: (_, s) => (
        <Flex gap={4} wrap>
          {s.eventTypes.map((type) => (
            <Tag key={type}>{enumLabel(t, 'webhooks.event', type)}</Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('webhooks.health'),
      key: 'health',
      width: 200,
      render: (_, s) => (
        <div data-testid="webhook-health">
          <Badge status={HEALTH_BADGE[s.health]} text={t(`webhooks.health.${s.health}`)} />
          {s.health === 'failing' && s.lastError && (
            <Tooltip title={s.lastError}>
              <div className="kefu-muted" style={{ fontSize: 12 }}>
                {t('webhooks.failures', { n: s.consecutiveFailures })} ·{' '}
                {s.lastError.replace(/^the receiver answered (\d+)$/, 'HTTP $1').slice(0, 40)}
              </div>
            </Tooltip>
          )}
          {s.lastSuccessAt && (
            <div className="kefu-muted" style={{ fontSize: 12 }}>
              <Tooltip title={dateTime(s.lastSuccessAt)}>{t('webhooks.lastSuccess', { when: fromNow(s.lastSuccessAt) })}</Tooltip>
            </div>
          )}
          {s.pending > 0 && (
            <div className="kefu-muted" style={{ fontSize: 12 }}>
              {t('webhooks.pending', { n: s.pending })}
            </div>
          )}
        </div>
      ),
    },
    { title: t('webhooks.secret'), key: 'secret', width: 90, render: (_, s) => <span className="kefu-mono kefu-muted">…{s.secretHint}</span> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 250,
      render: (_, s) => (
        <Flex gap={0} wrap>
          <Button type="link" size="small" icon={<UnorderedListOutlined />} onClick={() => setLogOf(s)} data-testid="webhook-log-open">
            {t('webhooks.log')}
          </Button>
          <Button type="link" size="small" icon={<SendOutlined />} disabled={!s.active} onClick={() => void ping(s)} data-testid="webhook-ping">
            {t('webhooks.test')}
          </Button>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setForm({ editing: s })} data-testid="webhook-edit">
            {t('webhooks.editShort')}
          </Button>
          <Popconfirm
            title={t('webhooks.rotateConfirm')}
            onConfirm={() =>
              act(async () => {
                const rotated = await webhooksApi.rotate(s.id, s.version);
                showSecret(rotated.subscription, rotated.secret, t('webhooks.rotatedTitle'));
              })
            }
          >
            <Button type="link" size="small" icon={<KeyOutlined />}>
              {t('webhooks.rotate')}
            </Button>
          </Popconfirm>
          <Popconfirm
            title={t('webhooks.deleteConfirm')}
            okButtonProps={{ danger: true }}
            onConfirm={() => act(() => webhooksApi.remove(s.id, s.version), t('webhooks.deleted'))}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />}>
              {t('webhooks.delete')}
            </Button>
          </Popconfirm>
        </Flex>
      ),
    },
  ];

  return (
    <Card>
      <Flex justify="space-between" align="baseline" style={{ marginBottom: 16 }} wrap gap={8}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('webhooks.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('webhooks.hint')}</Typography.Text>
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ editing: null })} data-testid="webhook-add">
          {t('webhooks.add')}
        </Button>
      </Flex>
      {result.error && !result.data ? (
        <PageState error={result.error} onRetry={reload} />
      ) : (
        <Table<WebhookSubscription>
          rowKey="id"
          size="middle"
          loading={result.loading && !result.data}
          columns={columns}
          dataSource={subscriptions}
          pagination={false}
          locale={{ emptyText: t('webhooks.empty') }}
          data-testid="webhook-table"
        />
      )}
      <WebhookFormModal
        open={form !== null}
        editing={form?.editing ?? null}
        eventTypes={eventTypes}
        onSubmit={submit}
        onClose={() => setForm(null)}
      />
      <DeliveryLog subscription={logOf} onClose={() => setLogOf(null)} onChanged={reload} />
      <SecretNotice secret={secret} onClose={() => setSecret(null)} />
    </Card>
  );
}
