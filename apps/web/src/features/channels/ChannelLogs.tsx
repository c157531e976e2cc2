import { DownloadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Flex, Segmented, Table, Tabs, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n.ts';
import { dateTime, fromNow } from '../../shared/format.ts';
import { PageState } from '../../shared/PageState.tsx';
import { usePagedLog, type PagedLog } from '../../shared/usePagedLog.ts';
import { channelsApi, type EmailInbound, type SmsMessage, type SmsReply } from './channelsApi.ts';

const OUTCOME_COLOR = { created: 'green', continued: 'blue', duplicate: 'default', refused: 'red', ignored: 'orange', opted_out: 'purple' } as const;
const SMS_BADGE = {
  queued: 'processing',
  sending: 'processing',
  sent: 'default',
  delivered: 'success',
  undelivered: 'error',
  failed: 'error',
} as const;

/** The channels' logs, newest first: mail received (and why some was not taken), texts sent, replies received. */
export function ChannelLogs() {
  const { t } = useI18n();
  return (
    <Card>
      <Tabs
        items={[
          { key: 'email', label: t('channels.log.email'), children: <EmailInboundLog /> },
          { key: 'sms', label: t('channels.log.sms'), children: <SmsMessageLog /> },
          { key: 'replies', label: t('channels.log.replies'), children: <SmsReplyLog /> },
        ]}
      />
    </Card>
  );
}

function When({ at }: { at: string }) {
  return <Tooltip title={dateTime(at)}>{fromNow(at)}</Tooltip>;
}

function TicketLink({ id }: { id: number | null }) {
  const { t } = useI18n();
  return id ? <Link to={`/tickets/${id}`}>{t('channels.log.ticket', { id })}</Link> : <span className="kefu-muted">—</span>;
}

function LogTable<T extends { id: number }>({ log, columns, testId }: { log: PagedLog<T>; columns: TableProps<T>['columns']; testId: string }) {
  const { t } = useI18n();
  if (log.error && !log.rows.length) return <PageState error={log.error} onRetry={log.reload} />;
  return (
    <>
      <Table<T>
        rowKey="id"
        size="small"
        loading={log.loading && !log.rows.length}
        columns={columns}
        dataSource={log.rows}
        pagination={false}
        locale={{ emptyText: t('channels.log.empty') }}
        data-testid={testId}
      />
      {log.more && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={log.loadMore} loading={log.loading}>
            {t('channels.log.more')}
          </Button>
        </Flex>
      )}
    </>
  );
}

function Filter<K extends string>({
  value,
  onChange,
  keys,
  label,
}: {
  value: K | 'all';
  onChange(v: K | 'all'): void;
  keys: readonly K[];
  label(k: K): string;
}) {
  const { t } = useI18n();
  return (
    <Segmented<K | 'all'>
      value={value}
      onChange={onChange}
      style={{ marginBottom: 12 }}
      options={[{ value: 'all' as const, label: t('channels.log.all') }, ...keys.map((k) => ({ value: k, label: label(k) }))]}
    />
  );
}

function EmailInboundLog() {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<EmailInbound['outcome'] | 'all'>('all');
  const log = usePagedLog((before) => channelsApi.emailInbound(outcome === 'all' ? undefined : outcome, before), [outcome]);
  const columns: TableProps<EmailInbound>['columns'] = [
    { title: t('channels.log.at'), key: 'at', width: 110, render: (_, r) => <When at={r.receivedAt} /> },
    {
      title: t('channels.log.from'),
      key: 'from',
      width: 230,
      render: (_, r) => (
        <span className="kefu-mono" style={{ wordBreak: 'break-all' }}>
          {r.from ?? r.envelopeFrom ?? '—'}
        </span>
      ),
    },
    { title: t('channels.log.subject'), key: 'subject', render: (_, r) => r.subject ?? <span className="kefu-muted">—</span> },
    {
      title: t('channels.log.outcome'),
      key: 'outcome',
      width: 260,
      render: (_, r) => (
        <div>
          <Tag color={OUTCOME_COLOR[r.outcome]}>{t(`channels.outcome.${r.outcome}`)}</Tag>
          {r.reason && (
            <div className="kefu-muted" style={{ fontSize: 12 }}>
              {r.reason}
            </div>
          )}
        </div>
      ),
    },
    {
      title: '',
      key: 'open',
      width: 130,
      render: (_, r) =>
        r.quarantined ? (
          <a href={channelsApi.rawUrl(r.id)} download data-testid="email-raw">
            <DownloadOutlined /> {t('channels.log.raw')}
          </a>
        ) : (
          <TicketLink id={r.ticketId} />
        ),
    },
  ];
  return (
    <>
      <Filter<EmailInbound['outcome']>
        value={outcome}
        onChange={setOutcome}
        keys={['created', 'continued', 'ignored', 'refused', 'duplicate'] as const}
        label={(k) => t(`channels.outcome.${k}`)}
      />
      <LogTable log={log} columns={columns} testId="email-inbound-table" />
    </>
  );
}

