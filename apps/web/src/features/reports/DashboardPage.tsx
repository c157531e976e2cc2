import type { KpiKey } from '@kefu/domain';
import { isRefusal } from '../../shared/errors.ts';
import { Alert, Card, Col, Empty, Flex, Row, Segmented, Statistic } from 'antd';
import { useState } from 'react';
import { PageState } from '../../shared/PageState.tsx';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n, type MessageKey } from '../../i18n.ts';
import { BreakdownTable } from './BreakdownTable.tsx';
import { CasesDrawer, type CasesQuery } from './CasesDrawer.tsx';
import { HandoverChart, HeatmapChart, SlaChart, TREND_FIELDS, TrendChart } from './DashboardCharts.tsx';
import { KpiCards } from './KpiCards.tsx';
import { kpiName } from './kpiText.ts';
import { integer } from './reportFormat.ts';
import { ReportToolbar } from './ReportToolbar.tsx';
import { excelUrl, rangeQuery, reportsApi, type KpiReport } from './reportsApi.ts';
import { useReportRange } from './useReportRange.ts';
import './reports.css';

/** 数据看板 (supervisors, admins): the service KPIs for a range against their targets and the period before. */
export function DashboardPage() {
  const { t } = useI18n();
  const state = useReportRange();
  const { range } = state;
  const result = useAsync(() => reportsApi.kpis(range), [range.from, range.to, range.agentId, range.groupId, range.channel]);
  const [trend, setTrend] = useState<KpiKey>('csat');
  const [drill, setDrill] = useState<CasesQuery | null>(null);
  const report = result.data;

  return (
    <div data-testid="reports-dashboard">
      <ReportToolbar
        title="reports.dashboard.title"
        hint="reports.dashboard.hint"
        state={state}
        excel={excelUrl('/api/reports/kpis', rangeQuery(range))}
      />
      {isRefusal(result.error, 'report_timeout') && <Alert type="warning" showIcon title={t('reports.timeout')} style={{ marginBottom: 16 }} />}
      {!report ? (
        <PageState loading={result.loading} error={isRefusal(result.error, 'report_timeout') ? undefined : result.error} onRetry={result.reload} />
      ) : (
        <>
          <KpiCards kpis={report.kpis} selected={trend} onSelect={(key) => TREND_FIELDS[key] && setTrend(key)} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={16}>
              <TrendCard report={report} selected={trend} onSelect={setTrend} />
            </Col>
            <Col xs={24} xl={8}>
              <Volumes report={report} />
            </Col>
            <Col span={24}>
              <Card size="small" title={t('reports.heatmap')} extra={<span className="kefu-small kefu-muted">{t('reports.heatmapHint')}</span>}>
                {report.heatmap.length ? <HeatmapChart cells={report.heatmap} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('reports.sla')} style={{ height: '100%' }}>
                {report.sla.some((s) => s.met + s.breached > 0) ? <SlaChart sla={report.sla} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('reports.handoverReasons')} style={{ height: '100%' }}>
                {report.handoverReasons.length ? <HandoverChart reasons={report.handoverReasons} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
              </Card>
            </Col>
            <Col span={24}>
              <BreakdownTable report={report} range={range} onDrill={setDrill} />
            </Col>
          </Row>
          <CasesDrawer query={drill} onClose={() => setDrill(null)} />
        </>
      )}
    </div>
  );
}

function TrendCard({ report, selected, onSelect }: { report: KpiReport; selected: KpiKey; onSelect(key: KpiKey): void }) {
  const { t } = useI18n();
  const kpi = report.kpis.find((k) => k.key === selected)!;
  const options = (Object.keys(TREND_FIELDS) as KpiKey[]).map((key) => ({ value: key, label: kpiName(t, key) }));
  return (
    <Card size="small" title={t('reports.trend')} style={{ height: '100%' }} data-testid="trend">
      <Segmented size="small" value={selected} onChange={onSelect} options={options} style={{ marginBottom: 8, flexWrap: 'wrap' }} />
      <TrendChart daily={report.daily} kpi={kpi} />
    </Card>
  );
}

const VOLUMES: { key: KpiReport['volumes'][number]['key']; label: MessageKey }[] = [
  { key: 'conversations', label: 'reports.volume.conversations' },
  { key: 'tickets', label: 'reports.volume.tickets' },
  { key: 'afterSales', label: 'reports.volume.afterSales' },
  { key: 'messages', label: 'reports.volume.messages' },
  { key: 'handedOver', label: 'reports.volume.handedOver' },
  { key: 'resolvedByBot', label: 'reports.volume.resolvedByBot' },
];

/** How much work came in, against the period before (more is neither good nor bad: no colours). */
function Volumes({ report }: { report: KpiReport }) {
  const { t, lang } = useI18n();
  return (
    <Card size="small" title={t('reports.volumes')} style={{ height: '100%' }} data-testid="volumes">
      <Row gutter={[12, 20]}>
        {VOLUMES.map(({ key, label }) => {
          const v = report.volumes.find((x) => x.key === key)!;
          return (
            <Col span={12} key={key}>
              <Statistic title={t(label)} value={integer(v.value, lang)} />
              <Flex className="kefu-small kefu-muted">{t('reports.previousValue', { n: integer(v.previous, lang) })}</Flex>
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}
