import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, Flex, Row, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { LEAD_ROLES, useAuth } from '../../auth.tsx';
import { dateTime } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { enumLabel, useI18n } from '../../i18n.ts';
import { AppealPanel } from './AppealPanel.tsx';
import { qualityApi, type Inspection } from './qualityApi.ts';
import { scoreColor, statusTags } from './qualityText.ts';
import { ScoreSheet } from './ScoreSheet.tsx';
import { Transcript } from './Transcript.tsx';
import './quality.css';

/** One inspection: the scores, the conversation with its hits, the review sheet (supervisors) and the appeal. */
export function InspectionPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const id = Number(useParams().id);
  const lead = LEAD_ROLES.includes(user.role);
  const result = useAsync(() => Promise.all([qualityApi.inspection(id), lead ? qualityApi.rules().then((r) => r.rules) : []]), [id, lead]);
  const [inspection, setInspection] = useState<Inspection | null>(null);
  useEffect(() => setInspection(result.data?.[0] ?? null), [result.data]);

  if (!inspection)
    return (
      <PageState
        loading={result.loading}
        error={result.error}
        onRetry={result.reload}
        notFoundKey="quality.notFound"
        backTo={lead ? '/quality' : '/quality/mine'}
      />
    );
  const mine = inspection.agent?.id === user.id;
  const rules = result.data?.[1] ?? [];

  return (
    <div>
      <Flex align="center" gap={12} style={{ marginBottom: 16 }} wrap>
        <Link to={lead ? '/quality' : '/quality/mine'}>
          <Button icon={<ArrowLeftOutlined />} aria-label={t('common.back')} />
        </Link>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('quality.inspectionTitle', { id: inspection.conversationId })}
        </Typography.Title>
        <Space size={4}>
          {statusTags(t, inspection).map((s) => (
            <Tag key={s.key} color={s.color}>
              {s.label}
            </Tag>
          ))}
        </Space>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <ScoreCards inspection={inspection} />
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('quality.conversation')} extra={<ConversationFacts inspection={inspection} />}>
            <Transcript inspection={inspection} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Flex vertical gap={16}>
            <HitList inspection={inspection} />
            {lead && <ScoreSheet key={inspection.version} inspection={inspection} rules={rules} onSaved={setInspection} />}
            {!lead && inspection.reviewed && <ReviewResult inspection={inspection} />}
            <AppealPanel key={`appeal-${inspection.version}`} inspection={inspection} mine={mine} lead={lead} onSaved={setInspection} />
          </Flex>
        </Col>
      </Row>
    </div>
  );
}

function ScoreCards({ inspection }: { inspection: Inspection }) {
  const { t } = useI18n();
  const cell = (label: string, value: number | null, testId: string, big = false) => (
    <div>
      <div className="kefu-small kefu-muted">{label}</div>
      <div
        className={big ? 'kefu-quality-big' : 'kefu-quality-score'}
        style={{ color: value === null ? undefined : scoreColor(value), fontSize: big ? undefined : 22, fontWeight: 600 }}
        data-testid={testId}
      >
        {value ?? '—'}
      </div>
    </div>
  );
  return (
    <Card size="small">
      <Flex gap={48} wrap align="flex-end">
        {cell(t('quality.finalScore'), inspection.finalScore, 'final-score', true)}
        {cell(t('quality.autoScore'), inspection.autoScore, 'auto-score')}
        {cell(t('quality.reviewScore'), inspection.reviewScore, 'review-score')}
        <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ flex: 1, minWidth: 320 }}>
          <Descriptions.Item label={t('quality.col.agent')}>{inspection.agent?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('quality.col.customer')}>{inspection.customerName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('quality.col.inspectedAt')}>{dateTime(inspection.inspectedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('quality.sampledFor')}>
            {inspection.sampled ? enumLabel(t, 'quality.sample', inspection.sampleReason ?? 'random') : t('quality.notSampled')}
          </Descriptions.Item>
        </Descriptions>
      </Flex>
    </Card>
  );
}

function ConversationFacts({ inspection }: { inspection: Inspection }) {
  const { t } = useI18n();
  const c = inspection.conversation;
  return (
    <span className="kefu-small kefu-muted">
      {dateTime(c.openedAt)} – {c.closedAt ? dateTime(c.closedAt) : '—'}
      {c.rating !== null && ` · ${t('quality.rating', { n: c.rating })}`}
    </span>
  );
}

/** 命中规则: each rule the conversation broke, the points it took off and the messages that show it. */
function HitList({ inspection }: { inspection: Inspection }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('quality.hits', { n: inspection.hits.length })} data-testid="hit-list">
      {inspection.hits.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.noHits')} />
      ) : (
        <Flex vertical gap={10}>
          {inspection.hits.map((h) => (
            <div key={h.ruleId} data-testid="hit">
              <Flex justify="space-between" align="baseline">
                <Typography.Text strong>{h.name}</Typography.Text>
                {h.fatal ? <Tag color="red">{t('quality.fatal')}</Tag> : <span className="kefu-quality-minus">-{h.points}</span>}
              </Flex>
              {h.evidence.slice(0, 3).map((e) => (
                <div key={`${e.messageId}-${e.detail ?? ''}`} className="kefu-quality-evidence">
                  {e.quote}
                  {h.kind === 'forbidden_phrase' && e.detail && <span className="kefu-muted">（{t('quality.phrase', { phrase: e.detail })}）</span>}
                </div>
              ))}
              {h.evidence.length > 3 && <div className="kefu-small kefu-muted">{t('quality.moreEvidence', { n: h.evidence.length - 3 })}</div>}
            </div>
          ))}
        </Flex>
      )}
    </Card>
  );
}

/** What the reviewer decided, as the agent sees it. */
function ReviewResult({ inspection }: { inspection: Inspection }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('quality.reviewResult')} data-testid="review-result">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('quality.reviewer')}>{inspection.reviewer?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('quality.reviewScore')}>{inspection.reviewScore}</Descriptions.Item>
        {inspection.reviewComment && <Descriptions.Item label={t('quality.sheet.comment')}>{inspection.reviewComment}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );
}
