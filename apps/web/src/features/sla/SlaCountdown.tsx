import { CheckCircleOutlined, ClockCircleOutlined, ExclamationCircleOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useNow } from '../../shared/useNow.ts';
import { dateTime } from '../../shared/format.ts';
import { useI18n } from '../../i18n.ts';
import { countdown, countdownText, spanText, type CountdownInput, type Tone } from './slaText.ts';

const COLOR: Record<Tone, string> = {
  normal: 'blue',
  warning: 'orange',
  breached: 'red',
  paused: 'default',
  met: 'green',
  cancelled: 'default',
};

const ICON: Record<Tone, ReactNode> = {
  normal: <ClockCircleOutlined />,
  warning: <ClockCircleOutlined />,
  breached: <ExclamationCircleOutlined />,
  paused: <PauseCircleOutlined />,
  met: <CheckCircleOutlined />,
  cancelled: <ClockCircleOutlined />,
};

/**
 * The time left on a promise ("剩 12 分钟"), orange once the warning time has come, red "超时 8 分钟" once past,
 * grey "已暂停" while waiting on the shopper, "已达成" when kept. Ticks every second in the last two minutes
 * either side of the due time, every 15 seconds otherwise. Nothing without a due time.
 */
export function SlaCountdown({ dueAt, clock, prefix }: { dueAt: string | null; clock?: Omit<CountdownInput, 'dueAt'>; prefix?: string }) {
  const { t } = useI18n();
  const close = dueAt !== null && Math.abs(Date.parse(dueAt) - Date.now()) < 120_000;
  const now = useNow(close ? 1000 : 15_000);
  const view = countdown(now, { ...clock, dueAt });
  if (!view || !dueAt) return null;
  const text = countdownText(t, view);
  const tip =
    view.tone === 'met' && clock?.stoppedAt
      ? t('sla.metAt', { at: dateTime(clock.stoppedAt) })
      : view.tone === 'paused'
        ? t('sla.pausedLeft', { time: spanText(t, view.ms) })
        : t('sla.dueAt', { at: dateTime(dueAt) });
  return (
    <Tooltip title={tip}>
      <Tag
        color={COLOR[view.tone]}
        icon={ICON[view.tone]}
        variant={view.tone === 'normal' ? 'outlined' : 'filled'}
        data-testid="sla-countdown"
        data-tone={view.tone}
        style={{ marginInlineEnd: 0, whiteSpace: 'nowrap' }}
      >
        {prefix ? `${prefix} · ${text}` : text}
      </Tag>
    </Tooltip>
  );
}
