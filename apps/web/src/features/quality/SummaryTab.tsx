import { DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Progress, Table, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { dayjs } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { useI18n } from '../../i18n.ts';
import { dayRange, lastDays } from './dates.ts';
import { qualityApi, summaryExportUrl, type QualitySummary } from './qualityApi.ts';
import { GOOD_SCORE, scoreColor } from './qualityText.ts';

type Row = QualitySummary['agents'][number];

/** 客服汇总: per agent over the chosen days — inspections, average final score against 90, fatal, reviewed, appeals, phrases. */
export function SummaryTab() {
  const { t } = useI18n();
  const [days, setDays] = useState<[string, string]>(lastDays(30));
  const range = dayRange(days[0], days[1]);
  const result = useAsync(() => qualityApi.summary(range.from, range.to), [range.from, range.to]);

  const columns: TableProps<Row>['columns'] = [
    { title: t('quality.col.agent'), key: 'agent', width: 120, render: (_: unknown, r) => <Typography.Text strong>{r.agent.name}</Typography.Text> },
    { title: t('quality.sum.inspections'), dataIndex: 'inspections', width: 110, align: 'right' },
    {
      title: t('quality.sum.average'),
      dataIndex: 'averageScore',
      width: 260,
      render: (avg: number | null) =>
        avg === null ? (
          <span className="kefu-muted">—</span>
        ) : (
          <Flex align="center" gap={8}>
            <span className="kefu-quality-score" style={{ color: scoreColor(avg), fontWeight: 600, minWidth: 40 }}>
              {avg.toFixed(1)}
            </span>
            <Progress
              percent={avg}
              showInfo={false}
              size="small"
              strokeColor={scoreColor(avg)}
              style={{ flex: 1, margin: 0 }}
              aria-label={t('quality.sum.average')}
            />
          </Flex>
        ),
    },
    {
      title: t('quality.sum.fatal'),
      dataIndex: 'fatal',
      width: 90,
      align: 'right',
      render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
    },
    { title: t('quality.sum.reviewed'), dataIndex: 'reviewed', width: 90, align: 'right' },
    { title: t('quality.sum.appeals'), dataIndex: 'appeals', width: 90, align: 'right' },
    {
      title: t('quality.sum.phrases'),
      dataIndex: 'phraseHits',
      width: 110,
      align: 'right',
      render: (n: number) => (n ? <Typography.Text type="warning">{n}</Typography.Text> : 0),
    },
  ];

  return (
    <div>
      <Flex gap={16} wrap align="center" justify="space-between" className="kefu-filters">
        <Flex gap={12} align="center" wrap>
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(days[0]), dayjs(days[1])]}
            onChange={(v) => v?.[0] && v[1] && setDays([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])}
          />
          <Typography.Text type="secondary" className="kefu-small">
            {t('quality.sum.target', { score: GOOD_SCORE })}
          </Typography.Text>
        </Flex>
        <Button icon={<DownloadOutlined />} href={summaryExportUrl(range.from, range.to)} download data-testid="quality-summary-export">
          {t('quality.sum.export')}
        </Button>
      </Flex>
      {result.data ? (
        <Table
          rowKey={(r) => r.agent.id}
          size="middle"
          columns={columns}
          dataSource={result.data.agents}
          pagination={false}
          locale={{ emptyText: t('quality.sum.empty') }}
          data-testid="quality-summary"
        />
      ) : (
        <PageState loading={result.loading} error={result.error} onRetry={result.reload} />
      )}
    </div>
  );
}
