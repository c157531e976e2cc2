import { ShopOutlined } from '@ant-design/icons';
import { Badge, Card, Space, Table, Tooltip, Typography } from 'antd';
import { enumLabel, useI18n } from '../../i18n.ts';
import { dateTime, fromNow } from '../../shared/format.ts';
import { HEALTH_BADGE, type Channels } from './channelsApi.ts';

type Marketplace = Channels['marketplaces'][number];

/**
 * The marketplaces' own chats (千牛, 京麦, 拼多多): per platform, how its messages reach kefu, whether that works
 * (the last poll, the socket, refused pushes and why), the last day's messages and the answers still to go back.
 */
export function MarketplaceCard({ data, loading }: { data: Channels | undefined; loading: boolean }) {
  const { t } = useI18n();
  const none = t('channels.notSet');
  return (
    <Card
      loading={loading}
      title={
        <Space>
          <ShopOutlined />
          {t('channels.im')}
        </Space>
      }
    >
      <Table<Marketplace>
        rowKey="platform"
        size="small"
        pagination={false}
        dataSource={data?.marketplaces ?? []}
        scroll={{ x: 900 }}
        onRow={(m) => ({ 'data-testid': `im-${m.platform}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('channels.im.platform'),
            dataIndex: 'platform',
            width: 110,
            render: (p: string) => <strong>{enumLabel(t, 'channel', p)}</strong>,
          },
          {
            title: t('channels.im.health'),
            width: 170,
            render: (_, m) => (
              <span data-testid={`channel-health-${m.platform}`} data-health={m.health}>
                <Badge status={HEALTH_BADGE[m.health]} text={t(`channels.im.health.${m.health}`)} />
                {m.health === 'failing' && m.detail && (
                  <div className="kefu-danger" style={{ fontSize: 12 }}>
                    {m.detail}
                  </div>
                )}
              </span>
            ),
          },
          { title: t('channels.im.delivery'), width: 150, render: (_, m) => t(`channels.im.delivery.${m.delivery}`) },
          {
            title: t('channels.im.appKey'),
            width: 120,
            render: (_, m) => (m.appKey ? <span className="kefu-mono">{m.appKey}</span> : <Typography.Text type="secondary">{none}</Typography.Text>),
          },
          {
            title: t('channels.im.last24h'),
            width: 130,
            render: (_, m) => t('channels.im.last24hValue', { messages: m.last24h.messages, conversations: m.last24h.conversations }),
          },
          {
            title: t('channels.im.outbound'),
            width: 130,
            render: (_, m) =>
              m.outbound.waiting === 0 ? (
                t('channels.im.outboundNone')
              ) : (
                <Tooltip title={m.outbound.lastError ?? undefined}>
                  <span className={m.outbound.retrying ? 'kefu-danger' : undefined}>
                    {t('channels.im.outboundValue', { waiting: m.outbound.waiting, retrying: m.outbound.retrying })}
                  </span>
                </Tooltip>
              ),
          },
          {
            title: t('channels.lastReceived'),
            width: 110,
            render: (_, m) => (m.lastReceivedAt ? <Tooltip title={dateTime(m.lastReceivedAt)}>{fromNow(m.lastReceivedAt)}</Tooltip> : '—'),
          },
          {
            title: t('channels.im.refused'),
            render: (_, m) =>
              m.lastRefusal ? (
                <Tooltip title={dateTime(m.lastRefusal.at)}>
                  <span style={{ fontSize: 12 }}>
                    {t('channels.im.refusedValue', { n: m.sinceStart.refused })} <span className="kefu-mono">{m.lastRefusal.reason}</span>
                  </span>
                </Tooltip>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}
