import {
  ApartmentOutlined,
  FileOutlined,
  LockOutlined,
  MailOutlined,
  MessageOutlined,
  PhoneOutlined,
  SafetyCertificateOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Empty, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import type { Group, TimelineEvent, User } from '../../api.ts';
import { bytes, dateTime, fromNow, yuan } from '../../shared/format.ts';
import { enumLabel, useI18n, type MessageKey, type Translate } from '../../i18n.ts';
import { slaTimelineItem } from './slaTimeline.tsx';

/** Which dictionary prefix names the values of each kind of change. */
const ENUM_PREFIX: Record<string, string> = {
  status: 'status',
  reopened: 'status',
  priority: 'priority',
  category: 'category',
  severity: 'severity',
};

function When({ at }: { at: string }) {
  return (
    <Tooltip title={dateTime(at)}>
      <span className="kefu-event-time">{fromNow(at)}</span>
    </Tooltip>
  );
}

/** "小美 将状态从 新建 改为 处理中" and its siblings, for any change event. */
export function describeChange(t: Translate, event: TimelineEvent, users: User[], groups: Group[]): string {
  const actor = event.actorName ?? t('common.system');
  const value = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('common.none');
    if (Array.isArray(v)) return v.length ? v.join(t('common.separator')) : t('common.none');
    const prefix = ENUM_PREFIX[event.kind];
    if (prefix) return enumLabel(t, prefix, String(v));
    if (event.kind === 'assignee') return users.find((u) => u.id === v)?.displayName ?? `#${String(v)}`;
    if (event.kind === 'group') return groups.find((g) => g.id === v)?.name ?? `#${String(v)}`;
    if (event.kind === 'customer' || event.kind === 'order') return `#${String(v)}`;
    return String(v);
  };
  const { from, to } = event.data as { from?: unknown; to?: unknown };
  if (event.kind === 'created') return t('timeline.created', { actor });
  if (event.kind === 'reopened') return t('timeline.reopened', { actor, from: value(from), to: value(to) });
  const fieldKey = `timeline.field.${event.kind}` as MessageKey;
  const field = t(fieldKey) === fieldKey ? event.kind : t(fieldKey);
  const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  if (empty(from)) return t('timeline.set', { actor, field, to: value(to) });
  if (empty(to)) return t('timeline.cleared', { actor, field, from: value(from) });
  return t('timeline.changed', { actor, field, from: value(from), to: value(to) });
}

export function TicketTimeline({ events, users, groups }: { events: TimelineEvent[]; users: User[]; groups: Group[] }) {
  const { t } = useI18n();
  if (events.length === 0) return <Empty description={t('timeline.empty')} />;

  const items = events.map((event) => {
    if (event.kind === 'reply' || event.kind === 'note') {
      const note = event.kind === 'note';
      return {
        key: event.id,
        color: note ? 'gold' : 'blue',
        icon: note ? <LockOutlined style={{ color: '#d48806' }} /> : <MessageOutlined style={{ color: '#0f7b8a' }} />,
        content: (
          <div data-testid={`event-${event.kind}`}>
            <div className="kefu-bubble-meta">
              <Typography.Text strong>{event.actorName ?? t('common.system')}</Typography.Text>
              <span>{t(note ? 'composer.noteBadge' : 'composer.replyBadge')}</span>
              {event.data?.progress === true && (
                <Tag color="purple" variant="outlined">
                  {t('timeline.progress')}
                </Tag>
              )}
              <When at={event.at} />
            </div>
            <div className={`kefu-bubble ${note ? 'kefu-bubble-note' : 'kefu-bubble-reply'}`}>{event.body}</div>
          </div>
        ),
      };
    }
    if (event.kind === 'customer_message') {
      const d = event.data as { channel?: string; from?: string; subject?: string };
      return {
        key: event.id,
        color: 'orange',
        icon: <MailOutlined style={{ color: '#d46b08' }} />,
        content: (
          <div data-testid="event-customer_message">
            <div className="kefu-bubble-meta">
              <Typography.Text strong>{d.from ?? t('timeline.customer')}</Typography.Text>
              <span>{t('timeline.customerMessage', { channel: enumLabel(t, 'channel', d.channel) })}</span>
              <When at={event.at} />
            </div>
            <div className="kefu-bubble kefu-bubble-customer">{event.body}</div>
          </div>
        ),
      };
    }
    const sent = sentItem(t, event);
    if (sent) return sent;
    if (event.kind === 'call') return callItem(t, event);
    if (event.kind === 'after_sale') return afterSaleItem(t, event);
    if (event.kind === 'task') return taskItem(t, event);
    const sla = slaTimelineItem(t, event);
    if (sla) return sla;
    if (event.kind === 'attachment') {
      const files = event.attachments.length ? event.attachments : [];
      return {
        key: event.id,
        color: 'gray',
        icon: <FileOutlined />,
        content: (
          <div className="kefu-event" data-testid="event-attachment">
            {t('timeline.attachment', { actor: event.actorName ?? t('common.system') })}
            <When at={event.at} />
            <div>
              <Space wrap>
                {files.map((f) => (
                  <a key={f.id} href={`/api/attachments/${f.id}`} download={f.filename}>
                    <FileOutlined /> {f.filename} <span className="kefu-muted">({bytes(f.size)})</span>
                  </a>
                ))}
              </Space>
            </div>
          </div>
        ),
      };
    }
    return {
      key: event.id,
      color: event.kind === 'status' || event.kind === 'reopened' ? 'green' : 'gray',
      content: (
        <div className="kefu-event" data-testid={`event-${event.kind}`}>
          {describeChange(t, event, users, groups)}
          <When at={event.at} />
        </div>
      ),
    };
  });

  return <Timeline items={items} />;
}

