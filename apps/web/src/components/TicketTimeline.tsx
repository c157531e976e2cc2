import { FileOutlined, LockOutlined, MessageOutlined } from '@ant-design/icons';
import { Empty, Space, Timeline, Tooltip, Typography } from 'antd';
import type { Group, TimelineEvent, User } from '../api.ts';
import { bytes, dateTime, fromNow } from '../format.ts';
import { enumLabel, useI18n, type MessageKey, type Translate } from '../i18n.ts';

/** Which dictionary prefix names the values of each kind of change. */
const ENUM_PREFIX: Record<string, string> = { status: 'status', reopened: 'status', priority: 'priority', category: 'category', severity: 'severity' };

function When({ at }: { at: string }) {
  return <Tooltip title={dateTime(at)}><span className="kefu-event-time">{fromNow(at)}</span></Tooltip>;
}

/** "小美 将状态从 新建 改为 处理中" and its siblings, for any change event. */
export function describeChange(t: Translate, event: TimelineEvent, users: User[], groups: Group[]): string {
  const actor = event.actor_name ?? t('common.system');
  const value = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('common.none');
    if (Array.isArray(v)) return v.length ? v.join(t('common.separator')) : t('common.none');
    const prefix = ENUM_PREFIX[event.kind];
    if (prefix) return enumLabel(t, prefix, String(v));
    if (event.kind === 'assignee') return users.find((u) => u.id === v)?.display_name ?? `#${String(v)}`;
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
              <Typography.Text strong>{event.actor_name ?? t('common.system')}</Typography.Text>
              <span>{t(note ? 'composer.noteBadge' : 'composer.replyBadge')}</span>
              <When at={event.at} />
            </div>
            <div className={`kefu-bubble ${note ? 'kefu-bubble-note' : 'kefu-bubble-reply'}`}>{event.body}</div>
          </div>
        ),
      };
    }
    if (event.kind === 'attachment') {
      const files = event.attachments.length ? event.attachments : [];
      return {
        key: event.id,
        color: 'gray',
        icon: <FileOutlined />,
        content: (
          <div className="kefu-event" data-testid="event-attachment">
            {t('timeline.attachment', { actor: event.actor_name ?? t('common.system') })}
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
