import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Flex, Progress, Row, Statistic, Table, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { useI18n, type MessageKey } from '../../i18n.ts';
import { dayjs } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { followUpsApi, reportFileUrl, type FollowUpReport } from './followUpsApi.ts';
import { ReasonTag } from './FollowUpTags.tsx';

type Row = FollowUpReport['rows'][number];
const chinaToday = () => dayjs(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);

/** 回访总结报告: by owner and reason over a period, with the outcome mix and the problems that became tickets. */
export function FollowUpReportTab() {
  const { t } = useI18n();
  const [range, setRange] = useState<[string, string]>([chinaToday().subtract(29, 'day').format('YYYY-MM-DD'), chinaToday().format('YYYY-MM-DD')]);
  const report = useAsync(() => followUpsApi.report(range[0], range[1]), [range]);
  const num = (key: keyof Row & string, title: MessageKey) => ({ title: t(title), dataIndex: key, key, width: 90, align: 'right' as const });
  const columns: TableProps<Row>['columns'] = [
    {
      title: t('followUps.col.owner'),
      key: 'owner',
      render: (_, r) => r.ownerName ?? <Typography.Text type="secondary">{t('followUps.unassigned')}</Typography.Text>,
    },
    { title: t('followUps.col.reason'), key: 'reason', render: (_, r) => <ReasonTag reason={r.reason} /> },
    num('opened', 'followUps.report.opened'),
    num('done', 'followUps.report.done'),
    num('doneOnTime', 'followUps.report.doneOnTime'),
    {
      title: t('followUps.report.onTimeRate'),
      key: 'rate',
      width: 90,
      align: 'right',
      render: (_, r) => (r.done ? `${rate(r.doneOnTime, r.done)}%` : '—'),
    },
    num('overdue', 'followUps.report.overdue'),
    num('fine', 'followUps.report.fine'),
    num('problem', 'followUps.report.problem'),
    num('unreachable', 'followUps.report.unreachable'),
    num('tickets', 'followUps.report.tickets'),
  ];
  const totals = report.data?.totals;
  const ended = totals ? totals.fine + totals.problem + totals.unreachable : 0;
  return (
    <div>
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(range[0]), dayjs(range[1])]}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])}
        />
        <Button href={reportFileUrl(range[0], range[1])} icon={<FileExcelOutlined />} data-testid="follow-up-report-export">
          {t('followUps.report.export')}
        </Button>
      </Flex>
      {!report.data || !totals ? (
        <PageState loading={report.loading} error={report.error} onRetry={report.reload} />
      ) : (
        <>
          <Row gutter={12} style={{ marginBottom: 12 }}>
            <Col xs={12} md={4}>
              <Card size="small">
                <Statistic title={t('followUps.report.opened')} value={totals.opened} />
              </Card>
            </Col>
            <Col xs={12} md={4}>
              <Card size="small">
                <Statistic title={t('followUps.report.done')} value={totals.done} />
              </Card>
            </Col>
            <Col xs={12} md={4}>
              <Card size="small">
                <Statistic title={t('followUps.report.onTimeRate')} value={rate(totals.doneOnTime, totals.done)} suffix="%" />
              </Card>
            </Col>
            <Col xs={12} md={4}>
              <Card size="small">
                <Statistic
                  title={t('followUps.report.overdue')}
                  value={totals.overdue}
                  valueStyle={totals.overdue ? { color: '#cf1322' } : undefined}
                />
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card size="small" title={t('followUps.report.outcomeMix')} styles={{ body: { paddingTop: 8 } }}>
                {(['fine', 'problem', 'unreachable'] as const).map((o) => (
                  <Flex key={o} align="center" gap={8}>
                    <span className="kefu-small" style={{ width: 110 }}>
                      {t(`followUps.outcome.${o}` as MessageKey)}
                    </span>
                    <Progress
                      percent={rate(totals[o], ended)}
                      size="small"
                      showInfo
                      style={{ flex: 1, margin: 0 }}
                      strokeColor={o === 'fine' ? '#389e0d' : o === 'problem' ? '#d48806' : '#8c8c8c'}
                    />
                  </Flex>
                ))}
                <div className="kefu-small kefu-muted">
                  {t('followUps.report.tickets')}: {totals.tickets}
                </div>
              </Card>
            </Col>
          </Row>
          <Table<Row>
            rowKey={(r) => `${r.ownerId ?? 0}:${r.reason}`}
            size="small"
            columns={columns}
            dataSource={report.data.rows}
            pagination={false}
            data-testid="follow-up-report"
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>
                  <b>{t('followUps.report.total')}</b>
                </Table.Summary.Cell>
                {(['opened', 'done', 'doneOnTime'] as const).map((k, i) => (
                  <Table.Summary.Cell key={k} index={i + 2} align="right">
                    {totals[k]}
                  </Table.Summary.Cell>
                ))}
                <Table.Summary.Cell index={5} align="right">
                  {totals.done ? `${rate(totals.doneOnTime, totals.done)}%` : '—'}
                </Table.Summary.Cell>
                {(['overdue', 'fine', 'problem', 'unreachable', 'tickets'] as const).map((k, i) => (
                  <Table.Summary.Cell key={k} index={i + 6} align="right">
                    {totals[k]}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            )}
          />
        </>
      )}
    </div>
  );
}
