import { Button, Card, Col, Empty, Row, Table, Tag } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { PageState } from '../../shared/PageState.tsx';
import { dateTime } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { enumLabel, useI18n, type MessageKey, type Translate } from '../../i18n.ts';
import { Chart, type ChartOption } from './Chart.tsx';
import { integer } from './reportFormat.ts';
import { ReportToolbar } from './ReportToolbar.tsx';
import { excelUrl, reportsApi, type QuestionReport } from './reportsApi.ts';
import { useReportRange } from './useReportRange.ts';
import './reports.css';

const intentLabel = (t: Translate, key: string) => (key ? enumLabel(t, 'reports.intent', key) : t('reports.intent.none'));
const categoryLabel = (t: Translate, key: string) => (key ? enumLabel(t, 'category', key) : t('reports.category.none'));
const SOURCE_COLOR = { unknown: 'orange', handover: 'blue', faq: 'green' } as const;

/** 咨询统计 (DOMAIN.md §7): what shoppers asked in the range — by intent, category, product — and what went unanswered. */
export function QuestionsPage() {
  const { t, lang } = useI18n();
  const state = useReportRange();
  const { range } = state;
  const result = useAsync(() => reportsApi.questions(range), [range.from, range.to]);
  const report = result.data;
  return (
    <div data-testid="reports-questions">
      <ReportToolbar
        title="reports.questions.title"
        hint="reports.questions.hint"
        state={state}
        filters={false}
        excel={excelUrl('/api/reports/questions', { from: range.from, to: range.to })}
      />
      {!report ? (
        <PageState loading={result.loading} error={result.error} onRetry={result.reload} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            <Card size="small" title={t('reports.questions.daily')} style={{ height: '100%' }}>
              <DailyChart report={report} />
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <Card
              size="small"
              title={t('reports.questions.byIntent')}
              extra={<Unlabelled rows={report.byIntent} text="reports.intent.unlabelled" />}
              style={{ height: '100%' }}
            >
              <CountChart rows={labelled(report.byIntent).map((r) => ({ name: intentLabel(t, r.key), value: r.count }))} testId="intent-chart" />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card
              size="small"
              title={t('reports.questions.byCategory')}
              extra={<Unlabelled rows={report.byCategory} text="reports.category.unlabelled" />}
              style={{ height: '100%' }}
            >
              <CountChart
                bars
                rows={labelled(report.byCategory).map((r) => ({ name: categoryLabel(t, r.key), value: r.count }))}
                testId="category-chart"
              />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('reports.questions.byProduct')} style={{ height: '100%' }}>
              <Table
                size="small"
                rowKey="productId"
                pagination={{ pageSize: 6, hideOnSinglePage: true }}
                dataSource={report.byProduct}
                columns={[
                  {
                    title: t('reports.col.product'),
                    dataIndex: 'name',
                    render: (name: string, r) => <Link to={`/products/${r.productId}`}>{name}</Link>,
                  },
                  { title: t('reports.col.count'), dataIndex: 'count', align: 'right', width: 100, render: (n: number) => integer(n, lang) },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} xl={14}>
            <Card size="small" title={t('reports.questions.top')} data-testid="top-questions">
              <Table
                size="small"
                rowKey={(r) => `${r.source}:${r.question}`}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                dataSource={report.topQuestions}
                columns={[
                  { title: '#', key: 'rank', width: 44, render: (_, __, i) => i + 1 },
                  { title: t('reports.col.question'), dataIndex: 'question', ellipsis: true },
                  {
                    title: t('reports.col.source'),
                    dataIndex: 'source',
                    width: 130,
                    render: (s: keyof typeof SOURCE_COLOR) => <Tag color={SOURCE_COLOR[s]}>{t(`reports.source.${s}` as MessageKey)}</Tag>,
                  },
                  { title: t('reports.col.count'), dataIndex: 'count', align: 'right', width: 80, render: (n: number) => integer(n, lang) },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card
              size="small"
              title={t('reports.questions.unanswered')}
              extra={
                <Link to="/knowledge?tab=unknown">
                  <Button size="small" type="link">
                    {t('reports.questions.answerThem')}
                  </Button>
                </Link>
              }
              data-testid="unanswered"
            >
              <Table
                size="small"
                rowKey="id"
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                dataSource={report.unanswered}
                columns={[
                  { title: t('reports.col.question'), dataIndex: 'question', ellipsis: true },
                  { title: t('reports.col.asked'), dataIndex: 'asked', align: 'right', width: 80 },
                  { title: t('reports.col.lastAsked'), dataIndex: 'lastAskedAt', width: 140, render: (at: string) => dateTime(at) },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}
    </div>
  );
}

/** Counts with a label; those without one (no intent recognised, no category) are told apart, not drawn. */
const labelled = (rows: QuestionReport['byIntent']) => rows.filter((r) => r.key !== '');

function Unlabelled({ rows, text }: { rows: QuestionReport['byIntent']; text: MessageKey }) {
  const { t, lang } = useI18n();
  const n = rows.find((r) => r.key === '')?.count ?? 0;
  return n ? <span className="kefu-small kefu-muted">{t(text, { n: integer(n, lang) })}</span> : null;
}

function DailyChart({ report }: { report: QuestionReport }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 44, right: 16, top: 36, bottom: 28 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      xAxis: { type: 'category', data: report.daily.map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', splitLine: { lineStyle: { type: 'dashed' } } },
      series: [
        { name: t('reports.volume.conversations'), type: 'bar', stack: 'cases', barMaxWidth: 28, data: report.daily.map((d) => d.conversations) },
        { name: t('reports.volume.tickets'), type: 'bar', stack: 'cases', barMaxWidth: 28, data: report.daily.map((d) => d.tickets) },
      ],
    }),
    [report, t],
  );
  if (!report.daily.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return <Chart option={option} height={280} label={t('reports.questions.daily')} testId="daily-chart" />;
}

/** Counts by a label: a donut, or horizontal bars when there are many. */
function CountChart({ rows, bars, testId }: { rows: { name: string; value: number }[]; bars?: boolean; testId: string }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(
    () =>
      bars
        ? {
            grid: { left: 80, right: 40, top: 8, bottom: 24 },
            tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
            xAxis: { type: 'value', splitLine: { lineStyle: { type: 'dashed' } } },
            yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name) },
            series: [{ type: 'bar', barMaxWidth: 18, data: rows.map((r) => r.value), label: { show: true, position: 'right' } }],
          }
        : {
            tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
            legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
            series: [{ type: 'pie', radius: ['42%', '70%'], center: ['38%', '50%'], label: { show: false }, data: rows }],
          },
    [rows, bars],
  );
  if (!rows.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return <Chart option={option} height={bars ? Math.max(200, rows.length * 32 + 40) : 280} label={t('reports.questions.title')} testId={testId} />;
}
