import { FlagOutlined, RiseOutlined, WarningOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import type { TimelineEvent } from '../../api.ts';
import { dateTime, fromNow } from '../../shared/format.ts';
import { enumLabel, type MessageKey, type Translate } from '../../i18n.ts';
import { EscalationTag } from '../sla/Escalations.tsx';
import { metricLabel } from '../sla/slaText.ts';

export type TimelineItem = { key: string; color: string; icon?: ReactNode; content: ReactNode };

function When({ at }: { at: string }) {
  return (
    <Tooltip title={dateTime(at)}>
      <span className="kefu-event-time">{fromNow(at)}</span>
    </Tooltip>
  );
}

function Body({ text }: { text: string | null }) {
  return text ? <div className="kefu-bubble kefu-bubble-note kefu-bubble-compact">{text}</div> : null;
}

/** The service-level entries of a ticket's timeline: a missed promise, an escalation, a step of the complaint loop. */
export function slaTimelineItem(t: Translate, event: TimelineEvent): TimelineItem | null {
  const actor = event.actorName ?? t('common.system');
  if (event.kind === 'sla_breached') {
    const d = event.data as { metric?: string; dueAt?: string; actions?: string[] };
    const actions = (d.actions ?? []).map((a) => enumLabel(t, 'timeline.slaAction', a)).join(t('common.separator'));
    return {
      key: event.id,
      color: 'red',
      icon: <WarningOutlined style={{ color: '#cf1322' }} />,
      content: (
        <div className="kefu-event kefu-danger" data-testid="event-sla_breached">
          {t('timeline.slaBreached', { metric: metricLabel(t, d.metric ?? ''), at: d.dueAt ? dateTime(d.dueAt) : '—' })}
          {actions && <span className="kefu-muted">（{t('timeline.slaActions', { actions })}）</span>}
          <When at={event.at} />
        </div>
      ),
    };
  }
  if (event.kind === 'escalated') {
    const d = event.data as { level?: Parameters<typeof EscalationTag>[0]['level'] };
    return {
      key: event.id,
      color: 'orange',
      icon: <RiseOutlined style={{ color: '#d46b08' }} />,
      content: (
        <div className="kefu-event" data-testid="event-escalated">
          {t('timeline.escalated', { actor, level: enumLabel(t, 'escLevel', d.level) })}
          {d.level && (
            <span style={{ marginLeft: 6 }}>
              <EscalationTag level={d.level} />
            </span>
          )}
          <When at={event.at} />
          <Body text={event.body} />
        </div>
      ),
    };
  }
  if (event.kind === 'complaint') {
    const d = event.data as { step?: string; rootCause?: string; reason?: string };
    const key = `timeline.complaint.${d.step}` as MessageKey;
    const text = t(key, { actor, reason: d.reason ?? '', cause: enumLabel(t, 'rootCause', d.rootCause) });
    return {
      key: event.id,
      color: d.step === 'confirmed' ? 'green' : 'blue',
      icon: <FlagOutlined style={{ color: '#0f7b8a' }} />,
      content: (
        <div className="kefu-event" data-testid="event-complaint" data-step={d.step}>
          {text === key ? d.step : text}
          {d.step === 'solution' && (
            <Tag color="blue" variant="outlined" style={{ marginLeft: 6 }}>
              {t('complaint.solution')}
            </Tag>
          )}
          <When at={event.at} />
          <Body text={event.body} />
        </div>
      ),
    };
  }
  return null;
}
