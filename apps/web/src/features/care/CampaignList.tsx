import { HOLIDAYS, type HolidayKey } from '@kefu/domain';
import { Button, Flex, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { enumLabel, useI18n } from '../../i18n.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { yuan } from '../../shared/format.ts';
import { CampaignModal } from './CampaignModal.tsx';
import { careApi, type CareCampaign } from './careApi.ts';

/** The campaigns, one row per occasion: when it is sent, to whom, with which coupon; switched on and off in place. */
export function CampaignList() {
  const { t } = useI18n();
  const data = useAsync(() => Promise.all([careApi.campaigns(), careApi.coupons()]), []);
  const [editing, setEditing] = useState<CareCampaign | 'new' | null>(null);
  if (!data.data) return <PageState loading={data.loading} error={data.error} onRetry={data.reload} />;
  const [{ campaigns }, { coupons }] = data.data;
  const couponName = (id: number | null) => {
    const c = coupons.find((x) => x.id === id);
    return c ? `${c.name} · ${yuan(c.amountFen)}` : null;
  };

  async function toggle(c: CareCampaign, enabled: boolean) {
    await careApi.changeCampaign(c.id, { version: c.version, enabled });
    data.reload();
  }

  return (
    <div style={{ maxWidth: 1100 }}>
      <Flex justify="end" style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="care-new">
          {t('care.new')}
        </Button>
      </Flex>
      <Table<CareCampaign>
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={campaigns}
        columns={[
          {
            title: t('care.col.name'),
            render: (_, c) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{c.name}</Typography.Text>
                <Typography.Text type="secondary" className="kefu-small" ellipsis style={{ maxWidth: 360 }}>
                  {c.title}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('care.col.occasion'),
            render: (_, c) => (
              <Space size={4}>
                <Tag color="orange">{enumLabel(t, 'care.occasion', c.occasion)}</Tag>
                {c.holiday && <Tag>{HOLIDAYS[c.holiday as HolidayKey].name}</Tag>}
                {c.eventMonthDay && <Tag>{c.eventMonthDay}</Tag>}
              </Space>
            ),
          },
          {
            title: t('care.col.when'),
            render: (_, c) =>
              c.nextDay
                ? t('care.when.next', { day: c.nextDay })
                : c.daysAhead
                  ? t('care.when.daily', { days: c.daysAhead })
                  : t('care.when.sameDay'),
          },
          {
            title: t('care.col.segments'),
            render: (_, c) => (c.segments.length ? c.segments.map((s) => <Tag key={s}>{enumLabel(t, 'segment', s)}</Tag>) : t('care.segments.all')),
          },
          {
            title: t('care.col.coupon'),
            render: (_, c) => couponName(c.couponDefinitionId) ?? <Typography.Text type="secondary">{t('care.coupon.none')}</Typography.Text>,
          },
          {
            title: t('care.col.enabled'),
            width: 80,
            render: (_, c) => (
              <Switch size="small" checked={c.enabled} onChange={(on) => void toggle(c, on)} aria-label={`${c.name} ${t('care.col.enabled')}`} />
            ),
          },
          {
            width: 80,
            render: (_, c) => (
              <Button type="link" onClick={() => setEditing(c)}>
                {t('care.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <CampaignModal
          campaign={editing === 'new' ? null : editing}
          coupons={coupons}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            data.reload();
          }}
        />
      )}
    </div>
  );
}
