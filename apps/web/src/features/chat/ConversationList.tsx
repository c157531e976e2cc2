import { ChannelTag } from '../../shared/Tags.tsx';
import { CrownFilled } from '@ant-design/icons';
import { Badge, Button, Empty, Tabs, Tag, Tooltip } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { focusComposer, onFocusRequest } from './focus.ts';
import { formatDuration, secondsSince } from './logic.ts';
import { avatarColor, displayName, previewText } from './preview.ts';
import { PriorityTag } from './PriorityTag.tsx';
import { chatStore, sortedConversations, sortedQueue, unreadFor, type ChatState } from './store.ts';
import type { Conversation } from './types.ts';
import { useNow } from '../../shared/useNow.ts';

export function ConversationList({ s, onAccept }: { s: ChatState; onAccept(c: Conversation): void }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<'mine' | 'queue'>('mine');
  const listRef = useRef<HTMLDivElement>(null);
  const now = useNow(1000);
  const list = sortedConversations(s);
  const store = chatStore();

  useEffect(
    () =>
      onFocusRequest('list', () => {
        setTab('mine');
        setTimeout(() => (listRef.current?.querySelector<HTMLElement>('[aria-selected=true]') ?? listRef.current)?.focus(), 0);
      }),
    [],
  );
  useEffect(() => {
    if (tab !== 'queue') return;
    void store.refreshQueue();
    const id = setInterval(() => void store.refreshQueue(), 5000);
    return () => clearInterval(id);
  }, [tab, store]);

  function onListKey(e: React.KeyboardEvent) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const at = list.findIndex((c) => c.id === s.selectedId);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = list[Math.min(list.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (next) {
        store.select(next.id);
        setTimeout(() => listRef.current?.querySelector<HTMLElement>(`[data-conv="${next.id}"]`)?.focus(), 0);
      }
    } else if (e.key === 'Enter' && s.selectedId !== null) {
      e.preventDefault();
      focusComposer();
    }
  }

  const mine = (
    <div
      ref={listRef}
      className="kefu-conv-list"
      role="listbox"
      tabIndex={-1}
      onKeyDown={onListKey}
      aria-label={t('chat.mine')}
      data-testid="conv-list"
    >
      {list.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('chat.noConversations')} style={{ marginTop: 48 }} />}
      {list.map((c) => {
        const unread = unreadFor(s, c.id);
        const msgs = s.messages[c.id];
        const last = msgs?.findLast((m) => m.kind !== 'system') ?? msgs?.[msgs.length - 1];
        const wait = c.waitingSince && c.status !== 'closed' ? secondsSince(c.waitingSince, now) : null;
        // Late by the service-level policy: its clock breached (the `overdue` frame, or overdueAt when loaded).
        const late = wait !== null && (!!s.overdue[c.id] || !!c.overdueAt);
        const selected = c.id === s.selectedId;
        return (
          <div
            key={c.id}
            role="option"
            aria-selected={selected}
            tabIndex={selected ? 0 : -1}
            data-conv={c.id}
            data-testid="conv-item"
            className={`kefu-conv${selected ? ' is-selected' : ''}${c.status === 'closed' ? ' is-closed' : ''}`}
            onClick={() => {
              store.select(c.id);
              focusComposer();
            }}
          >
            <Badge count={unread} size="small" offset={[-4, 4]}>
              <span className="kefu-avatar" style={{ background: avatarColor(c.id) }}>
                {displayName(t, c).slice(0, 1)}
              </span>
            </Badge>
            <div className="kefu-conv-main">
              <div className="kefu-conv-top">
                <span className="kefu-conv-name">{displayName(t, c)}</span>
                {c.vip && (
                  <Tooltip title="VIP">
                    <CrownFilled className="kefu-vip" />
                  </Tooltip>
                )}
                {c.channel !== 'web' && <ChannelTag channel={c.channel} />}
                <PriorityTag priority={c.priority} />
                <span className="kefu-conv-spacer" />
                {wait !== null && (
                  <Tooltip title={t('chat.waiting')}>
                    <span className={`kefu-wait${late ? ' is-late' : ''}`} data-testid="conv-wait">
                      {formatDuration(wait)}
                    </span>
                  </Tooltip>
                )}
                {c.status === 'closed' && <span className="kefu-muted kefu-small">{t('chat.closedShort')}</span>}
              </div>
              <div className={`kefu-conv-preview${unread ? ' is-unread' : ''}`}>
                {s.typingUntil[c.id] ? (
                  <span className="kefu-typing-inline">{t('chat.typing')}</span>
                ) : (
                  previewText(t, last) || c.lastBody || '\u00a0'
                )}
              </div>
              {c.tags.length > 0 && (
                <div className="kefu-conv-tags">
                  {c.tags.slice(0, 3).map((tag) => (
                    <Tag key={tag} variant="filled">
                      {tag}
                    </Tag>
                  ))}
                </div>
              )}
            </div>
          </div>
        );
      })}
    </div>
  );

  const queue = (
    <div className="kefu-conv-list" data-testid="queue-list">
      {s.queue.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('chat.queueEmpty')} style={{ marginTop: 48 }} />}
      {sortedQueue(s.queue).map((c) => {
        const wait = secondsSince(c.waitingSince ?? c.createdAt, now);
        return (
          <div key={c.id} className="kefu-conv" data-testid="queue-item">
            <span className="kefu-avatar" style={{ background: avatarColor(c.id) }}>
              {displayName(t, c).slice(0, 1)}
            </span>
            <div className="kefu-conv-main">
              <div className="kefu-conv-top">
                <span className="kefu-conv-name">{displayName(t, c)}</span>
                {c.vip && <CrownFilled className="kefu-vip" />}
                {c.channel !== 'web' && <ChannelTag channel={c.channel} />}
                <PriorityTag priority={c.priority} />
                <span className="kefu-conv-spacer" />
                <span className={`kefu-wait${c.overdueAt || s.overdue[c.id] ? ' is-late' : ''}`}>{formatDuration(wait)}</span>
              </div>
              <div className="kefu-conv-preview">
                {c.groupName ?? t('chat.noGroup')}
                <Button
                  size="small"
                  type="primary"
                  ghost
                  style={{ float: 'right' }}
                  onClick={() => {
                    onAccept(c);
                    setTab('mine');
                  }}
                  data-testid="accept"
                >
                  {t('chat.accept')}
                </Button>
              </div>
            </div>
          </div>
        );
      })}
    </div>
  );

  return (
    <Tabs
      className="kefu-conv-tabs"
      activeKey={tab}
      onChange={(k) => setTab(k as 'mine' | 'queue')}
      size="small"
      items={[
        {
          key: 'mine',
          label: (
            <span>
              {t('chat.mine')} <span className="kefu-count">{list.filter((c) => store.isMine(c)).length}</span>
            </span>
          ),
          children: mine,
        },
        {
          key: 'queue',
          label: (
            <span data-testid="queue-tab">
              {t('chat.queue')} <Badge count={s.queue.length} size="small" color="#fa8c16" showZero={false} />
            </span>
          ),
          children: queue,
        },
      ]}
    />
  );
}
