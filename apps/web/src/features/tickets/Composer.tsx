import { LockOutlined, MessageOutlined, PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Input, Space, Tabs, Upload } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api.ts';
import { errorText } from '../../shared/errors.ts';
import { useI18n } from '../../i18n.ts';
import { ComposerSuggestions } from '../chat/ComposerSuggestions.tsx';
import { ComposerWarning } from '../chat/ComposerWarning.tsx';
import { findForbidden, placeholderRanges, type Variables } from '../chat/logic.ts';
import { QuickReplyDrawer } from '../chat/QuickReplyDrawer.tsx';
import { QuickReplyPopup } from '../chat/QuickReplyPopup.tsx';
import { forbiddenReplyText } from '../quality/qualityText.ts';
import { useQuickReplyPicker, useScripts, useTicketSuggestions } from './replyAids.ts';
import type { Replied } from './useCollision.ts';

type Kind = 'reply' | 'note';

export interface ComposerCollision {
  /** Someone else replied to the customer (from the ticket's collision frames). */
  replied: Replied | null;
  clearReplied(): void;
  typing(): void;
  sent(): void;
}

/**
 * Reply to the customer or leave an internal note (yellow, staff only); attach files. As in chat: quick replies ("/"
 * or the button), the knowledge's suggested answers, forbidden phrases marked before sending; and a warning when
 * someone else replied while this reply was being written.
 */
export function Composer({
  ticketId,
  canReply,
  onSent,
  vars,
  question,
  collision,
  onReview,
}: {
  ticketId: number;
  canReply: boolean;
  onSent(kind: Kind | 'attachment'): void;
  vars: Variables;
  /** What the customer asks: the suggestions are for it. */
  question: string;
  collision: ComposerCollision;
  /** Show the timeline again (someone else's reply to review). */
  onReview(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const chat = useScripts(canReply);
  const [kind, setKind] = useState<Kind>(canReply ? 'reply' : 'note');
  const [drafts, setDrafts] = useState<Record<Kind, string>>({ reply: '', note: '' });
  const [sending, setSending] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [managing, setManaging] = useState(false);
  const [overtaken, setOvertaken] = useState<Replied | null>(null);
  const input = useRef<HTMLTextAreaElement | null>(null);
  const text = drafts[kind];
  const setText = (v: string) => setDrafts((d) => ({ ...d, [kind]: v }));
  const picker = useQuickReplyPicker(text, setText, vars, chat.quickReplies, input);
  const suggested = useTicketSuggestions(canReply ? question : '');
  const hits = useMemo(() => (kind === 'reply' ? findForbidden(text, chat.forbidden) : []), [kind, text, chat.forbidden]);
  const holes = useMemo(() => placeholderRanges(text), [text]);

  // Someone else replied while a reply was being written here: warn before this one goes (it may repeat or contradict).
  const { replied, clearReplied } = collision;
  const writing = drafts.reply.trim() !== '';
  useEffect(() => {
    if (!replied) return;
    if (writing) setOvertaken(replied);
    clearReplied();
  }, [replied, writing, clearReplied]);

  async function send(force = false) {
    const body = text.trim();
    if (!body) {
      message.warning(t('composer.empty'));
      return;
    }
    if (kind === 'reply' && overtaken && !force) return;
    setSending(true);
    try {
      await api.post(`/api/tickets/${ticketId}/messages`, { kind, body });
      setText('');
      if (kind === 'reply') {
        setOvertaken(null);
        collision.sent();
      }
      message.success(t(kind === 'reply' ? 'composer.sent' : 'composer.noted'));
      onSent(kind);
    } catch (err) {
      message.error(forbiddenReplyText(t, err) ?? errorText(t, err));
    } finally {
      setSending(false);
    }
  }

  async function upload(file: File) {
    setUploading(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      await api.post(`/api/tickets/${ticketId}/attachments`, form);
      message.success(t('composer.uploaded', { name: file.name }));
      onSent('attachment');
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setUploading(false);
    }
  }

  const tabs = [
    ...(canReply
      ? [
          {
            key: 'reply',
            label: (
              <Space size={4}>
                <SendOutlined />
                {t('composer.reply')}
              </Space>
            ),
          },
        ]
      : []),
    {
      key: 'note',
      label: (
        <Space size={4}>
          <LockOutlined />
          {t('composer.note')}
        </Space>
      ),
    },
  ];
  const showSuggestions = kind === 'reply' && !text && suggested && suggested.items.length > 0;

  return (
    <Card size="small" styles={{ body: { paddingTop: 0 } }} data-testid="ticket-composer">
      <Tabs activeKey={kind} onChange={(k) => setKind(k as Kind)} items={tabs} />
      {kind === 'reply' && overtaken && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="collision-replied"
          message={t('collision.replied', { name: overtaken.name })}
          description={t('collision.repliedHint', { name: overtaken.name })}
          action={
            <Space orientation="vertical" size={4}>
              <Button size="small" type="primary" onClick={onReview}>
                {t('collision.review')}
              </Button>
              <Button size="small" danger onClick={() => void send(true)} data-testid="collision-send-anyway">
                {t('collision.sendAnyway')}
              </Button>
            </Space>
          }
        />
      )}
      {showSuggestions && <ComposerSuggestions suggested={suggested} disabled={false} onTake={picker.take} onSendProduct={() => {}} />}
      <div className={kind === 'note' ? 'kefu-composer-note' : undefined} style={{ position: 'relative' }}>
        {picker.query !== null && (
          <QuickReplyPopup
            matches={picker.matches}
            index={picker.index}
            vars={vars}
            onPick={picker.pick}
            onHover={picker.setIndex}
            onManage={() => {
              picker.close();
              setManaging(true);
            }}
            search={picker.search}
          />
        )}
        <Input.TextArea
          data-testid="composer-input"
          ref={(el) => {
            input.current = el?.resizableTextArea?.textArea ?? null;
          }}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (kind === 'reply') collision.typing();
          }}
          onKeyDown={(e) => {
            if (e.nativeEvent.isComposing || picker.keys(e)) return;
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send();
          }}
          placeholder={t(kind === 'reply' ? 'composer.replyPlaceholder' : 'composer.notePlaceholder')}
          autoSize={{ minRows: 3, maxRows: 10 }}
          maxLength={20000}
        />
      </div>
      {(hits.length > 0 || holes.length > 0) && <ComposerWarning text={text} hits={hits} holes={holes} confirming={false} />}
      <Flex justify="space-between" align="center" style={{ marginTop: 10 }}>
        <Space>
          <Upload
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<PaperClipOutlined />} loading={uploading}>
              {t('composer.attach')}
            </Button>
          </Upload>
          <Button icon={<MessageOutlined />} onClick={picker.open} data-testid="composer-quick-replies">
            {t('composer.quickReplies')}
          </Button>
        </Space>
        <Button
          data-testid="composer-send"
          type="primary"
          icon={kind === 'reply' ? <SendOutlined /> : <LockOutlined />}
          loading={sending}
          disabled={kind === 'reply' && !!overtaken}
          onClick={() => void send()}
          style={kind === 'note' ? { background: '#d48806' } : undefined}
        >
          {t(kind === 'reply' ? 'composer.sendReply' : 'composer.saveNote')}
        </Button>
      </Flex>
      <QuickReplyDrawer open={managing} onClose={() => setManaging(false)} replies={chat.quickReplies} />
    </Card>
  );
}
