import { Card, Col, Row, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { enumLabel, useI18n } from '../../i18n.ts';
import { yuan } from '../../shared/format.ts';
import { Chart, type ChartOption } from '../reports/Chart.tsx';
import { BriefFigures } from './BriefFigures.tsx';
import { chinaMinute, type WeeklyData } from './briefsApi.ts';
import { adviceText, changeText, percent } from './briefText.ts';

type Defect = WeeklyData['defects'][number];
type RiskCase = WeeklyData['risks']['cases'][number];

/** The tone of a change where more is worse (after-sales, refunds, complaints). */
const tone = (now: number, before: number) => (before === 0 || now === before ? undefined : now > before ? ('bad' as const) : ('good' as const));

/** 售后分析周报: the week's figures, kinds against last week, reasons, products with defects, service levels, risks, advice. */
export function WeeklyBrief({ data }: { data: WeeklyData }) {
  const { t, lang } = useI18n();
  const { totals, risks } = data;
  const slaMet = data.sla.reduce((sum, m) => sum + m.met, 0);
  const slaAll = slaMet + data.sla.reduce((sum, m) => sum + m.breached, 0);
  const vs = (now: number, before: number) => t('briefs.w.vsLast', { change: changeText(now, before) });

  const kindChart = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 36, right: 12, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: data.byKind.map((k) => enumLabel(t, 'afterSaleKind', k.kind)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('briefs.w.thisWeek'), type: 'bar', data: data.byKind.map((k) => k.count), barMaxWidth: 28 },
        { name: t('briefs.w.lastWeek'), type: 'bar', data: data.byKind.map((k) => k.previous), barMaxWidth: 28, itemStyle: { color: '#c9ced6' } },
      ],
    }),
    [data.byKind, t],
  );

  return (
    <div>
      <Typography.Title level={5}>{t('briefs.w.overview')}</Typography.Title>
      <BriefFigures
        figures={[
          {
            label: t('briefs.w.afterSales'),
            value: String(totals.afterSales),
            note: vs(totals.afterSales, totals.previousAfterSales),
            tone: tone(totals.afterSales, totals.previousAfterSales),
            testId: 'brief-after-sales',
          },
          {
            label: t('briefs.w.refunded'),
            value: yuan(totals.refundedFen),
            note: vs(totals.refundedFen, totals.previousRefundedFen),
            tone: tone(totals.refundedFen, totals.previousRefundedFen),
            testId: 'brief-refunded',
          },
          {
            label: t('briefs.w.complaints'),
            value: String(totals.complaints),
            note: vs(totals.complaints, totals.previousComplaints),
            tone: tone(totals.complaints, totals.previousComplaints),
          },
          {
            label: t('briefs.w.sla'),
            value: slaAll ? percent(slaMet / slaAll) : '—',
            note: t('briefs.w.slaNote', { n: slaAll }),
            alert: slaAll > 0 && slaMet / slaAll < 0.9,
          },
        ]}
      />
      <Card size="small" title={t('briefs.w.advice')} className="kefu-brief-section" data-testid="brief-advice">
        <ul className="kefu-brief-advice">
          {data.advice.map((a, i) => (
            <li key={i}>{adviceText(t, a, lang)}</li>
          ))}
        </ul>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('briefs.w.byKind')} className="kefu-brief-section">
            <Chart option={kindChart} height={240} label={t('briefs.w.byKind')} testId="brief-kind-chart" />
            <Table
              size="small"
              rowKey="kind"
              pagination={false}
              dataSource={data.byKind}
              columns={[
                { title: t('briefs.w.kind'), key: 'kind', render: (_, k) => enumLabel(t, 'afterSaleKind', k.kind) },
                { title: t('briefs.w.thisWeek'), dataIndex: 'count', align: 'right' },
                { title: t('briefs.w.lastWeek'), dataIndex: 'previous', align: 'right' },
                { title: t('briefs.w.change'), key: 'change', align: 'right', render: (_, k) => changeText(k.count, k.previous) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('briefs.w.byReason')} className="kefu-brief-section">
            <Table
              size="small"
              rowKey="reason"
              pagination={false}
              dataSource={data.byReason}
              locale={{ emptyText: t('briefs.w.noAfterSales') }}
              columns={[
                { title: t('briefs.w.reason'), key: 'reason', render: (_, r) => enumLabel(t, 'afterSaleReason', r.reason) },
                { title: t('briefs.w.count'), dataIndex: 'count', align: 'right' },
                { title: t('briefs.w.share'), key: 'share', align: 'right', render: (_, r) => percent(r.share) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={t('briefs.w.defects')}
        extra={<span className="kefu-small">{t('briefs.w.defectsHint')}</span>}
        className="kefu-brief-section"
      >
        <Table<Defect>
          size="small"
          rowKey="productId"
          pagination={false}
          dataSource={data.defects}
          locale={{ emptyText: t('briefs.w.noDefects') }}
          data-testid="brief-defects"
          columns={[
            {
              title: t('briefs.w.product'),
              key: 'product',
              render: (_, p) => (
                <>
                  <Link to={`/products/${p.productId}`}>{p.productName}</Link>
                  <div className="kefu-small">{p.sku}</div>
                </>
              ),
            },
            { title: t('briefs.w.afterSalesCol'), dataIndex: 'afterSales', align: 'right' },
            { title: t('briefs.w.complaintsCol'), dataIndex: 'complaints', align: 'right' },
            { title: t('briefs.w.refundedCol'), key: 'refunded', align: 'right', render: (_, p) => yuan(p.refundedFen) },
            {
              title: t('briefs.w.reasons'),
              key: 'reasons',
              render: (_, p) =>
                [
                  ...p.reasons.map((r) => `${enumLabel(t, 'afterSaleReason', r.reason)} ${r.count}`),
                  ...p.rootCauses.map((r) => `${enumLabel(t, 'rootCause', r.rootCause)} ${r.count}`),
                ].join(lang === 'zh' ? '、' : ', '),
            },
            {
              title: t('briefs.w.words'),
              key: 'words',
              className: 'kefu-brief-words',
              render: (_, p) =>
                p.words.map((w) => (
                  <Tag key={w.word}>
                    {w.word} ×{w.count}
                  </Tag>
                )),
            },
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card
            size="small"
            title={t('briefs.w.slaTitle')}
            extra={<span className="kefu-small">{t('briefs.w.slaHint')}</span>}
            className="kefu-brief-section"
          >
            <Table
              size="small"
              rowKey="metric"
              pagination={false}
              dataSource={data.sla}
              locale={{ emptyText: t('briefs.w.noSla') }}
              columns={[
                { title: t('briefs.w.metric'), key: 'metric', render: (_, m) => enumLabel(t, 'sla.metric', m.metric) },
                { title: t('briefs.w.met'), dataIndex: 'met', align: 'right' },
                { title: t('briefs.w.breached'), dataIndex: 'breached', align: 'right' },
                {
                  title: t('briefs.w.attainment'),
                  key: 'attainment',
                  align: 'right',
                  render: (_, m) => (
                    <Typography.Text type={m.attainment !== null && m.attainment < 0.9 ? 'danger' : undefined}>
                      {percent(m.attainment)}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <RiskCard risks={risks} />
        </Col>
      </Row>
    </div>
  );
}

function RiskCard({ risks }: { risks: WeeklyData['risks'] }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      title={t('briefs.w.risks')}
      extra={<span className="kefu-small">{t('briefs.w.risksHint')}</span>}
      className="kefu-brief-section"
      data-testid="brief-risks"
    >
      <BriefFigures
        compact
        figures={[
          { label: t('briefs.w.overdue'), value: String(risks.overdueAfterSales), alert: risks.overdueAfterSales > 0 },
          { label: t('briefs.w.pending'), value: String(risks.pendingApprovals) },
          { label: t('briefs.w.complex'), value: String(risks.complexOpen) },
          {
            label: t('briefs.w.alarms'),
            value: risks.openDefectAlarms === null ? '—' : String(risks.openDefectAlarms),
            alert: (risks.openDefectAlarms ?? 0) > 0,
          },
        ]}
      />
      <Table<RiskCase>
        size="small"
        rowKey="afterSaleId"
        pagination={false}
        dataSource={risks.cases}
        locale={{ emptyText: t('briefs.w.noRisks') }}
        columns={[
          {
            title: t('briefs.w.risk'),
            key: 'risk',
            render: (_, c) => <Tag color={c.risk === 'overdue' ? 'red' : 'orange'}>{t(`briefs.risk.${c.risk}`)}</Tag>,
          },
          { title: t('briefs.w.ticket'), key: 'ticket', render: (_, c) => <Link to={`/tickets/${c.ticketId}`}>{c.ticketNumber}</Link> },
          { title: t('briefs.w.kind'), key: 'kind', render: (_, c) => enumLabel(t, 'afterSaleKind', c.kind) },
          { title: t('briefs.w.state'), key: 'state', render: (_, c) => enumLabel(t, 'afterSaleState', c.state) },
          { title: t('briefs.w.amount'), key: 'amount', align: 'right', render: (_, c) => yuan(c.amountFen) },
          { title: t('briefs.w.since'), key: 'since', render: (_, c) => chinaMinute(c.since) },
        ]}
      />
    </Card>
  );
}
