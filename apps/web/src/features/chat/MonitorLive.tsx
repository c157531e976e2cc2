import { EyeOutlined, LockOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Flex, Input, Popconfirm, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { mergeMessages } from './logic.ts';
import { MessageList } from './MessageList.tsx';
import { displayName } from './preview.ts';
import { chatStore } from './store.ts';
import type { ChatMessage, Conversation, MessageList as MessageListAnswer } from './types.ts';

/**
 * 会话监控 → 旁听: one conversation, live and read-only (`watch`: its messages come as `monitored` frames, notes
 * included); a whisper is an internal note its agent sees and its shopper never does; take over moves it to the
 * supervisor (its agent gets the system line).
 */
export function MonitorLive({ conversation: c, onClose }: { conversation: Conversation | null; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [loading, setLoading] = useState(false);
  const [whisper, setWhisper] = useState('');
  const id = c?.id ?? null;

  useEffect(() => {
    if (id === null) return;
    const store = chatStore();
    setMessages([]);
    setLoading(true);
    const watch = () => store.command({ type: 'watch', conversationId: id });
    // Watching first, then the history: a message between the two comes live and is merged by seq.
    const off = store.tap((f) => {
      if (f.type === 'welcome') watch();
      if (f.type === 'monitored' && f.conversationId === id) {
        const { type: _type, ...m } = f;
        setMessages((all) => mergeMessages(all, [m]));
      }
    });
    void store.ready().then(watch, () => message.warning(t('chat.notConnected')));
    api
      .get<MessageListAnswer>(`/api/conversations/${id}/messages`, { afterSeq: 0 })
      .then((r) => setMessages((all) => mergeMessages(all, r.messages)))
      .catch(() => {})
      .finally(() => setLoading(false));
    return () => {
      off();
      store.command({ type: 'watch', conversationId: null });
    };
  }, [id, message, t]);

  function sendWhisper() {
    const body = whisper.trim();
    if (!body || id === null) return;
    if (chatStore().command({ type: 'send', conversationId: id, clientId: crypto.randomUUID(), kind: 'note', body })) {
      setWhisper('');
      message.success(t('chat.monitor.whispered'));
    } else message.warning(t('chat.notConnected'));
  }

  function takeOver() {
    if (id === null) return;
    if (!chatStore().command({ type: 'take_over', conversationId: id })) return void message.warning(t('chat.notConnected'));
    message.success(t('chat.monitor.takenOver'));
    onClose();
    navigate('/chat');
  }

  return (
    <Drawer
      open={c !== null}
      onClose={onClose}
      width={560}
      destroyOnHidden
      title={
        c && (
          <Flex align="center" gap={8}>
            <EyeOutlined />
            <span>{displayName(t, c)}</span>
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {c.agentName ?? t('chat.queue')}
            </Typography.Text>
            <Tag color="processing">{t('chat.monitor.live')}</Tag>
          </Flex>
        )
      }
      extra={
        <Popconfirm title={t('chat.monitor.takeOverConfirm')} onConfirm={takeOver}>
          <Button type="primary" icon={<UserSwitchOutlined />} data-testid="monitor-take-over">
            {t('chat.monitor.takeOver')}
          </Button>
        </Popconfirm>
      }
      styles={{ body: { display: 'flex', flexDirection: 'column', padding: 0 } }}
      data-testid="monitor-live"
    >
      <div style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', background: '#f5f7f8' }}>
        <MessageList messages={messages} pending={[]} shopperRead={c?.shopperReadSeq ?? 0} loading={loading} typing={false} typingName="" />
      </div>
      <div className="kefu-composer is-note" style={{ borderTop: '1px solid #f0e6c0' }}>
        <Typography.Text type="secondary" className="kefu-small">
          <LockOutlined /> {t('chat.monitor.whisper')}
        </Typography.Text>
        <Input.TextArea
          value={whisper}
          onChange={(e) => setWhisper(e.target.value)}
          onPressEnter={(e) => {
            if (!e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              sendWhisper();
            }
          }}
          autoSize={{ minRows: 2, maxRows: 5 }}
          maxLength={2000}
          style={{ marginTop: 6 }}
          data-testid="monitor-whisper"
        />
        <Flex justify="flex-end" style={{ marginTop: 6 }}>
          <Button className="kefu-note-btn" type="primary" size="small" icon={<LockOutlined />} onClick={sendWhisper} disabled={!whisper.trim()}>
            {t('chat.monitor.whisperSend')}
          </Button>
        </Flex>
      </div>
    </Drawer>
  );
}
