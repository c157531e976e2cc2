import { ClockCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useNow } from '../../shared/useNow.ts';
import { dateTime, duration } from '../../shared/format.ts';
import { useI18n } from '../../i18n.ts';

/** 问题订单 must be answered within 30 minutes: the time left, or how late it is, until the first reply. */
export function AnswerDeadline({ dueAt, answeredAt }: { dueAt: string | null; answeredAt: string | null }) {
  const { t, lang } = useI18n();
  const now = useNow(15_000);
  if (!dueAt) return null;
  if (answeredAt) {
    return (
      <Tag color="green" icon={<ClockCircleOutlined />} data-testid="answer-deadline" data-state="answered">
        {t('ticket.answered', { at: dateTime(answeredAt) })}
      </Tag>
    );
  }
  const left = Date.parse(dueAt) - now;
  const late = left <= 0;
  return (
    <Tooltip title={`${t('ticket.answerDue')} ${dateTime(dueAt)}`}>
      <Tag
        color={late ? 'red' : left < 10 * 60_000 ? 'orange' : 'gold'}
        icon={<ClockCircleOutlined />}
        data-testid="answer-deadline"
        data-state={late ? 'late' : 'due'}
      >
        {t('ticket.answerDue')} ·{' '}
        {late ? t('ticket.answerOverdue', { time: duration(-left, lang) }) : t('ticket.answerLeft', { time: duration(left, lang) })}
      </Tag>
    </Tooltip>
  );
}
