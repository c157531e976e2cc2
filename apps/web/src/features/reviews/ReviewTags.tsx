import { StarFilled } from '@ant-design/icons';
import { Space, Tag, Tooltip, Typography } from 'antd';
import { useI18n } from '../../i18n.ts';
import { duration } from '../../shared/format.ts';
import { useNow } from '../../shared/useNow.ts';
import type { ReviewRow } from './reviewsApi.ts';

const SENTIMENT_COLOR = { positive: 'green', neutral: 'default', negative: 'red' } as const;

export function Stars({ n }: { n: number | null }) {
  const { t } = useI18n();
  if (n === null) return <Typography.Text type="secondary">{t('reviews.noStars')}</Typography.Text>;
  return (
    <span aria-label={t('reviews.stars', { n })}>
      {Array.from({ length: 5 }, (_, i) => (
        <StarFilled key={i} style={{ color: i < n ? (n <= 2 ? '#f5222d' : n === 3 ? '#faad14' : '#fadb14') : '#e8e8e8', fontSize: 12 }} />
      ))}
    </span>
  );
}

/** The verdict: sentiment (with the model's probability on hover), 中差评, escalation. */
export function Verdict({ review }: { review: ReviewRow }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap>
      <Tooltip title={t('reviews.probability', { p: Math.round(review.negativeProbability * 100) })}>
        <Tag color={SENTIMENT_COLOR[review.sentiment]}>{t(`reviews.sentiment.${review.sentiment}`)}</Tag>
      </Tooltip>
      {review.middling && <Tag color="volcano">{t('reviews.middling')}</Tag>}
      {review.middling && <Tag>{t(`reviews.kind.${review.complaintKind}`)}</Tag>}
      {review.escalation && <Tag color="purple">{t(`reviews.escalation.${review.escalation}`)}</Tag>}
    </Space>
  );
}

/** What is left of the 1-hour reply clock, live; overdue in red. */
export function ReplyClock({ review }: { review: ReviewRow }) {
  const { t, lang } = useI18n();
  const now = useNow(30_000);
  if (review.repliedAt) return <Tag color="green">{t('reviews.clock.answered')}</Tag>;
  if (!review.dueAt) return <Typography.Text type="secondary">{t('reviews.clock.none')}</Typography.Text>;
  const left = new Date(review.dueAt).getTime() - now;
  return left >= 0 ? (
    <Tag color={left < 15 * 60_000 ? 'orange' : 'blue'} data-testid="review-clock">
      {t('reviews.clock.left', { time: duration(left, lang) })}
    </Tag>
  ) : (
    <Tag color="red" data-testid="review-clock">
      {t('reviews.clock.over', { time: duration(-left, lang) })}
    </Tag>
  );
}
