import { Card, Col, Row, Statistic, Table, Tag, Typography, type TableProps } from 'antd';
import { Link } from 'react-router-dom';
import { dateTime } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { dayRange, lastDays } from './dates.ts';
import { InspectionTable } from './InspectionTable.tsx';
import { qualityApi, type PhraseHits } from './qualityApi.ts';
import { GOOD_SCORE, scoreColor } from './qualityText.ts';
import './quality.css';

type Hit = PhraseHits['hits'][number];

/** 我的质检 (agents): my results of the last 30 days at a glance, every inspection (open one to appeal), my forbidden phrases. */
export function MyQualityPage() {
  const { t } = useI18n();
  const [from, to] = lastDays(30);
  const range = dayRange(from, to);
  const recent = useAsync(() => qualityApi.inspections({ ...range, pageSize: 200 }), [range.from]);
  const hits = useAsync(() => qualityApi.phraseHits({ ...range, limit: 20 }), [range.from]);
  const rows = recent.data?.inspections ?? [];
  const average = rows.length ? rows.reduce((s, r) => s + r.finalScore, 0) / rows.length : null;

  const hitColumns: TableProps<Hit>['columns'] = [
    { title: t('quality.phraseHits.phrase'), dataIndex: 'phrase', render: (p: string) => <Tag color="red">{p}</Tag> },
    { title: t('quality.phraseHits.channel'), dataIndex: 'channel', render: (c: string) => enumLabel(t, 'quality.channel', c) },
    {
      title: t('quality.phraseHits.where'),
      key: 'where',
      render: (_: unknown, h) =>
        h.ticketId ? (
          <Link to={`/tickets/${h.ticketId}`}>{t('quality.ticketNo', { id: h.ticketId })}</Link>
        ) : (
          t('quality.conversationNo', { id: h.conversationId ?? 0 })
        ),
    },
    {
      title: t('quality.phraseHits.blocked'),
      dataIndex: 'blocked',
      render: (b: boolean) => (b ? t('quality.phraseHits.refused') : t('quality.phraseHits.sent')),
    },
    { title: t('quality.phraseHits.at'), dataIndex: 'at', render: (at: string) => dateTime(at) },
  ];

  return (
    <div>
      <div style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('quality.mine.title')}
        </Typography.Title>
        <Typography.Text type="secondary" className="kefu-small">
          {t('quality.mine.hint')}
        </Typography.Text>
      </div>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('quality.mine.count')} value={recent.data?.total ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" data-testid="my-average">
            <Statistic
              title={t('quality.mine.average', { target: GOOD_SCORE })}
              value={average === null ? '—' : average.toFixed(1)}
              styles={{ content: { color: average === null ? undefined : scoreColor(average) } }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('quality.mine.fatal')}
              value={rows.filter((r) => r.fatal).length}
              styles={{ content: { color: rows.some((r) => r.fatal) ? '#cf1322' : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('quality.mine.appeals')} value={rows.filter((r) => r.appeal === 'pending').length} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('quality.mine.list')} style={{ marginBottom: 16 }}>
        <InspectionTable query={{}} showAgent={false} testId="my-inspections" emptyText={t('quality.mine.empty')} />
      </Card>
      <Card size="small" title={t('quality.mine.phrases')}>
        <Table
          rowKey="id"
          size="small"
          columns={hitColumns}
          dataSource={hits.data?.hits ?? []}
          loading={hits.loading}
          pagination={false}
          locale={{ emptyText: t('quality.mine.noPhrases') }}
          data-testid="my-phrase-hits"
        />
      </Card>
    </div>
  );
}
