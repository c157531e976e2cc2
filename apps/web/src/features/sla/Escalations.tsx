import { RiseOutlined } from '@ant-design/icons';
import { Empty, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Escalation, EscalationLevel } from '../../api.ts';
import { dateTime, fromNow } from '../../shared/format.ts';
import { enumLabel, useI18n } from '../../i18n.ts';

const COLORS: Record<EscalationLevel, string> = {
  supervisor: 'gold',
  manager: 'orange',
  platform: 'volcano',
  regulator: 'red',
  media: 'magenta',
};

/** @kefu/protocol's EXTERNAL_LEVELS, kept here so the protocol's zod schemas stay out of the web bundle. */
const EXTERNAL: readonly EscalationLevel[] = ['platform', 'regulator', 'media'];
export const isExternal = (level: EscalationLevel) => EXTERNAL.includes(level);

/** 主管, 经理, or an outside one (平台介入, 12315/监管, 媒体) marked 外部. */
export function EscalationTag({ level }: { level: EscalationLevel }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[level] ?? 'default'} icon={<RiseOutlined />} data-testid="escalation-tag" data-level={level} style={{ marginInlineEnd: 0 }}>
      {enumLabel(t, 'escLevel', level)}
      {isExternal(level) && ` · ${t('escalation.external')}`}
    </Tag>
  );
}

/** Escalations, newest first: the level, who and when, the reason; with the ticket's number when `withTicket`. */
export function EscalationList({ escalations, withTicket }: { escalations: readonly Escalation[]; withTicket?: boolean }) {
  const { t } = useI18n();
  if (escalations.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(withTicket ? 'sla.board.escalationsEmpty' : 'escalation.empty')} />;
  return (
    <div data-testid="escalation-list">
      {escalations.map((e) => (
        <div key={e.id} data-testid="escalation" style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
            <EscalationTag level={e.level} />
            {withTicket && (
              <Link to={`/tickets/${e.ticketId}`} className="kefu-mono">
                {e.ticketNumber}
              </Link>
            )}
            <span style={{ flex: 1 }} />
            <Tooltip title={dateTime(e.createdAt)}>
              <span className="kefu-small kefu-muted">
                {t('escalation.by', { actor: e.actorName ?? t('common.system'), at: fromNow(e.createdAt) })}
              </span>
            </Tooltip>
          </div>
          <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }} ellipsis={withTicket ? { rows: 2, tooltip: e.reason } : false}>
            {e.reason}
          </Typography.Paragraph>
        </div>
      ))}
    </div>
  );
}
