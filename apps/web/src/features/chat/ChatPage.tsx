import { CommentOutlined, DisconnectOutlined } from '@ant-design/icons';
import { App } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { ConversationList } from './ConversationList.tsx';
import { ConversationPane } from './ConversationPane.tsx';
import { CustomerPanel } from './CustomerPanel.tsx';
import { focusComposer, focusList } from './focus.ts';
import { askNotificationPermission, unlockAudio } from './notify.ts';
import { QuickReplyDrawer } from './QuickReplyDrawer.tsx';
import { StatusSwitch } from './StatusSwitch.tsx';
import { chatStore, sortedConversations, useChat } from './store.ts';

/** 在线会话: conversations on the left, the chat in the middle, the customer's file on the right. */
export function ChatPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const s = useChat();
  const store = chatStore();
  const [scripts, setScripts] = useState(false);
  const selected = s.selectedId !== null ? s.conversations[s.selectedId] : undefined;
  const active = Object.values(s.conversations).filter((c) => store.isMine(c)).length;

  useEffect(() => store.openWorkspace(), [store]);

  useEffect(() => {
    askNotificationPermission();
    const unlock = () => unlockAudio();
    window.addEventListener('pointerdown', unlock, { once: true });
    window.addEventListener('keydown', unlock, { once: true });
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, []);

  useEffect(() => {
    if (s.lastError) message.error(t('chat.serverError', { code: s.lastError.code, message: s.lastError.message }));
  }, [s.lastError, message, t]);

  // Alt/Ctrl+↑/↓ move between conversations; Esc goes back to the list.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as Element | null;
      if (target?.closest?.('.ant-modal, .ant-drawer, .ant-select-dropdown, .ant-dropdown, .ant-image-preview')) return;
      if ((e.altKey || e.ctrlKey) && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
        e.preventDefault();
        const list = sortedConversations(store.state);
        if (!list.length) return;
        const at = list.findIndex((c) => c.id === store.state.selectedId);
        const next = at < 0 ? list[0]! : list[(at + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length]!;
        store.select(next.id);
        focusComposer();
      } else if (e.key === 'Escape' && !e.defaultPrevented) {
        focusList();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  const offline = s.connection !== 'open' && (s.connectedOnce || s.connection === 'closed');

  return (
    <div className="kefu-chat" data-testid="chat-page">
      {offline && (
        <div className="kefu-chat-banner" role="status" data-testid="reconnecting">
          <DisconnectOutlined /> {t('chat.reconnecting')}
        </div>
      )}
      <div className="kefu-chat-cols">
        <nav className="kefu-chat-left">
          <div className="kefu-chat-left-head">
            <span className="kefu-chat-left-title">{t('nav.chat')}</span>
            <StatusSwitch agent={s.agent} active={active} disabled={s.connection !== 'open'} />
          </div>
          <ConversationList
            s={s}
            onAccept={(c) => {
              if (!store.accept(c.id)) message.warning(t('chat.notConnected'));
            }}
          />
        </nav>
        {selected ? (
          <ConversationPane s={s} c={selected} onManageScripts={() => setScripts(true)} />
        ) : (
          <section className="kefu-chat-main kefu-chat-empty">
            <CommentOutlined style={{ fontSize: 40, color: '#c5d3d6' }} />
            <div>{t(active ? 'chat.pick' : 'chat.nothing')}</div>
            <div className="kefu-muted kefu-small">{t('chat.keys')}</div>
          </section>
        )}
        {selected ? <CustomerPanel c={selected} /> : <aside className="kefu-chat-side" />}
      </div>
      <QuickReplyDrawer open={scripts} onClose={() => setScripts(false)} replies={s.quickReplies} />
    </div>
  );
}
