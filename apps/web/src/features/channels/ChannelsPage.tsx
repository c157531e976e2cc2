import { MailOutlined, MessageOutlined, ReloadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Col, Descriptions, Flex, Row, Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n.ts';
import { dateTime, fromNow } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { ChannelLogs } from './ChannelLogs.tsx';
import { channelsApi, HEALTH_BADGE, type Channels } from './channelsApi.ts';
import { MarketplaceCard } from './MarketplaceCard.tsx';

type Health = keyof typeof HEALTH_BADGE;

/**
 * 渠道: how shoppers reach the shop besides the web widget — e-mail in and out, SMS, the marketplaces' chats — set up from the environment
 * (docs/channels.md). An admin sees whether each works, the last day's figures, and the logs behind them.
 */
export function ChannelsPage() {
  const { t } = useI18n();
  const result = useAsync(() => channelsApi.overview(), []);
  const data = result.data;
  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex justify="space-between" align="baseline" wrap gap={8}>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('channels.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('channels.hint')}</Typography.Text>
          </div>
          <Button icon={<ReloadOutlined />} onClick={result.reload} aria-label={t('channels.refresh')} />
        </Flex>
      </Card>
      {result.error && !data ? (
        <PageState error={result.error} onRetry={result.reload} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <EmailCard data={data} loading={result.loading && !data} />
          </Col>
          <Col xs={24} xl={12}>
            <SmsCard data={data} loading={result.loading && !data} />
          </Col>
          <Col span={24}>
            <MarketplaceCard data={data} loading={result.loading && !data} />
          </Col>
        </Row>
      )}
      <ChannelLogs />
    </Flex>
  );
}

function HealthBadge({ health, channel }: { health: Health; channel: 'email' | 'sms' }) {
  const { t } = useI18n();
  return (
    <span data-testid={`channel-health-${channel}`} data-health={health}>
      <Badge status={HEALTH_BADGE[health]} text={t(`channels.health.${channel}.${health}`)} />
    </span>
  );
}

function Figures({ items }: { items: { key: string; label: string; value: number; danger?: boolean }[] }) {
  return (
    <Flex gap={28} wrap style={{ marginTop: 12 }}>
      {items.map((i) => (
        <Statistic
          key={i.key}
          title={i.label}
          value={i.value}
          valueStyle={i.danger && i.value > 0 ? { color: '#cf1322' } : undefined}
          data-testid={`figure-${i.key}`}
        />
      ))}
    </Flex>
  );
}

function ChannelCard({
  icon,
  title,
  extra,
  loading,
  children,
}: {
  icon: ReactNode;
  title: string;
  extra: ReactNode;
  loading: boolean;
  children: ReactNode;
}) {
  return (
    <Card
      loading={loading}
      title={
        <Space>
          {icon}
          {title}
        </Space>
      }
      extra={extra}
      style={{ height: '100%' }}
    >
      {children}
    </Card>
  );
}

function EmailCard({ data, loading }: { data: Channels | undefined; loading: boolean }) {
  const { t } = useI18n();
  const email = data?.email;
  const none = t('channels.notSet');
  return (
    <ChannelCard
      icon={<MailOutlined />}
      title={t('channels.email')}
      loading={loading}
      extra={email && <HealthBadge channel="email" health={email.health} />}
    >
      {email && (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('channels.email.addresses')}>
              {email.inbound.addresses.length ? email.inbound.addresses.map((a) => <Tag key={a}>{a}</Tag>) : none}
            </Descriptions.Item>
            <Descriptions.Item label={t('channels.email.endpoint')}>
              {email.inbound.port === null ? t('channels.email.endpointOff') : t('channels.email.port', { port: email.inbound.port })}
            </Descriptions.Item>
            <Descriptions.Item label={t('channels.email.limits')}>
              {t('channels.email.limitsValue', { mb: email.inbound.maxMb, n: email.inbound.perSenderPerMinute })}
            </Descriptions.Item>
            <Descriptions.Item label={t('channels.email.outbound')}>
              {email.outbound.enabled ? (
                <span className="kefu-mono">{email.outbound.from}</span>
              ) : (
                <Typography.Text type="secondary">{t('channels.email.outboundOff')}</Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('channels.lastReceived')}>
              {email.inbound.lastReceivedAt ? (
                <Tooltip title={dateTime(email.inbound.lastReceivedAt)}>{fromNow(email.inbound.lastReceivedAt)}</Tooltip>
              ) : (
                none
              )}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12 }}>
            {t('channels.last24h')}
          </Typography.Text>
          <Figures
            items={[
              { key: 'email-created', label: t('channels.email.created'), value: email.inbound.last24h.created },
              { key: 'email-continued', label: t('channels.email.continued'), value: email.inbound.last24h.continued },
              { key: 'email-ignored', label: t('channels.email.ignored'), value: email.inbound.last24h.ignored },
              { key: 'email-refused', label: t('channels.email.refused'), value: email.inbound.last24h.refused, danger: true },
              { key: 'email-out-failed', label: t('channels.email.outFailed'), value: email.outbound.failed24h, danger: true },
            ]}
          />
        </>
      )}
    </ChannelCard>
  );
}

function SmsCard({ data, loading }: { data: Channels | undefined; loading: boolean }) {
  const { t } = useI18n();
  const sms = data?.sms;
  const none = t('channels.notSet');
  return (
    <ChannelCard
      icon={<MessageOutlined />}
      title={t('channels.sms')}
      loading={loading}
      extra={sms && <HealthBadge channel="sms" health={sms.health} />}
    >
      {sms && (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('channels.sms.provider')}>{t(`channels.sms.provider.${sms.provider}`)}</Descriptions.Item>
            <Descriptions.Item label={t('channels.sms.signName')}>{sms.signName ? `【${sms.signName}】` : none}</Descriptions.Item>
            <Descriptions.Item label={t('channels.sms.templates')}>
              <Space wrap size={4}>
                {(['verification', 'notice', 'reply'] as const).map((k) => (
                  <Tag key={k}>
                    {t(`channels.sms.template.${k}`)} <span className="kefu-mono">{sms.templates[k] ?? '—'}</span>
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('channels.sms.callbacks')}>
              {sms.callbacks ? t('channels.sms.callbacksOn') : <Typography.Text type="warning">{t('channels.sms.callbacksOff')}</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('channels.lastSent')}>
              {sms.lastSentAt ? <Tooltip title={dateTime(sms.lastSentAt)}>{fromNow(sms.lastSentAt)}</Tooltip> : none}
              {sms.lastError && (
                <div className="kefu-danger" style={{ fontSize: 12 }} data-testid="sms-last-error">
                  {sms.lastError}
                </div>
              )}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12 }}>
            {t('channels.last24h')}
          </Typography.Text>
          <Figures
            items={[
              { key: 'sms-sent', label: t('channels.sms.sent'), value: sms.last24h.sent + sms.last24h.delivered + sms.last24h.undelivered },
              { key: 'sms-delivered', label: t('channels.sms.delivered'), value: sms.last24h.delivered },
              { key: 'sms-failed', label: t('channels.sms.failed'), value: sms.last24h.failed + sms.last24h.undelivered, danger: true },
              { key: 'sms-replies', label: t('channels.sms.replies'), value: sms.last24h.replies },
              { key: 'sms-opt-outs', label: t('channels.sms.optOuts'), value: sms.last24h.optOuts },
            ]}
          />
        </>
      )}
    </ChannelCard>
  );
}