type Item = { key: string; color: string; icon?: React.ReactNode; content: React.ReactNode };

/** "来电 · 通话 3分20秒 · 138****1111 · 录音" or "未接来电", with the agent's note for a call logged by hand. */
function callItem(t: Translate, event: TimelineEvent): Item {
  const d = event.data as {
    direction?: 'in' | 'out';
    to?: string;
    state?: 'answered' | 'missed';
    durationSeconds?: number | null;
    recordingUrl?: string | null;
  };
  const missed = d.state === 'missed';
  const seconds = d.durationSeconds ?? 0;
  const talk = t('timeline.call.talk', { m: Math.floor(seconds / 60), s: seconds % 60 });
  return {
    key: event.id,
    color: missed ? 'orange' : 'blue',
    icon: <PhoneOutlined style={{ color: missed ? '#d46b08' : '#0f7b8a' }} />,
    content: (
      <div className="kefu-event" data-testid="event-call" data-state={d.state}>
        <strong>{event.actorName ?? t('common.system')}</strong>{' '}
        {t(`timeline.call.${d.direction === 'in' ? 'in' : 'out'}${missed ? 'Missed' : ''}`, { to: d.to ?? '' })}
        {!missed && <> · {talk}</>}
        {d.recordingUrl && (
          <>
            {' · '}
            <a href={d.recordingUrl} target="_blank" rel="noreferrer noopener">
              {t('timeline.call.recording')}
            </a>
          </>
        )}
        <When at={event.at} />
        <Body text={event.body} />
      </div>
    ),
  };
}

const SENT_KINDS = { email_sent: 'email', sms_sent: 'sms', email_failed: 'email', sms_failed: 'sms' } as const;

/** "已发送邮件至 chen@…" / "短信发送失败（138****5678）：原因" — what kefu sent the shopper on the ticket's behalf. */
function sentItem(t: Translate, event: TimelineEvent): Item | null {
  const channel = SENT_KINDS[event.kind as keyof typeof SENT_KINDS];
  if (!channel) return null;
  const d = event.data as { to?: string; reason?: string };
  const failed = event.kind.endsWith('_failed');
  return {
    key: event.id,
    color: failed ? 'red' : 'gray',
    content: (
      <div className={`kefu-event${failed ? ' kefu-danger' : ''}`} data-testid={`event-${event.kind}`}>
        {failed ? t(`timeline.${channel}Failed`, { to: d.to ?? '', reason: d.reason ?? '' }) : t(`timeline.${channel}Sent`, { to: d.to ?? '' })}
        <When at={event.at} />
      </div>
    ),
  };
}

