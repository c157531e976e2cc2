import { FileExcelOutlined, SettingOutlined } from '@ant-design/icons';
import { CSAT_GOAL, SURVEY_KINDS, type SurveyKind } from '@kefu/domain';
import { Button, Card, Col, DatePicker, Flex, Progress, Row, Segmented, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useAuth } from '../../auth.tsx';
import { enumLabel, useI18n } from '../../i18n.ts';
import { useAsync, useDirectory } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { SurveyComments } from './SurveyComments.tsx';
import { SurveySettingsModal } from './SurveySettingsModal.tsx';
import { exportUrl, percent, surveysApi, type SurveyFilters, type SurveySummary } from './surveysApi.ts';

type Period = 'day' | 'week' | 'month';
type Counts = SurveySummary['total'];
/** Today in China time (the shop's calendar), whatever the browser's time zone. */
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** 满意度调查 (supervisors, admins): response rate, score distribution and CSAT against the 90% goal, the comments. */
export function SurveysPage() {
  const { t } = useI18n();
  const admin = useAuth().user.role === 'admin';
  const { users } = useDirectory();
  const [days, setDays] = useState<[string, string]>(() => [dayjs(chinaToday()).subtract(29, 'day').format('YYYY-MM-DD'), chinaToday()]);
  const [kind, setKind] = useState<SurveyKind | undefined>();
  const [channel, setChannel] = useState<SurveyFilters['channel']>();
  const [agentId, setAgentId] = useState<number | undefined>();
  const [period, setPeriod] = useState<Period>('week');
  const [editing, setEditing] = useState(false);
  const filters = useMemo<SurveyFilters>(() => ({ from: days[0], to: days[1], kind, channel, agentId }), [days, kind, channel, agentId]);
  const summary = useAsync(() => surveysApi.summary(filters, period), [filters, period]);
  const settings = useAsync(() => surveysApi.settings(), [editing]);

  return (
    <div>
      <Flex justify="space-between" align="baseline" wrap gap={8} style={{ marginBottom: 16 }}>
        <div style={{ maxWidth: 760 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('surveys.title')}
          </Typography.Title>
          <Typography.Text type="secondary" className="kefu-small">
            {t('surveys.hint', { goal: percent(CSAT_GOAL) })}
          </Typography.Text>
        </div>
        <Space>
          <Button href={exportUrl(filters)} icon={<FileExcelOutlined />} data-testid="surveys-export">
            {t('surveys.export')}
          </Button>
          {admin && settings.data && (
            <Button icon={<SettingOutlined />} onClick={() => setEditing(true)} data-testid="surveys-settings">
              {t('surveys.settings')}
            </Button>
          )}
        </Space>
      </Flex>
      <Flex gap={12} wrap align="center" className="kefu-filters" style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(days[0]), dayjs(days[1])]}
          onChange={(v) => v?.[0] && v[1] && setDays([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])}
        />
        <Select
          allowClear
          placeholder={t('surveys.filter.kind')}
          style={{ width: 130 }}
          value={kind}
          onChange={setKind}
          options={SURVEY_KINDS.map((k) => ({ value: k, label: t(`surveys.kind.${k}`) }))}
          data-testid="surveys-filter-kind"
        />
        <Select
          allowClear
          placeholder={t('surveys.filter.channel')}
          style={{ width: 130 }}
          value={channel}
          onChange={setChannel}
          options={(['chat', 'email', 'sms'] as const).map((c) => ({ value: c, label: t(`surveys.channel.${c}`) }))}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('surveys.filter.agent')}
          style={{ width: 150 }}
          value={agentId}
          onChange={setAgentId}
          options={users.filter((u) => ['agent', 'supervisor', 'admin'].includes(u.role)).map((u) => ({ value: u.id, label: u.displayName }))}
        />
      </Flex>
      {!summary.data ? (
        <PageState loading={summary.loading} error={summary.error} onRetry={summary.reload} />
      ) : (
        <Figures summary={summary.data} period={period} onPeriod={setPeriod} />
      )}
      <Card size="small" title={t('surveys.comments')} style={{ marginTop: 16 }}>
        <SurveyComments filters={filters} />
      </Card>
      {editing && settings.data && <SurveySettingsModal current={settings.data} onClose={() => setEditing(false)} />}
    </div>
  );
}

