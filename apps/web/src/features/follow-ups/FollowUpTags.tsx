import { Tag } from 'antd';
import { useI18n, type MessageKey } from '../../i18n.ts';
import type { FollowUp } from './followUpsApi.ts';

const CHINA_OFFSET_MS = 8 * 3600_000;
/** "12-01 09:00" in China time, whatever the browser's time zone (the shop's clock). */
export const chinaShort = (at: string) => new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(5, 16).replace('T', ' ');

const REASON_COLORS: Record<string, string> = {
  delivered: 'cyan',
  case_solved: 'green',
  large_order: 'gold',
  vip_order: 'purple',
  low_score: 'red',
  new_owner: 'blue',
  review: 'volcano',
  holiday: 'magenta',
  manual: 'default',
};

export function ReasonTag({ reason }: { reason: string }) {
  const { t } = useI18n();
  return (
    <Tag bordered={false} color={REASON_COLORS[reason] ?? 'default'}>
      {t(`followUps.reason.${reason}` as MessageKey)}
    </Tag>
  );
}

/** The due time, red once overdue. */
export function DueAt({ f }: { f: FollowUp }) {
  const { t } = useI18n();
  return (
    <span className="kefu-small" style={f.overdue ? { color: '#cf1322' } : undefined}>
      {chinaShort(f.dueAt)}
      {f.overdue && (
        <Tag color="error" bordered={false} style={{ marginLeft: 6 }}>
          {t('followUps.overdueTag')}
        </Tag>
      )}
    </span>
  );
}

export function OutcomeTag({ f }: { f: FollowUp }) {
  const { t } = useI18n();
  if (!f.outcome) return <Tag bordered={false}>{t(`followUps.state.${f.state}` as MessageKey)}</Tag>;
  const color = f.outcome === 'fine' ? 'success' : f.outcome === 'problem' ? 'warning' : 'default';
  return (
    <Tag color={color} bordered={false}>
      {t(`followUps.outcome.${f.outcome}` as MessageKey)}
    </Tag>
  );
}