function SmsMessageLog() {
  const { t } = useI18n();
  const [status, setStatus] = useState<SmsMessage['status'] | 'all'>('all');
  const log = usePagedLog((before) => channelsApi.smsMessages(status === 'all' ? undefined : status, before), [status]);
  const columns: TableProps<SmsMessage>['columns'] = [
    { title: t('channels.log.at'), key: 'at', width: 110, render: (_, r) => <When at={r.createdAt} /> },
    { title: t('channels.log.phone'), key: 'phone', width: 130, render: (_, r) => <span className="kefu-mono">{r.phone}</span> },
    { title: t('channels.log.kind'), key: 'kind', width: 90, render: (_, r) => t(`channels.sms.template.${r.kind}`) },
    {
      title: t('channels.log.text'),
      key: 'text',
      render: (_, r) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.text }} style={{ margin: 0 }}>
          {r.text}
        </Typography.Paragraph>
      ),
    },
    {
      title: t('channels.log.status'),
      key: 'status',
      width: 220,
      render: (_, r) => (
        <div>
          <Badge status={SMS_BADGE[r.status]} text={t(`channels.smsStatus.${r.status}`)} />
          {r.attempts > 1 && <span className="kefu-muted"> · {t('channels.log.attempts', { n: r.attempts })}</span>}
          {r.error && (
            <div className="kefu-muted" style={{ fontSize: 12, wordBreak: 'break-all' }}>
              {r.error}
            </div>
          )}
        </div>
      ),
    },
    { title: '', key: 'ticket', width: 110, render: (_, r) => <TicketLink id={r.ticketId} /> },
  ];
  return (
    <>
      <Filter<SmsMessage['status']>
        value={status}
        onChange={setStatus}
        keys={['queued', 'sent', 'delivered', 'undelivered', 'failed'] as const}
        label={(k) => t(`channels.smsStatus.${k}`)}
      />
      <LogTable log={log} columns={columns} testId="sms-message-table" />
    </>
  );
}

function SmsReplyLog() {
  const { t } = useI18n();
  const log = usePagedLog((before) => channelsApi.smsReplies(before), []);
  const columns: TableProps<SmsReply>['columns'] = [
    { title: t('channels.log.at'), key: 'at', width: 110, render: (_, r) => <When at={r.receivedAt} /> },
    { title: t('channels.log.phone'), key: 'phone', width: 130, render: (_, r) => <span className="kefu-mono">{r.phone}</span> },
    { title: t('channels.log.content'), key: 'content', render: (_, r) => r.content },
    {
      title: t('channels.log.outcome'),
      key: 'outcome',
      width: 200,
      render: (_, r) => (
        <div>
          <Tag color={OUTCOME_COLOR[r.outcome]}>{t(`channels.outcome.${r.outcome}`)}</Tag>
          {r.reason && (
            <div className="kefu-muted" style={{ fontSize: 12 }}>
              {r.reason}
            </div>
          )}
        </div>
      ),
    },
    { title: '', key: 'ticket', width: 110, render: (_, r) => <TicketLink id={r.ticketId} /> },
  ];
  return <LogTable log={log} columns={columns} testId="sms-reply-table" />;
}
