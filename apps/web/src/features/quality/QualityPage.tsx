import { Badge, Card, DatePicker, Flex, Select, Space, Switch, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAsync, useDirectory } from '../../shared/hooks.ts';
import { dayjs } from '../../shared/format.ts';
import { useI18n } from '../../i18n.ts';
import { InspectionTable } from './InspectionTable.tsx';
import { dayRange, lastDays } from './dates.ts';
import { qualityApi, type InspectionQuery } from './qualityApi.ts';
import { SummaryTab } from './SummaryTab.tsx';
import './quality.css';

const TABS = ['review', 'appeals', 'all', 'summary'] as const;
type TabKey = (typeof TABS)[number];

/** 质检 (supervisors, admins): the review queue, appeals to decide, every inspection with filters, and the per-agent summary. */
export function QualityPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab: TabKey = TABS.includes(params.get('tab') as TabKey) ? (params.get('tab') as TabKey) : 'review';
  const counts = useAsync(
    () =>
      Promise.all([
        qualityApi.inspections({ sampled: true, reviewed: false, pageSize: 1 }),
        qualityApi.inspections({ appeal: 'pending', pageSize: 1 }),
      ]).then(([review, appeals]) => ({ review: review.total, appeals: appeals.total })),
    [tab],
  );

  const items = [
    {
      key: 'review',
      label: (
        <Space size={6}>
          {t('quality.tab.review')}
          <Badge count={counts.data?.review ?? 0} size="small" />
        </Space>
      ),
      children: <InspectionTable query={{ sampled: true, reviewed: false }} testId="quality-review-queue" emptyText={t('quality.queue.empty')} />,
    },
    {
      key: 'appeals',
      label: (
        <Space size={6}>
          {t('quality.tab.appeals')}
          <Badge count={counts.data?.appeals ?? 0} size="small" />
        </Space>
      ),
      children: <InspectionTable query={{ appeal: 'pending' }} testId="quality-appeals" emptyText={t('quality.appeals.empty')} />,
    },
    { key: 'all', label: t('quality.tab.all'), children: <AllInspections /> },
    { key: 'summary', label: t('quality.tab.summary'), children: <SummaryTab /> },
  ];

  return (
    <div>
      <div style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('quality.title')}
        </Typography.Title>
        <Typography.Text type="secondary" className="kefu-small">
          {t('quality.hint')}
        </Typography.Text>
      </div>
      <Card size="small">
        <Tabs activeKey={tab} items={items} onChange={(key) => setParams({ tab: key }, { replace: true })} destroyOnHidden />
      </Card>
    </div>
  );
}

/** 全部质检: by agent, days, fatal only, sampled only. */
function AllInspections() {
  const { t } = useI18n();
  const { users } = useDirectory();
  const [agentId, setAgentId] = useState<number | undefined>();
  const [days, setDays] = useState<[string, string]>(lastDays(30));
  const [fatal, setFatal] = useState(false);
  const [sampled, setSampled] = useState(false);
  const query = useMemo<InspectionQuery>(
    () => ({ agentId, ...dayRange(days[0], days[1]), fatal: fatal || undefined, sampled: sampled || undefined }),
    [agentId, days, fatal, sampled],
  );
  const agents = users.filter((u) => ['agent', 'supervisor', 'admin'].includes(u.role));

  return (
    <div>
      <Flex gap={16} wrap align="center" className="kefu-filters">
        <Select
          allowClear
          placeholder={t('quality.filter.agent')}
          style={{ width: 160 }}
          value={agentId}
          onChange={setAgentId}
          options={agents.map((u) => ({ value: u.id, label: u.displayName }))}
          data-testid="quality-filter-agent"
        />
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(days[0]), dayjs(days[1])]}
          onChange={(v) => v?.[0] && v[1] && setDays([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])}
        />
        <Space size={6}>
          <Switch size="small" checked={fatal} onChange={setFatal} />
          {t('quality.filter.fatal')}
        </Space>
        <Space size={6}>
          <Switch size="small" checked={sampled} onChange={setSampled} />
          {t('quality.filter.sampled')}
        </Space>
      </Flex>
      <InspectionTable query={query} testId="quality-all" emptyText={t('quality.all.empty')} />
    </div>
  );
}
