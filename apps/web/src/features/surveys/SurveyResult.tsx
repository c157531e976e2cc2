import { SmileOutlined } from '@ant-design/icons';
import type { SurveyKind } from '@kefu/domain';
import { Card, Flex, Rate, Space, Tag, Typography } from 'antd';
import { enumLabel, useI18n } from '../../i18n.ts';
import { useAsync } from '../../shared/hooks.ts';
import { chinaMinute, surveysApi, type Survey } from './surveysApi.ts';

const STATE_COLORS: Record<Survey['state'], string> = {
  pending: 'default',
  sent: 'processing',
  skipped: 'warning',
  answered: 'success',
  expired: 'default',
};

/**
 * Satisfaction surveys on a case: `ticketId` shows every survey of the ticket's cases (the ticket, its after-sales, the
 * chat it was filed from); `kind` + `caseId` shows one case's. Nothing for a user who may not read them.
 */
export function SurveyResult(props: { ticketId: number } | { kind: SurveyKind; caseId: number }) {
  const { t } = useI18n();
  const ticketId = 'ticketId' in props ? props.ticketId : null;
  const kind = 'kind' in props ? props.kind : null;
  const caseId = 'caseId' in props ? props.caseId : null;
  const { data } = useAsync(
    () =>
      ticketId !== null ? surveysApi.ofTicket(ticketId) : surveysApi.ofCase(kind!, caseId!).then((r) => ({ surveys: r.survey ? [r.survey] : [] })),
    [ticketId, kind, caseId],
  );
  if (!data) return null;
  return (
    <Card
      size="small"
      data-testid="survey-result"
      title={
        <Space>
          <SmileOutlined />
          {t('surveys.result.title')}
        </Space>
      }
    >
      {data.surveys.length === 0 && <Typography.Text type="secondary">{t('surveys.result.none')}</Typography.Text>}
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {data.surveys.map((s) => (
          <OneSurvey key={s.id} survey={s} labelled={data.surveys.length > 1 || s.kind !== 'ticket'} />
        ))}
      </Space>
    </Card>
  );
}

function OneSurvey({ survey, labelled }: { survey: Survey; labelled: boolean }) {
  const { t } = useI18n();
  const state = <Tag color={STATE_COLORS[survey.state]}>{enumLabel(t, 'surveys.state', survey.state)}</Tag>;
  return (
    <div>
      {labelled && (
        <Flex justify="space-between" align="center" gap={8}>
          <Typography.Text type="secondary">{`${enumLabel(t, 'surveys.kind', survey.kind)} · ${survey.caseLabel}`}</Typography.Text>
          {state}
        </Flex>
      )}
      {survey.state === 'answered' ? (
        <div>
          <Flex justify="space-between" align="center" gap={8}>
            <Space align="center">
              <Rate disabled value={survey.score ?? 0} />
              <Typography.Text strong data-testid="survey-score">
                {t('surveys.stars', { n: survey.score ?? 0 })}
              </Typography.Text>
            </Space>
            {!labelled && state}
          </Flex>
          <Typography.Paragraph style={{ margin: '8px 0 4px' }} type={survey.comment ? undefined : 'secondary'}>
            {survey.comment ?? t('surveys.result.noComment')}
          </Typography.Paragraph>
          {survey.answeredAt && (
            <Typography.Text type="secondary" className="kefu-small">
              {t('surveys.result.answeredAt', { time: chinaMinute(survey.answeredAt) })}
            </Typography.Text>
          )}
        </div>
      ) : (
        <Space orientation="vertical" size={4}>
          {!labelled && state}
          {(survey.state === 'sent' || survey.state === 'expired') && survey.sentAt && (
            <Typography.Text type="secondary" className="kefu-small">
              {t('surveys.result.sentOn', {
                time: chinaMinute(survey.sentAt),
                channel: enumLabel(t, 'surveys.channel', survey.channel ?? 'none'),
                expires: survey.expiresAt ? chinaMinute(survey.expiresAt) : '—',
              })}
            </Typography.Text>
          )}
          {survey.state === 'skipped' && survey.skipReason && (
            <Typography.Text type="secondary">{enumLabel(t, 'surveys.skip', survey.skipReason)}</Typography.Text>
          )}
        </Space>
      )}
    </div>
  );
}