function Body({ text, tone }: { text: string | null; tone?: 'note' | 'reply' }) {
  if (!text) return null;
  return <div className={`kefu-bubble kefu-bubble-${tone ?? 'note'} kefu-bubble-compact`}>{text}</div>;
}

/** "李主管 · 售后 退货退款：待主管审批 → 已批准", the request itself, its plan, and deadlines missed (in red). */
function afterSaleItem(t: Translate, event: TimelineEvent): Item {
  const d = event.data as { kind?: string; from?: string; to?: string; override?: boolean; amountFen?: number; overdue?: string[]; plan?: boolean };
  const actor = event.actorName ?? t('common.system');
  const kind = enumLabel(t, 'afterSaleKind', d.kind);
  const icon = <SafetyCertificateOutlined style={{ color: '#0f7b8a' }} />;
  if (d.overdue?.length) {
    const what = d.overdue
      .map((o) => {
        const key = `as.overdue.${o}` as MessageKey;
        return t(key) === key ? o : t(key);
      })
      .join(t('common.separator'));
    return {
      key: event.id,
      color: 'red',
      icon: <WarningOutlined style={{ color: '#cf1322' }} />,
      content: (
        <div className="kefu-event kefu-danger" data-testid="event-after_sale" data-overdue="true">
          {t('timeline.afterSale.overdue', { what })}
          <When at={event.at} />
        </div>
      ),
    };
  }
  if (d.plan) {
    return {
      key: event.id,
      color: 'blue',
      icon,
      content: (
        <div className="kefu-event" data-testid="event-after_sale">
          {t('timeline.afterSale.plan', { actor })}
          <When at={event.at} />
          <Body text={event.body} />
        </div>
      ),
    };
  }
  if (!d.from) {
    return {
      key: event.id,
      color: 'blue',
      icon,
      content: (
        <div className="kefu-event" data-testid="event-after_sale" data-to={d.to}>
          {t('timeline.afterSale.created', { actor, kind })}
          {typeof d.amountFen === 'number' && d.amountFen > 0 && <strong style={{ marginLeft: 6 }}>{yuan(d.amountFen)}</strong>}
          <When at={event.at} />
          <Body text={event.body} />
        </div>
      ),
    };
  }
  const bad = d.to === 'rejected' || d.to === 'cancelled';
  return {
    key: event.id,
    color: bad ? 'red' : d.to === 'approved' ? 'green' : 'blue',
    icon,
    content: (
      <div className="kefu-event" data-testid="event-after_sale" data-from={d.from} data-to={d.to}>
        {t('timeline.afterSale.moved', { actor, kind, from: enumLabel(t, 'afterSaleState', d.from), to: enumLabel(t, 'afterSaleState', d.to) })}
        {d.override && (
          <Tag color="orange" style={{ marginLeft: 6 }}>
            {t('timeline.afterSale.override')}
          </Tag>
        )}
        <When at={event.at} />
        <Body text={event.body} />
      </div>
    ),
  };
}

/** "小美 发起协同任务 · 仓库：…", "仓库老张 · 协同任务 仓库：已完成" with the answer. */
function taskItem(t: Translate, event: TimelineEvent): Item {
  const d = event.data as { department?: string; title?: string; state?: string; from?: string };
  const actor = event.actorName ?? t('common.system');
  const department = enumLabel(t, 'department', d.department);
  const created = !d.from;
  return {
    key: event.id,
    color: d.state === 'done' ? 'green' : 'purple',
    icon: <ApartmentOutlined style={{ color: '#722ed1' }} />,
    content: (
      <div className="kefu-event" data-testid="event-task">
        {created
          ? t('timeline.task.created', { actor, department, title: d.title ?? '' })
          : t('timeline.task.moved', { actor, department, to: enumLabel(t, 'taskState', d.state) })}
        {!created && d.title && <span className="kefu-muted">（{d.title}）</span>}
        <When at={event.at} />
        <Body text={event.body} tone="reply" />
      </div>
    ),
  };
}
