import { Card, List, Space, Tag, Typography } from 'antd';
import { enumLabel, useI18n } from '../../i18n.ts';
import { yuan } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { careApi } from './careApi.ts';

const STATE_COLORS: Record<string, string> = { valid: 'green', used: 'blue', expired: 'default' };
const chinaDay = (at: string) => new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** A customer's coupons for the customer page: code, amount, where it came from, and whether it was used. */
export function CouponsPanel({ customerId }: { customerId: number }) {
  const { t } = useI18n();
  const data = useAsync(() => careApi.customerCoupons(customerId), [customerId]);
  return (
    <Card size="small" title={t('coupons.panel.title')} data-testid="coupons-panel">
      {!data.data ? (
        <PageState loading={data.loading} error={data.error} onRetry={data.reload} />
      ) : (
        <List
          size="small"
          dataSource={data.data.coupons}
          locale={{ emptyText: t('coupons.panel.empty') }}
          renderItem={(c) => (
            <List.Item>
              <Space direction="vertical" size={0} style={{ width: '100%' }}>
                <Space wrap>
                  <Typography.Text strong>{yuan(c.amountFen)}</Typography.Text>
                  <Typography.Text>{c.name}</Typography.Text>
                  <Tag color={STATE_COLORS[c.state]}>{enumLabel(t, 'coupons.state', c.state)}</Tag>
                  <Tag>{enumLabel(t, 'coupons.source', c.source)}</Tag>
                </Space>
                <Typography.Text type="secondary" className="kefu-small">
                  {t('coupons.panel.code')}{' '}
                  <Typography.Text code copyable>
                    {c.code}
                  </Typography.Text>
                  {c.thresholdFen ? ` · ${t('coupons.threshold.from', { amount: yuan(c.thresholdFen) })}` : ''} ·{' '}
                  {c.orderNo ? t('coupons.panel.usedOn', { orderNo: c.orderNo }) : t('coupons.panel.expires', { day: chinaDay(c.expiresAt) })}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