function Figures({ summary, period, onPeriod }: { summary: SurveySummary; period: Period; onPeriod(p: Period): void }) {
  const { t } = useI18n();
  const { total, distribution, goal } = summary;
  const answers = distribution.reduce((a, b) => a + b, 0);
  const met = total.csat === null ? null : total.csat >= goal;
  const breakdown = (rows: (Counts & { key: string })[], label: (key: string) => string) => (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: t('surveys.kpi.none') }}
      columns={[
        { title: t('surveys.col.key'), dataIndex: 'key', render: (k: string) => label(k) },
        { title: t('surveys.col.sent'), dataIndex: 'sent', align: 'right' },
        { title: t('surveys.col.answered'), dataIndex: 'answered', align: 'right' },
        { title: t('surveys.col.expired'), dataIndex: 'expired', align: 'right' },
        { title: t('surveys.col.responseRate'), dataIndex: 'responseRate', align: 'right', render: percent },
        {
          title: t('surveys.col.csat'),
          dataIndex: 'csat',
          align: 'right',
          render: (v: number | null) => <span style={{ color: v !== null && v < goal ? '#cf1322' : undefined }}>{percent(v)}</span>,
        },
      ]}
    />
  );
  return (
    <>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card size="small" data-testid="surveys-csat">
            <Statistic
              title={t('surveys.kpi.csat')}
              value={percent(total.csat)}
              valueStyle={{ color: met === false ? '#cf1322' : met ? '#389e0d' : undefined }}
            />
            <Space>
              <Typography.Text type="secondary">{t('surveys.kpi.goal', { goal: percent(goal) })}</Typography.Text>
              {met !== null && <Tag color={met ? 'success' : 'error'}>{t(met ? 'surveys.kpi.met' : 'surveys.kpi.missed')}</Tag>}
            </Space>
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" data-testid="surveys-response">
            <Statistic title={t('surveys.kpi.responseRate')} value={percent(total.responseRate)} />
            <Typography.Text type="secondary">
              {t('surveys.kpi.answered')} {total.answered} / {t('surveys.kpi.sent')} {total.sent}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small">
            <Flex justify="space-between">
              <Statistic title={t('surveys.kpi.sent')} value={total.sent} />
              <Statistic title={t('surveys.kpi.answered')} value={total.answered} />
              <Statistic title={t('surveys.kpi.expired')} value={total.expired} />
              <Statistic title={t('surveys.kpi.skipped')} value={total.skipped} />
            </Flex>
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('surveys.distribution')} style={{ height: '100%' }} data-testid="surveys-distribution">
            {[5, 4, 3, 2, 1].map((score) => {
              const n = distribution[score - 1] ?? 0;
              return (
                <Flex key={score} align="center" gap={8}>
                  <span style={{ width: 44 }}>{t('surveys.stars', { n: score })}</span>
                  <Progress
                    percent={answers ? Math.round((n / answers) * 100) : 0}
                    strokeColor={score >= 4 ? '#52c41a' : score === 3 ? '#faad14' : '#ff4d4f'}
                    format={() => n}
                    style={{ flex: 1, margin: 0 }}
                  />
                </Flex>
              );
            })}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card
            size="small"
            title={t('surveys.breakdown')}
            extra={
              <Segmented<Period>
                size="small"
                value={period}
                onChange={onPeriod}
                options={(['day', 'week', 'month'] as const).map((p) => ({ value: p, label: t(`surveys.groupBy.${p}`) }))}
              />
            }
          >
            <Tabs
              size="small"
              items={[
                { key: 'kind', label: t('surveys.by.kind'), children: breakdown(summary.byKind, (k) => enumLabel(t, 'surveys.kind', k)) },
                { key: 'channel', label: t('surveys.by.channel'), children: breakdown(summary.byChannel, (k) => enumLabel(t, 'surveys.channel', k)) },
                { key: 'agent', label: t('surveys.by.agent'), children: breakdown(summary.byAgent, (k) => k) },
                { key: 'period', label: t('surveys.by.period'), children: breakdown(summary.byPeriod, (k) => k) },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
