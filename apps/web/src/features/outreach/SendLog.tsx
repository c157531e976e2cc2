import { OUTREACH_CHANNELS, OUTREACH_PURPOSES } from '@kefu/domain';
import { Button, Card, Col, Flex, InputNumber, Row, Select, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { enumLabel, useI18n } from '../../i18n.ts';
import { dateTime } from '../../shared/format.ts';
import { PageState } from '../../shared/PageState.tsx';
import { outreachApi, type LogFilters, type OutreachLog, type OutreachSend } from './outreachApi.ts';

const STATES = ['queued', 'sent', 'skipped', 'failed', 'cancelled'] as const;
const STATE_COLOR: Record<string, string> = { queued: 'processing', sent: 'success', skipped: 'default', failed: 'error', cancelled: 'warning' };

/** The send log with its filters and the counts of what went out and what did not, by reason. */
export function SendLog() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<LogFilters>({});
  const [log, setLog] = useState<OutreachLog | null>(null);
  const [rows, setRows] = useState<OutreachSend[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  async function load(before?: number) {
    setLoading(true);
    setError(null);
    try {
      const page = await outreachApi.sends({ ...filters, before, limit: 50 });
      setLog(page);
      setRows((old) => (before ? [...old, ...page.sends] : page.sends));
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  }
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filters]);

  const set = (patch: LogFilters) => setFilters((f) => ({ ...f, ...patch }));
  const counts = log?.counts;
  const skipped = counts ? Object.values(counts.skipped).reduce((a, b) => a + b, 0) : 0;

  return (
    <div>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="outreach-counts">
        {(['sent', 'queued', 'failed', 'cancelled'] as const).map((k) => (
          <Col key={k} xs={12} md={4}>
            <Card size="small">
              <Statistic title={t(`outreach.count.${k}`)} value={counts?.[k] ?? 0} />
            </Card>
          </Col>
        ))}
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={t('outreach.count.skipped')} value={skipped} />
            <Flex gap={4} wrap style={{ marginTop: 4 }}>
              {Object.entries(counts?.skipped ?? {}).map(([reason, n]) => (
                <Tag key={reason}>
                  {enumLabel(t, 'outreach.reason', reason)} {n}
                </Tag>
              ))}
            </Flex>
          </Card>
        </Col>
      </Row>
      <Flex gap={12} wrap className="kefu-filters" style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('outreach.filter.purpose')}
          style={{ width: 140 }}
          onChange={(purpose?: string) => set({ purpose })}
          options={OUTREACH_PURPOSES.map((p) => ({ value: p, label: t(`outreach.purpose.${p}`) }))}
          data-testid="outreach-filter-purpose"
        />
        <Select
          allowClear
          placeholder={t('outreach.filter.channel')}
          style={{ width: 130 }}
          onChange={(channel?: string) => set({ channel })}
          options={OUTREACH_CHANNELS.map((c) => ({ value: c, label: t(`outreach.channel.${c}`) }))}
        />
        <Select
          allowClear
          placeholder={t('outreach.filter.state')}
          style={{ width: 130 }}
          onChange={(state?: string) => set({ state })}
          options={STATES.map((s) => ({ value: s, label: t(`outreach.state.${s}`) }))}
          data-testid="outreach-filter-state"
        />
        <InputNumber
          placeholder={t('outreach.filter.customer')}
          min={1}
          precision={0}
          style={{ width: 140 }}
          onChange={(v) => set({ customerId: typeof v === 'number' ? v : undefined })}
        />
      </Flex>
      {error && !rows.length ? (
        <PageState error={error} onRetry={() => void load()} />
      ) : (
        <Table<OutreachSend>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: t('outreach.empty') }}
          data-testid="outreach-log"
          columns={[
            {
              title: t('outreach.col.customer'),
              key: 'customer',
              width: 140,
              render: (_, r) => <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link>,
            },
            { title: t('outreach.col.purpose'), key: 'purpose', width: 110, render: (_, r) => t(`outreach.purpose.${r.purpose}`) },
            {
              title: t('outreach.col.channel'),
              key: 'channel',
              width: 100,
              render: (_, r) => (r.channel ? t(`outreach.channel.${r.channel}`) : '—'),
            },
            {
              title: t('outreach.col.message'),
              key: 'message',
              render: (_, r) => (
                <div>
                  <Typography.Text strong>{r.title}</Typography.Text>
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: r.body }} style={{ margin: 0 }}>
                    {r.body}
                  </Typography.Paragraph>
                </div>
              ),
            },
            {
              title: t('outreach.col.state'),
              key: 'state',
              width: 170,
              render: (_, r) => (
                <Tooltip title={r.reason ? enumLabel(t, 'outreach.reason', r.reason) : undefined}>
                  <Tag color={STATE_COLOR[r.state]}>{t(`outreach.state.${r.state}`)}</Tag>
                  {r.reason && (
                    <Typography.Text type="secondary" className="kefu-small">
                      {enumLabel(t, 'outreach.reason', r.reason)}
                    </Typography.Text>
                  )}
                </Tooltip>
              ),
            },
            { title: t('outreach.col.sendAt'), key: 'sendAt', width: 150, render: (_, r) => dateTime(r.sendAt) },
            { title: t('outreach.col.sentAt'), key: 'sentAt', width: 150, render: (_, r) => (r.sentAt ? dateTime(r.sentAt) : '—') },
          ]}
        />
      )}
      {log?.nextBefore && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void load(log.nextBefore ?? undefined)} loading={loading}>
            {t('outreach.more')}
          </Button>
        </Flex>
      )}
    </div>
  );
}
